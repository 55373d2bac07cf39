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

        if (input.NeedsEndorsement)
        {
            var endorsed = await WaitForEndorsementAsync(context, input, Notify, Step);
            if (endorsed is not null)
            {
                return endorsed.Value;
            }
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
        var payment = Programs.PaymentKind.OneTime;
        Task<WorkflowEvent>? next = null;
        while (true)
        {
            var now = context.CurrentUtcDateTime;
            var wakeAt = now + input.Timeline.ReminderEvery;
            if (!escalated && escalateAt < wakeAt)
            {
                wakeAt = escalateAt;
            }

            // One live waiter at a time, never cancelled: a timed-out WaitForExternalEvent leaves a cancelled waiter that
            // swallows the next event (durabletask-dotnet #508), which would lose a decision made while a reminder is sent.
            next ??= context.WaitForExternalEvent<WorkflowEvent>(EventName);
            var signalled = await EventBeforeAsync(context, next, wakeAt);
            if (signalled)
            {
                var signal = await next;
                next = null;
                if (signal.Kind is WorkflowEventKind.Endorse or WorkflowEventKind.DeclineEndorsement)
                {
                    // An endorsement cannot come after the application has gone to approval; it is ignored.
                    continue;
                }
            }

            // What the workflow acts on is the decision claimed on the application, once: an event only says "look". A repeated
            // event finds the claim already acted on; a claim whose event a crash lost is found when the workflow next wakes.
            var claim = await context.CallActivityAsync<DecisionClaim?>(nameof(ReadClaimedDecision), Step());
            if (claim is null)
            {
                if (signalled)
                {
                    continue;
                }

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

            var received = claim.Event;
            if (received.Kind == WorkflowEventKind.Approve)
            {
                var reservation = await context.CallActivityAsync<ReservationOutcome>(nameof(ReserveBudget), Step());
                if (!reservation.Reserved)
                {
                    // The approval cannot be honoured (the fund's budget, or a cap); it stays with the approver, who is told why
                    // and may decide again.
                    await context.CallActivityAsync<bool>(nameof(ReleaseDecisionClaim), new ClaimInput(input.ApplicationId, claim.Id, context.CurrentUtcDateTime));
                    await context.CallActivityAsync(nameof(SendNotification), new Notice(
                        input.ApplicationId, input.Submission, reservation.OverCap ? NotificationKind.OverCap : NotificationKind.BudgetInsufficient, ++refusals, context.CurrentUtcDateTime)
                    {
                        Reason = reservation.Problem,
                        ReasonJa = reservation.ProblemJa,
                    });
                    continue;
                }

                payment = reservation.Payment;
                if (payment == Programs.PaymentKind.OneTime)
                {
                    await context.CallActivityAsync<string>(nameof(CreatePayout), Step());
                }
            }

            DateTimeOffset? reportDue = received.Kind == WorkflowEventKind.Approve && input.Report is not null ? context.CurrentUtcDateTime + input.Report.DueAfterApproval : null;
            var outcome = await context.CallActivityAsync<ApplicationStatus>(
                nameof(RecordOutcome), new OutcomeInput(input.ApplicationId, input.Submission, received, context.CurrentUtcDateTime) { ReportDue = reportDue });
            await Notify(outcome switch
            {
                ApplicationStatus.Approved => NotificationKind.Approved,
                ApplicationStatus.Rejected => NotificationKind.Rejected,
                ApplicationStatus.Returned => NotificationKind.Returned,
                _ => NotificationKind.Withdrawn,
            });
            context.SetCustomStatus(outcome.ToString());
            if (outcome != ApplicationStatus.Approved)
            {
                return outcome;
            }

            // What follows approval — monthly payouts, arrival, extensions, the paper report — is the award's own
            // workflow, which keeps its history small with ContinueAsNew.
            if (payment == Programs.PaymentKind.OneTime && input.Report is null)
            {
                return outcome;
            }

            var award = new AwardInput(input.ApplicationId, input.Submission, payment, 1, input.Months, false, context.CurrentUtcDateTime, input.PaymentEvery, input.Report,
                reportDue, 0);
            return await context.CallSubOrchestratorAsync<ApplicationStatus>(
                nameof(AwardWorkflow), award, new SubOrchestrationOptions { InstanceId = AwardWorkflow.InstanceIdFor(input.ApplicationId) });
        }
    }

    /// <summary>Asks the supervisor or host researcher to endorse; returns how the application ended if it did not go on to approval.</summary>
    static async Task<ApplicationStatus?> WaitForEndorsementAsync(TaskOrchestrationContext context, ApplicationWorkflowInput input, Func<NotificationKind, int, Task> notify, Func<StepInput> step)
    {
        if (!await context.CallActivityAsync<bool>(nameof(RequestEndorsement), step()))
        {
            return ApplicationStatus.Withdrawn;
        }

        await notify(NotificationKind.EndorsementRequested, 0);
        context.SetCustomStatus("awaiting-endorsement");
        var reminders = 0;
        Task<WorkflowEvent>? next = null;
        while (true)
        {
            next ??= context.WaitForExternalEvent<WorkflowEvent>(EventName);
            if (!await EventBeforeAsync(context, next, context.CurrentUtcDateTime + input.Timeline.ReminderEvery))
            {
                await notify(NotificationKind.EndorsementRequested, ++reminders);
                continue;
            }

            var received = await next;
            next = null;
            switch (received.Kind)
            {
                case WorkflowEventKind.Endorse:
                    await context.CallActivityAsync(nameof(RecordEndorsement), new OutcomeInput(input.ApplicationId, input.Submission, received, context.CurrentUtcDateTime));
                    return null;
                case WorkflowEventKind.DeclineEndorsement:
                case WorkflowEventKind.Withdraw:
                    var outcome = await context.CallActivityAsync<ApplicationStatus>(
                        nameof(RecordOutcome), new OutcomeInput(input.ApplicationId, input.Submission, received, context.CurrentUtcDateTime));
                    await notify(outcome == ApplicationStatus.Returned ? NotificationKind.EndorsementDeclined : NotificationKind.Withdrawn, 0);
                    return outcome;
                default:
                    // A decision cannot come before the endorsement; it is ignored.
                    continue;
            }
        }
    }

    /// <summary>Whether the event comes before <paramref name="wakeAt"/>; the timer is cancelled when it does, the waiter is left alone when it does not.</summary>
    static async Task<bool> EventBeforeAsync<T>(TaskOrchestrationContext context, Task<T> waiter, DateTime wakeAt)
    {
        if (waiter.IsCompleted)
        {
            return true;
        }

        using var timerCancellation = new CancellationTokenSource();
        var timer = context.CreateTimer(wakeAt, timerCancellation.Token);
        if (await Task.WhenAny(waiter, timer) == timer)
        {
            return false;
        }

        timerCancellation.Cancel();
        return true;
    }
}
