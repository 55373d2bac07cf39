using Grants.Workflows.Access;
using Grants.Workflows.Orchestration;

namespace Grants.Workflows.Applications;

/// <summary>A supervisor or host researcher endorses an application (or declines to); the answer goes to the waiting workflow.</summary>
public sealed class Endorsements(ApplicationAccess access, WorkflowSignals signals, TimeProvider clock)
{
    public async Task<Outcome<Application>> EndorseAsync(Actor actor, string id, EndorsementRequest request, CancellationToken cancellationToken = default)
    {
        WorkflowEventKind? kind = request.Decision?.Trim().ToLowerInvariant() switch
        {
            "endorse" => WorkflowEventKind.Endorse,
            "decline" => WorkflowEventKind.DeclineEndorsement,
            _ => null,
        };
        var comment = DraftValidation.Clean(request.Comment);
        if (kind is null)
        {
            return Problem.Invalid("decision", "Answer with endorse or decline.");
        }

        if (comment.Length > DraftValidation.MaxText)
        {
            return Problem.Invalid("comment", $"At most {DraftValidation.MaxText} characters.");
        }

        return await access.ActAsync(actor, id, ApplicationAction.Endorse, "endorse", async (application, _) =>
            ApplicationAccess.ClaimOf(application) is not null
                ? await access.AlreadyDecidedAsync(application, cancellationToken)
                : await signals.RaiseAsync(application, new WorkflowEvent(kind.Value, actor.Id, comment, clock.GetUtcNow()), cancellationToken),
            cancellationToken);
    }
}
