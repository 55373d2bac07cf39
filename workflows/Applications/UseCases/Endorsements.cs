using Grants.Workflows.Access;
using Grants.Workflows.Orchestration;

namespace Grants.Workflows.Applications;

/// <summary>A supervisor or host researcher endorses an application (or declines to); the answer goes to the waiting workflow.</summary>
public sealed class Endorsements(ApplicationAccess access, WorkflowSignals signals, TimeProvider clock)
{
    static readonly Dictionary<string, WorkflowEventKind> Choices = new()
    {
        ["endorse"] = WorkflowEventKind.Endorse, ["decline"] = WorkflowEventKind.DeclineEndorsement,
    };

    public async Task<Outcome<Application>> EndorseAsync(Actor actor, string id, EndorsementRequest request, CancellationToken cancellationToken = default)
    {
        var answer = PersonAnswer.Read(request.Decision, request.Comment, Choices, "Answer with endorse or decline.");
        if (!answer.Succeeded)
        {
            return answer.Problem!;
        }

        var (kind, comment) = answer.Value!;
        return await access.ActAsync(actor, id, ApplicationAction.Endorse, "endorse", async (application, _) =>
            ApplicationAccess.ClaimOf(application) is not null
                ? await access.AlreadyDecidedAsync(application, cancellationToken)
                : await signals.RaiseAsync(application, new WorkflowEvent(kind, actor.Id, comment, clock.GetUtcNow()), cancellationToken),
            cancellationToken);
    }
}
