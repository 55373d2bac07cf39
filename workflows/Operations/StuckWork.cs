using System.Text.Json;
using Grants.Workflows.Access;
using Grants.Workflows.Applications;
using Grants.Workflows.Orchestration;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Grants.Workflows.Operations;

/// <summary>A workflow that failed, or that has not moved for longer than expected, with what it belongs to.</summary>
public sealed record StuckWorkflow(
    string InstanceId,
    string Workflow,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    string? Step,
    string? Failure,
    string? ApplicationId,
    string? ApplicationTitle,
    string? ApplicantName,
    string? ApplicationStatus,
    string? BatchId,
    IReadOnlyList<string> Repairs);

/// <summary>What an administrator asks of a stuck workflow.</summary>
public enum RepairAction
{
    /// <summary>Let the engine carry on from where it stopped: resume a suspended workflow, or rewind a failed one where the engine can.</summary>
    Resume,

    /// <summary>Start the workflow again from the application's stored state; every step that moves money is keyed to the application, so nothing is paid twice.</summary>
    Restart,
}

/// <summary>The body of a repair request.</summary>
public sealed record RepairRequest(RepairAction? Action);

/// <summary>
/// The administrator's view of workflows that need a person: the failed ones, and those running or waiting to start
/// that have not moved for longer than a threshold. A repair restarts an application's workflow (or its award) from
/// the stored application, so it never depends on the engine history that failed.
/// </summary>
public sealed class StuckWork(DurableTaskClient durable, ApplicationStore applications, ProgramCatalog programs, PeopleDirectory people, AuditTrail audit,
    WorkflowOptions workflowOptions, TimeProvider clock)
{
    /// <summary>How long an award may sleep by design: it wakes for each month's payment.</summary>
    static readonly TimeSpan AwardSleep = TimeSpan.FromDays(32);

    static readonly TimeSpan TerminationWait = TimeSpan.FromSeconds(60);

    public async Task<Outcome<IReadOnlyList<StuckWorkflow>>> ListAsync(Actor actor, TimeSpan olderThan, CancellationToken cancellationToken = default)
    {
        if (!actor.IsIn(Roles.Admin))
        {
            return Problem.Forbidden("Only administrators see and repair stuck workflows.");
        }

        var now = clock.GetUtcNow();
        var query = new OrchestrationQuery
        {
            Statuses = [OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Suspended],

            // The failure details come with the inputs and outputs.
            FetchInputsAndOutputs = true,
        };
        var stuck = new List<StuckWorkflow>();
        await foreach (var instance in durable.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            if (instance.RuntimeStatus != OrchestrationRuntimeStatus.Failed && now - instance.LastUpdatedAt < ExpectedQuiet(instance) + olderThan)
            {
                continue;
            }

            // A query may leave the failure out (the local runtime's engine does); reading the one instance brings it.
            var full = instance.RuntimeStatus == OrchestrationRuntimeStatus.Failed && instance.FailureDetails is null
                ? await durable.GetInstanceAsync(instance.InstanceId, getInputsAndOutputs: true, cancellationToken) ?? instance
                : instance;
            stuck.Add(await DescribeAsync(full, cancellationToken));
        }

        return stuck.OrderBy(w => w.LastUpdatedAt).ToList();
    }

    public async Task<Outcome<StuckWorkflow>> RepairAsync(Actor actor, string instanceId, RepairAction action, CancellationToken cancellationToken = default)
    {
        if (!actor.IsIn(Roles.Admin))
        {
            return Problem.Forbidden("Only administrators see and repair stuck workflows.");
        }

        var instance = await durable.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (instance is null)
        {
            return Problem.NotFound($"Workflow {instanceId}");
        }

        var repaired = action == RepairAction.Resume
            ? await ResumeAsync(instance, cancellationToken)
            : await RestartAsync(actor, instance, cancellationToken);
        if (repaired is not null)
        {
            return repaired;
        }

        var after = await durable.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        return await DescribeAsync(after ?? instance, cancellationToken);
    }

    async Task<Problem?> ResumeAsync(OrchestrationMetadata instance, CancellationToken cancellationToken)
    {
        switch (instance.RuntimeStatus)
        {
            case OrchestrationRuntimeStatus.Suspended:
                await durable.ResumeInstanceAsync(instance.InstanceId, "Resumed by an administrator.", cancellationToken);
                return null;
            case OrchestrationRuntimeStatus.Failed:
                try
                {
                    await durable.RewindInstanceAsync(instance.InstanceId, "Rewound by an administrator.", cancellationToken);
                    return null;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The local runtime's engine has no rewind (the gRPC sidecar does not implement it); Durable Functions in Azure does.
                    return Problem.Conflict($"The engine could not rewind this failed workflow ({e.Message}); restart it from the application instead.");
                }

            default:
                return Problem.Conflict($"The workflow is {Label(instance.RuntimeStatus)}; only a suspended or failed workflow can be resumed. Restart it from the application instead.");
        }
    }

    async Task<Problem?> RestartAsync(Actor actor, OrchestrationMetadata instance, CancellationToken cancellationToken)
    {
        var (applicationId, _) = Owner(instance.InstanceId);
        var stored = applicationId is null ? null : await applications.GetAsync(applicationId, cancellationToken);
        if (stored is null)
        {
            return Problem.Conflict("Only an application's workflow can be restarted here; a finance step is finished by repeating it from the finance screen.");
        }

        var application = stored.Value;
        var program = await programs.FindAsync(application.ProgramId, application.ProgramVersion, cancellationToken)
            ?? throw new InvalidOperationException($"Program {application.ProgramId} v{application.ProgramVersion} is missing.");
        var now = clock.GetUtcNow();
        switch (application.Status)
        {
            case ApplicationStatus.Submitted or ApplicationStatus.AwaitingEndorsement or ApplicationStatus.AwaitingApproval when instance.InstanceId == application.InstanceId:
                await StopAsync(instance, cancellationToken);
                await durable.ScheduleNewOrchestrationInstanceAsync(nameof(ApplicationWorkflow), ApplicationWorkflowInput.For(application, program, workflowOptions),
                    new StartOrchestrationOptions(application.InstanceId), cancellationToken);
                await audit.AppendAsync(application.Id, $"workflow-restarted-{now.ToUnixTimeMilliseconds()}",
                    new AuditEntry(now, actor.Id, "workflow-restarted", $"Workflow {instance.InstanceId} restarted from the application ({application.Status})."), cancellationToken);
                return null;
            case ApplicationStatus.Approved when AwardInputOf(application, program) is { } award
                && (instance.InstanceId == application.InstanceId || instance.InstanceId == AwardWorkflow.InstanceIdFor(application.Id)):
                var awardId = AwardWorkflow.InstanceIdFor(application.Id);
                if (await durable.GetInstanceAsync(awardId, cancellationToken) is { } running)
                {
                    await StopAsync(running, cancellationToken);
                }

                await durable.ScheduleNewOrchestrationInstanceAsync(nameof(AwardWorkflow), award, new StartOrchestrationOptions(awardId), cancellationToken);

                // The application's own workflow only waited for this award; its failed or orphaned run is not work any more.
                if (instance.InstanceId != awardId)
                {
                    await StopAsync(instance, cancellationToken);
                    await durable.PurgeInstanceAsync(instance.InstanceId, cancellation: cancellationToken);
                }

                await audit.AppendAsync(application.Id, $"workflow-restarted-{now.ToUnixTimeMilliseconds()}",
                    new AuditEntry(now, actor.Id, "workflow-restarted", $"Award restarted from the application: month {award.Month} of {award.MonthsTotal}."), cancellationToken);
                return null;
            default:
                return Problem.Conflict(instance.InstanceId == application.InstanceId || instance.InstanceId == AwardWorkflow.InstanceIdFor(application.Id)
                    ? $"The application is {application.Status}: its workflow has nothing left to do, so there is nothing to restart."
                    : $"This workflow carried an earlier submission of the application; submission {application.SubmissionCount} has its own.");
        }
    }

    /// <summary>Ends a run that is still going (terminating it) and waits until the engine has recorded its end.</summary>
    async Task StopAsync(OrchestrationMetadata instance, CancellationToken cancellationToken)
    {
        if (instance.RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated)
        {
            return;
        }

        await durable.TerminateInstanceAsync(instance.InstanceId, new TerminateInstanceOptions { Output = "Restarted by an administrator." }, cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TerminationWait);
        await durable.WaitForInstanceCompletionAsync(instance.InstanceId, deadline.Token);
    }

    /// <summary>The award of an approved application as its record stands: the next unpaid month, on the schedule that began at approval.</summary>
    AwardInput? AwardInputOf(Application application, GrantProgram program)
    {
        var payment = application.PaymentKind;
        var report = payment == PaymentKind.OneTime ? workflowOptions.Apply(program.Report) : null;
        if ((payment == PaymentKind.OneTime && report is null) || application.Decision is not { } decision)
        {
            return null;
        }

        var started = decision.At;
        var next = workflowOptions.PaymentEvery is { } every ? started + every * application.PaidMonths : started.AddMonths(application.PaidMonths);
        return new AwardInput(application.Id, application.SubmissionCount, payment, application.PaidMonths + 1, application.Months + application.ExtensionMonths,
            application.ArrivedOn is not null, next, workflowOptions.PaymentEvery, report, application.ReportDue, 0);
    }

    async Task<StuckWorkflow> DescribeAsync(OrchestrationMetadata instance, CancellationToken cancellationToken)
    {
        var (applicationId, batchId) = Owner(instance.InstanceId);
        var application = applicationId is null ? null : (await applications.GetAsync(applicationId, cancellationToken))?.Value;
        var applicant = application is null ? null : await people.FindAsync(application.ApplicantId, cancellationToken);
        var repairs = new List<string>();
        if (instance.RuntimeStatus is OrchestrationRuntimeStatus.Suspended or OrchestrationRuntimeStatus.Failed)
        {
            repairs.Add("resume");
        }

        if (application is not null)
        {
            repairs.Add("restart");
        }

        return new StuckWorkflow(
            instance.InstanceId,
            instance.Name,
            Label(instance.RuntimeStatus),
            instance.CreatedAt,
            instance.LastUpdatedAt,
            Step(instance.SerializedCustomStatus),
            instance.FailureDetails is { } failure ? $"{failure.ErrorType}: {failure.ErrorMessage}" : instance.RuntimeStatus == OrchestrationRuntimeStatus.Failed ? instance.SerializedOutput : null,
            application?.Id ?? applicationId,
            application?.Paper.Title,
            applicant?.Name,
            application?.Status.ToString(),
            batchId,
            repairs);
    }

    /// <summary>An award sleeps up to a month between payments, and an approved application's workflow waits for its award: neither is stuck for that.</summary>
    static TimeSpan ExpectedQuiet(OrchestrationMetadata instance) =>
        instance.RuntimeStatus == OrchestrationRuntimeStatus.Running
        && (instance.Name == nameof(AwardWorkflow) || (instance.Name == nameof(ApplicationWorkflow) && Step(instance.SerializedCustomStatus) == nameof(ApplicationStatus.Approved)))
            ? AwardSleep
            : TimeSpan.Zero;

    /// <summary>Which application or payout batch a workflow works for, from its instance id (<c>APP-…-s1</c>, <c>APP-…-award</c>, <c>batch-B-…</c>).</summary>
    static (string? ApplicationId, string? BatchId) Owner(string instanceId)
    {
        if (instanceId.StartsWith("APP-", StringComparison.Ordinal))
        {
            var end = instanceId.LastIndexOf('-');
            return (end > 4 ? instanceId[..end] : instanceId, null);
        }

        foreach (var prefix in new[] { "batch-", "paid-", "return-" })
        {
            if (instanceId.StartsWith(prefix, StringComparison.Ordinal))
            {
                return (null, instanceId[prefix.Length..]);
            }
        }

        return (null, null);
    }

    static string? Step(string? serializedCustomStatus)
    {
        if (string.IsNullOrEmpty(serializedCustomStatus))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<string>(serializedCustomStatus);
        }
        catch (JsonException)
        {
            return serializedCustomStatus;
        }
    }

    static string Label(OrchestrationRuntimeStatus status) => JsonNamingPolicy.CamelCase.ConvertName(status.ToString());
}
