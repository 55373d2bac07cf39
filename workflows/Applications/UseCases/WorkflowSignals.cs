using Grants.Workflows.Access;
using Grants.Workflows.Orchestration;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Grants.Workflows.Applications;

/// <summary>
/// How use cases tell an application's workflows what people did: start the workflow, claim a decision, raise an event.
/// Made per request with the durable client of that request.
/// </summary>
public sealed class WorkflowSignals(DurableTaskClient durable, ApplicationStore applications, ProgramCatalog programs, ApplicationAccess access, WorkflowOptions workflowOptions, TimeProvider clock)
{
    static readonly TimeSpan AwardStartWait = TimeSpan.FromSeconds(20);

    /// <summary>Whether the application's workflow exists (a submit that stored its status may have crashed before starting it).</summary>
    public async Task<bool> WorkflowStartedAsync(Application application, CancellationToken cancellationToken) =>
        await durable.GetInstanceAsync(application.InstanceId, cancellationToken) is not null;

    public async Task StartWorkflowAsync(Application application, CancellationToken cancellationToken)
    {
        var program = await programs.FindAsync(application.ProgramId, application.ProgramVersion, cancellationToken)
            ?? throw new InvalidOperationException($"Program {application.ProgramId} v{application.ProgramVersion} is missing.");
        await durable.ScheduleNewOrchestrationInstanceAsync(nameof(ApplicationWorkflow), ApplicationWorkflowInput.For(application, program, workflowOptions), new StartOrchestrationOptions(application.InstanceId), cancellationToken);
    }

    /// <summary>
    /// Claims the decision (or withdrawal) for the application's current submission with a write guarded by the ETag the
    /// access check read it with (read again only when someone saved it since), then tells the workflow. Of concurrent
    /// requests exactly one claims it; the others learn who did, and when. The workflow acts on the claim on the record, so
    /// a repeated event changes nothing and one lost in a crash is found when the workflow wakes.
    /// </summary>
    public async Task<(Application? Application, Problem? Problem)> ClaimAsync(Stored<Application> read, ProgramStates states, WorkflowEvent workflowEvent, CancellationToken cancellationToken)
    {
        var claim = new DecisionClaim(ApplicationIds.NewStepKey(), read.Value.SubmissionCount, workflowEvent);
        var withdrawal = workflowEvent.Kind == WorkflowEventKind.Withdraw;
        var saved = await applications.ClaimAsync(read, a =>
            a.SubmissionCount != claim.Submission || ApplicationAccess.ClaimOf(a) is not null ? a
            : a.Status == ApplicationStatus.AwaitingApproval || (withdrawal && a.Status == ApplicationStatus.AwaitingEndorsement) ? a with { Claim = claim, UpdatedAt = workflowEvent.At }
            : withdrawal && a.Status == ApplicationStatus.Submitted && a.Apply(ApplicationStep.Withdraw, Party.Applicant, states).Value is { } withdrawn ? withdrawn with { Claim = claim, UpdatedAt = workflowEvent.At }
            : a, cancellationToken);
        var current = saved.Value;
        if (current.Claim?.Id != claim.Id)
        {
            if (ApplicationAccess.ClaimOf(current) is { } earlier && current.Status is ApplicationStatus.AwaitingApproval or ApplicationStatus.AwaitingEndorsement)
            {
                // The claim may be one whose event a crash lost: tell the workflow again; it acts on the claim once.
                await durable.RaiseEventAsync(current.InstanceId, ApplicationWorkflow.EventName, WorkflowEvent.Telling(earlier), cancellationToken);
            }

            return (null, await access.AlreadyDecidedAsync(current, cancellationToken));
        }

        await durable.RaiseEventAsync(current.InstanceId, ApplicationWorkflow.EventName, WorkflowEvent.Telling(current.Claim), cancellationToken);
        return (current, null);
    }

    public async Task<Problem?> RaiseAsync(Application application, WorkflowEvent workflowEvent, CancellationToken cancellationToken)
    {
        await durable.RaiseEventAsync(application.InstanceId, ApplicationWorkflow.EventName, workflowEvent, cancellationToken);
        return null;
    }

    /// <summary>
    /// Raises an event into the award of an approved application. The award starts a moment after the approval is
    /// recorded, and an event raised to an instance that does not exist yet would be dropped, so this waits for it.
    /// </summary>
    public async Task<Problem?> RaiseAwardAsync(Application application, AwardEvent awardEvent, CancellationToken cancellationToken)
    {
        var instanceId = AwardWorkflow.InstanceIdFor(application.Id);
        var deadline = clock.GetUtcNow() + AwardStartWait;
        while (await durable.GetInstanceAsync(instanceId, cancellationToken) is null)
        {
            if (clock.GetUtcNow() > deadline)
            {
                return Problem.Conflict("The approved application is still being set up for payment. Try again in a minute.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        await durable.RaiseEventAsync(instanceId, AwardWorkflow.EventName, awardEvent, cancellationToken);
        return null;
    }
}
