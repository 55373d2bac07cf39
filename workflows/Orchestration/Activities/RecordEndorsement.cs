using Grants.Workflows.Applications;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>Records the endorsement on the application before it goes to approval.</summary>
public sealed class RecordEndorsement(ApplicationStore applications, AuditTrail audit) : TaskActivity<OutcomeInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, OutcomeInput input)
    {
        await applications.UpdateAsync(input.ApplicationId, a => a.SubmissionCount == input.Submission && a.Endorsement?.At != input.Event.At
            ? a with { Endorsement = new Endorsement(input.Event.ActorId, input.Event.Comment, input.Event.At), UpdatedAt = input.At }
            : a);
        await audit.AppendAsync(input.ApplicationId, $"s{input.Submission}-endorsed", new AuditEntry(input.Event.At, input.Event.ActorId, "endorsed", input.Event.Comment));
        return true;
    }
}
