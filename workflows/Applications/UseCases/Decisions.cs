using Grants.Workflows.Access;
using Grants.Workflows.Orchestration;

namespace Grants.Workflows.Applications;

/// <summary>
/// An approver approves, rejects or returns an application. Exactly one of concurrent decisions is claimed and passed to
/// the waiting workflow, which reserves budget and pays on approval.
/// </summary>
public sealed class Decisions(ApplicationAccess access, WorkflowSignals signals, TimeProvider clock)
{
    static readonly Dictionary<string, WorkflowEventKind> Choices = new()
    {
        ["approve"] = WorkflowEventKind.Approve, ["reject"] = WorkflowEventKind.Reject, ["return"] = WorkflowEventKind.Return,
    };

    public async Task<Outcome<Application>> DecideAsync(Actor actor, string id, DecisionRequest request, CancellationToken cancellationToken = default)
    {
        var answer = PersonAnswer.Read(request.Decision, request.Comment, Choices, "Decide with approve, reject or return.");
        if (!answer.Succeeded)
        {
            return answer.Problem!;
        }

        var (kind, comment) = answer.Value!;
        if (kind != WorkflowEventKind.Approve && comment.Length == 0)
        {
            return Problem.Invalid("comment", "Tell the applicant why: a comment is required to reject or return.");
        }

        // The claim is saved under the read's ETag, so the application as this process last saw it serves as that read.
        return await access.ActOnRecentAsync(actor, id, ApplicationAction.Decide, "decide on", async (stored, program) =>
            (await signals.ClaimAsync(stored, program.States, new WorkflowEvent(kind, actor.Id, comment, clock.GetUtcNow()), cancellationToken)).Problem,
            cancellationToken);
    }
}
