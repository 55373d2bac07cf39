using Grants.Workflows.Applications;
using Grants.Workflows.Orchestration.Activities;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration;

/// <summary>
/// The life of one submitted application: eligibility, then approval with reminders and escalation,
/// then budget reservation and payout. Deterministic: every side effect is an activity.
/// </summary>
public sealed class ApplicationWorkflow : TaskOrchestrator<ApplicationWorkflowInput, ApplicationStatus>
{
    /// <summary>The name under which decisions and withdrawals are raised into the workflow.</summary>
    public const string EventName = "ApplicationEvent";

    public override async Task<ApplicationStatus> RunAsync(TaskOrchestrationContext context, ApplicationWorkflowInput input)
    {
        StepInput Step() => new(input.ApplicationId, input.Submission, context.CurrentUtcDateTime);
        Task Notify(NotificationKind kind, int sequence = 0) =>
            context.CallActivityAsync(nameof(SendNotification), new Notice(input.ApplicationId, input.Submission, kind, sequence, context.CurrentUtcDateTime));

        context.SetCustomStatus("checking-eligibility");
        var eligibility = await context.CallActivityAsync<EligibilityOutcome>(nameof(CheckEligibility), Step());
        if (!eligibility.Eligible)
        {
            await Notify(NotificationKind.Ineligible);
            return ApplicationStatus.Ineligible;
        }

        if (!await context.CallActivityAsync<bool>(nameof(RequestApproval), Step()))
        {
            // Withdrawn while eligibility was being checked: there is nothing to approve.
            return ApplicationStatus.Withdrawn;
        }

        await Notify(NotificationKind.ApprovalRequested);
        context.SetCustomStatus("awaiting-approval");

        var escalateAt = context.CurrentUtcDateTime + input.Timeline.EscalateAfter;
        var escalated = false;
        var reminders = 0;
        var refusals = 0;
        while (true)
        {
            var now = context.CurrentUtcDateTime;
            var wakeAt = now + input.Timeline.ReminderEvery;
            if (!escalated && escalateAt < wakeAt)
            {
                wakeAt = escalateAt;
            }

            WorkflowEvent received;
            try
            {
                received = await context.WaitForExternalEvent<WorkflowEvent>(EventName, wakeAt - now);
            }
            catch (OperationCanceledException)
            {
                if (!escalated && context.CurrentUtcDateTime >= escalateAt)
                {
                    escalated = true;
                    await Notify(NotificationKind.Escalated);
                }
                else
                {
                    await Notify(NotificationKind.ApprovalReminder, ++reminders);
                }

                continue;
            }

            if (received.Kind == WorkflowEventKind.Approve)
            {
                var reservation = await context.CallActivityAsync<ReservationOutcome>(nameof(ReserveBudget), Step());
                if (!reservation.Reserved)
                {
                    // The approval cannot be honoured from this fund; it stays with the approver, who is told why.
                    await Notify(NotificationKind.BudgetInsufficient, ++refusals);
                    continue;
                }

                await context.CallActivityAsync<string>(nameof(CreatePayout), Step());
            }

            var outcome = await context.CallActivityAsync<ApplicationStatus>(
                nameof(RecordOutcome), new OutcomeInput(input.ApplicationId, input.Submission, received, context.CurrentUtcDateTime));
            await Notify(outcome switch
            {
                ApplicationStatus.Approved => NotificationKind.Approved,
                ApplicationStatus.Rejected => NotificationKind.Rejected,
                ApplicationStatus.Returned => NotificationKind.Returned,
                _ => NotificationKind.Withdrawn,
            });
            context.SetCustomStatus(outcome.ToString());
            return outcome;
        }
    }
}
