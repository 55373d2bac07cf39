using Grants.Workflows.Applications;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>Puts an eligible application in front of the supervisor or host researcher it names.</summary>
public sealed class RequestEndorsement(ApplicationStore applications, ProgramCatalog programs, AuditTrail audit) : TaskActivity<StepInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, StepInput input)
    {
        var read = await applications.RequireStoredAsync(input.ApplicationId);
        var states = (await programs.RequireAsync(read.Value)).States;
        var saved = await applications.ChangeAsync(read, a => a.SubmissionCount == input.Submission
            && a.Apply(ApplicationStep.RequestEndorsement, Party.System, states).Value is { } next
            ? next with { UpdatedAt = input.At }
            : a);
        var awaiting = saved.Value.Status == ApplicationStatus.AwaitingEndorsement;
        if (awaiting)
        {
            await audit.AppendAsync(input.ApplicationId, $"s{input.Submission}-endorsement-requested", new AuditEntry(input.At, "system", "endorsement-requested", $"Asked {saved.Value.EndorserId}."));
        }

        return awaiting;
    }
}
