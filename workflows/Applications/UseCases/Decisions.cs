using Grants.Workflows.Access;
using Grants.Workflows.Orchestration;

namespace Grants.Workflows.Applications;

/// <summary>
/// An approver approves, rejects or returns an application. Exactly one of concurrent decisions is claimed and passed to
/// the waiting workflow, which reserves budget and pays on approval.
/// </summary>
public sealed class Decisions(ApplicationAccess access, WorkflowSignals signals, TimeProvider clock)
{
    public async Task<Outcome<Application>> DecideAsync(Actor actor, string id, DecisionRequest request, CancellationToken cancellationToken = default)
    {
        WorkflowEventKind? kind = request.Decision?.Trim().ToLowerInvariant() switch
        {
            "approve" => WorkflowEventKind.Approve,
            "reject" => WorkflowEventKind.Reject,
            "return" => WorkflowEventKind.Return,
            _ => null,
        };
        var comment = DraftValidation.Clean(request.Comment);
        if (kind is null)
        {
            return Problem.Invalid("decision", "Decide with approve, reject or return.");
        }

        if (comment.Length > DraftValidation.MaxText)
        {
            return Problem.Invalid("comment", $"At most {DraftValidation.MaxText} characters.");
        }

        if (kind != WorkflowEventKind.Approve && comment.Length == 0)
        {
            return Problem.Invalid("comment", "Tell the applicant why: a comment is required to reject or return.");
        }

        return await access.ActAsync(actor, id, ApplicationAction.Decide, "decide on", async (application, _) =>
            (await signals.ClaimAsync(application, new WorkflowEvent(kind.Value, actor.Id, comment, clock.GetUtcNow()), cancellationToken)).Problem,
            cancellationToken);
    }
}
