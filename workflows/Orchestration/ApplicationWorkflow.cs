using Grants.Workflows.Applications;
using Grants.Workflows.Orchestration.Activities;
using Grants.Workflows.Programs;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration;

/// <summary>
/// The life of one submitted application: eligibility, then endorsement and approval with reminders and escalation,
/// then budget reservation and payout. Deterministic: every side effect is an activity.
/// </summary>
public sealed class ApplicationWorkflow : TaskOrchestrator<ApplicationWorkflowInput, ApplicationStatus>
{
    /// <summary>The name under which decisions and withdrawals are raised into the workflow.</summary>
    public const string EventName = "ApplicationEvent";

    public override async Task<ApplicationStatus> RunAsync(TaskOrchestrationContext context, ApplicationWorkflowInput input)
    {
        var steps = new SubmissionSteps(context, input);
        context.SetCustomStatus("checking-eligibility");
        // The step sends the notice of its judgement itself (in a history from before it could, its result says not, and it is sent here).
        var check = steps.Step() with { RouteWhenEligible = !input.NeedsEndorsement, Notify = true };
        var eligibility = await context.CallActivityAsync<EligibilityOutcome>(nameof(CheckEligibility), check);
        if (!eligibility.Eligible)
        {
            if (!eligibility.Notified)
            {
                await steps.NotifyAsync(NotificationKind.Ineligible, savedAt: check.At);
            }

            return ApplicationStatus.Ineligible;
        }

        if (input.NeedsEndorsement && await steps.WaitForEndorsementAsync() is { } ended)
        {
            return ended;
        }

        // Without an endorsement the eligibility step routes the application itself; after one, or in a history from before
        // it could (its result says not routed), or when it found the application withdrawn, RequestApproval decides.
        var routing = eligibility.Routed ? check : steps.Step();
        if (!eligibility.Routed && !await context.CallActivityAsync<bool>(nameof(RequestApproval), routing))
        {
            // Withdrawn while eligibility was being checked: there is nothing to approve.
            return ApplicationStatus.Withdrawn;
        }

        if (!eligibility.Notified)
        {
            await steps.NotifyAsync(NotificationKind.ApprovalRequested, savedAt: routing.At);
        }

        context.SetCustomStatus("awaiting-approval");
        var (decision, payment) = await steps.WaitForDecisionAsync();

        var (outcome, recordedAt, reportDue) = await RecordAsync(context, input, steps, decision);
        if (steps.ApprovalRecorded is not { Notified: true })
        {
            // The reservation sends the approval's notice itself (in a history from before it could, it is sent here).
            await steps.NotifyAsync(OutcomeNotice(outcome), savedAt: recordedAt);
        }

        context.SetCustomStatus(outcome.ToString());
        if (outcome != ApplicationStatus.Approved || (payment == PaymentKind.OneTime && input.Report is null))
        {
            return outcome;
        }

        // What follows approval — monthly payouts, arrival, extensions, the paper report — is the award's own
        // workflow.
        var award = new AwardInput(input.ApplicationId, input.Submission, payment, 1, input.Months, false, context.CurrentUtcDateTime, input.PaymentEvery, input.Report, reportDue, 0);
        return await context.CallSubOrchestratorAsync<ApplicationStatus>(
            nameof(AwardWorkflow), award, new SubOrchestrationOptions { InstanceId = AwardWorkflow.InstanceIdFor(input.ApplicationId) });
    }

    static NotificationKind OutcomeNotice(ApplicationStatus outcome) => outcome switch
    {
        ApplicationStatus.Approved => NotificationKind.Approved,
        ApplicationStatus.Rejected => NotificationKind.Rejected,
        ApplicationStatus.Returned => NotificationKind.Returned,
        _ => NotificationKind.Withdrawn,
    };

    /// <summary>
    /// How the submission ended, when that was saved and when its report is due. The reservation records an approval it
    /// honours; a rejection, a return, a withdrawal (or an approval in a history from before the reservation recorded it) is recorded here.
    /// </summary>
    static async Task<(ApplicationStatus Outcome, DateTimeOffset RecordedAt, DateTimeOffset? ReportDue)> RecordAsync(TaskOrchestrationContext context, ApplicationWorkflowInput input, SubmissionSteps steps, WorkflowEvent decision)
    {
        if (steps.ApprovalRecorded is { } approval)
        {
            return (ApplicationStatus.Approved, approval.At, approval.ReportDue);
        }

        var reportDue = decision.Kind == WorkflowEventKind.Approve ? steps.ReportDueNow() : null;
        var recorded = new OutcomeInput(input.ApplicationId, input.Submission, decision, context.CurrentUtcDateTime) { ReportDue = reportDue, PayoutId = steps.PayoutId };
        return (await context.CallActivityAsync<ApplicationStatus>(nameof(RecordOutcome), recorded), recorded.At, reportDue);
    }
}
