using Grants.Workflows.Applications;
using Grants.Workflows.Orchestration.Activities;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration;

/// <summary>
/// The steps of one submission's workflow that wait on people: the endorsement, and the decision with its reminders and
/// escalation (an approval holds only once its budget is reserved). One live event waiter at a time, never cancelled: a
/// timed-out WaitForExternalEvent leaves a cancelled waiter that swallows the next event (durabletask-dotnet #508), which
/// would lose a decision made while a reminder is sent.
/// </summary>
sealed class SubmissionSteps(TaskOrchestrationContext context, ApplicationWorkflowInput input)
{
    int refusals;

    /// <summary>The claims this workflow took back (an approval it could not honour): an event naming one again is not acted on.</summary>
    readonly HashSet<string> released = [];

    /// <summary>The one-time payout created for the approval, once it is (the outcome's save records it on the application).</summary>
    public string? PayoutId { get; private set; }

    /// <summary>When the reservation also recorded the approval: its step's time (the approval's save) and the report's due date it recorded.</summary>
    public (DateTimeOffset At, DateTimeOffset? ReportDue, bool Notified)? ApprovalRecorded { get; private set; }

    /// <summary>When the report of an approval made now is due; null for a program that asks for none.</summary>
    public DateTimeOffset? ReportDueNow() => input.Report is null ? null : context.CurrentUtcDateTime + input.Report.DueAfterApproval;

    /// <summary>The input of a step: this submission, at the orchestration's (replay-safe) time.</summary>
    public StepInput Step() => new(input.ApplicationId, input.Submission, context.CurrentUtcDateTime);

    /// <summary>Sends a notice; <paramref name="savedAt"/> is the time of the step just before whose save it tells of, if any.</summary>
    public Task NotifyAsync(NotificationKind kind, int sequence = 0, DateTimeOffset? savedAt = null) =>
        context.CallActivityAsync(nameof(SendNotification), new Notice(input.ApplicationId, input.Submission, kind, sequence, context.CurrentUtcDateTime) { RecordedInTrail = true, SavedAt = savedAt });

    /// <summary>Asks the supervisor or host researcher to endorse; returns how the application ended if it did not go on to approval.</summary>
    public async Task<ApplicationStatus?> WaitForEndorsementAsync()
    {
        var request = Step();
        if (!await context.CallActivityAsync<bool>(nameof(RequestEndorsement), request))
        {
            return ApplicationStatus.Withdrawn;
        }

        await NotifyAsync(NotificationKind.EndorsementRequested, savedAt: request.At);
        context.SetCustomStatus("awaiting-endorsement");
        var reminders = 0;
        Task<WorkflowEvent>? next = null;
        while (true)
        {
            next ??= context.WaitForExternalEvent<WorkflowEvent>(ApplicationWorkflow.EventName);
            if (!await EventBeforeAsync(next, context.CurrentUtcDateTime + input.Timeline.ReminderEvery))
            {
                await NotifyAsync(NotificationKind.EndorsementRequested, ++reminders);
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
                    var recorded = new OutcomeInput(input.ApplicationId, input.Submission, received, context.CurrentUtcDateTime);
                    var outcome = await context.CallActivityAsync<ApplicationStatus>(nameof(RecordOutcome), recorded);
                    await NotifyAsync(outcome == ApplicationStatus.Returned ? NotificationKind.EndorsementDeclined : NotificationKind.Withdrawn, savedAt: recorded.At);
                    return outcome;
                default:
                    // A decision cannot come before the endorsement; it is ignored.
                    continue;
            }
        }
    }

    /// <summary>
    /// Waits for the decision (or withdrawal) claimed on the application, reminding the approver and escalating once; returns
    /// it with how an approval is paid. What the workflow acts on is the claim, once. An event that names its claim (saved
    /// before the event was raised, and taken back only by this workflow) is acted on as it says, with no read; any other
    /// wake reads the claim on the record. A repeated event finds the claim already acted on (or taken back, which this
    /// workflow remembers); a claim whose event a crash lost is found when the workflow next wakes.
    /// </summary>
    public async Task<(WorkflowEvent Decision, PaymentKind Payment)> WaitForDecisionAsync()
    {
        var escalateAt = context.CurrentUtcDateTime + input.Timeline.EscalateAfter;
        var escalated = false;
        var reminders = 0;
        Task<WorkflowEvent>? next = null;
        while (true)
        {
            var wakeAt = context.CurrentUtcDateTime + input.Timeline.ReminderEvery;
            next ??= context.WaitForExternalEvent<WorkflowEvent>(ApplicationWorkflow.EventName);
            var signalled = await EventBeforeAsync(next, !escalated && escalateAt < wakeAt ? escalateAt : wakeAt);
            var received = signalled ? await next : null;
            if (received?.Kind is WorkflowEventKind.Endorse or WorkflowEventKind.DeclineEndorsement)
            {
                // An endorsement cannot come after the application has gone to approval; it is ignored.
                next = null;
                continue;
            }

            next = signalled ? null : next;
            var claim = received?.NamedClaim is { } named && named.Submission == input.Submission && !released.Contains(named.Id)
                ? named
                : await context.CallActivityAsync<DecisionClaim?>(nameof(ReadClaimedDecision), Step());
            if (claim is null)
            {
                if (!signalled)
                {
                    var escalate = !escalated && context.CurrentUtcDateTime >= escalateAt;
                    escalated |= escalate;
                    await NotifyAsync(escalate ? NotificationKind.Escalated : NotificationKind.ApprovalReminder, escalate ? 0 : ++reminders);
                }

                continue;
            }

            if (claim.Event.Kind != WorkflowEventKind.Approve)
            {
                return (claim.Event, PaymentKind.OneTime);
            }

            if (await HonourApprovalAsync(claim) is { Reserved: true } reservation)
            {
                return (claim.Event, reservation.Payment);
            }
        }
    }

    /// <summary>
    /// Reserves the budget of an approval, which issues a one-time payout with it. An approval that cannot be honoured (the fund's budget,
    /// or a cap) stays with the approver, who is told why and may decide again.
    /// </summary>
    async Task<ReservationOutcome> HonourApprovalAsync(DecisionClaim claim)
    {
        var step = Step() with { Approval = claim.Event, ReportDue = ReportDueNow(), Notify = true };
        var reservation = await context.CallActivityAsync<ReservationOutcome>(nameof(ReserveBudget), step);
        if (reservation.Recorded)
        {
            ApprovalRecorded = (step.At, step.ReportDue, reservation.Notified);
        }

        if (!reservation.Reserved)
        {
            released.Add(claim.Id);
            await context.CallActivityAsync<bool>(nameof(ReleaseDecisionClaim), new ClaimInput(input.ApplicationId, claim.Id, context.CurrentUtcDateTime));
            await context.CallActivityAsync(nameof(SendNotification), new Notice(
                input.ApplicationId, input.Submission, reservation.OverCap ? NotificationKind.OverCap : NotificationKind.BudgetInsufficient, ++refusals, context.CurrentUtcDateTime)
            {
                Reason = reservation.Problem,
                ReasonJa = reservation.ProblemJa,
                RecordedInTrail = true,
            });
        }
        else if (reservation.Payment == PaymentKind.OneTime)
        {
            // The reservation issues the payout; a history written before it did has a reservation without a payout id,
            // and its next step, as then, creates the payout.
            PayoutId = reservation.PayoutId ?? await context.CallActivityAsync<string>(nameof(CreatePayout), Step());
        }

        return reservation;
    }

    /// <summary>Whether the event comes before <paramref name="wakeAt"/>; the timer is cancelled when it does, the waiter is left alone when it does not.</summary>
    async Task<bool> EventBeforeAsync<T>(Task<T> waiter, DateTime wakeAt)
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
