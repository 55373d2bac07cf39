using Grants.Workflows.Applications;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>Puts an eligible application in front of the supervisor or host researcher it names.</summary>
public sealed class RequestEndorsement(ApplicationStore applications, AuditTrail audit) : TaskActivity<StepInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, StepInput input)
    {
        var saved = await applications.UpdateAsync(input.ApplicationId, a => a.Status == ApplicationStatus.Submitted && a.SubmissionCount == input.Submission
            ? a with { Status = ApplicationStatus.AwaitingEndorsement, UpdatedAt = input.At }
            : a);
        var awaiting = saved.Value.Status == ApplicationStatus.AwaitingEndorsement;
        if (awaiting)
        {
            await audit.AppendAsync(input.ApplicationId, $"s{input.Submission}-endorsement-requested", new AuditEntry(input.At, "system", "endorsement-requested", $"Asked {saved.Value.EndorserId}."));
        }

        return awaiting;
    }
}
