using Grants.Workflows.Applications;
using Grants.Workflows.Orchestration.Activities;
using Grants.Workflows.Programs;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration;

/// <summary>
/// The life of an approved application after approval: monthly payouts (RA employment; an international student's
/// support at the pre-arrival rate until the host records the arrival, then at the post-arrival rate), extensions,
/// early stops, and the paper report with its reminders. A replay never pays a month twice (a month's payout id is
/// derived from the application and the month).
/// </summary>
/// <remarks>
/// One generation for the whole award, with one waiter for award events at a time that is never cancelled: the SDK's
/// <c>WaitForExternalEvent</c> with a timeout leaves its cancelled waiter behind, and that waiter swallows the next event
/// (durabletask-dotnet #508). Months are paid on a timer while the waiter stays live and catches whatever arrives
/// meanwhile; once an event has taken the waiter, the next waiter is made before any step runs, so an event raised during
/// a step waits for it. There is no ContinueAsNew: an event raised while a generation hands over to the next was lost by
/// the local engine, and the history stays small anyway (a few events a month, at most 36 months).
/// </remarks>
public sealed class AwardWorkflow : TaskOrchestrator<AwardInput, ApplicationStatus>
{
    /// <summary>The name under which arrivals, extensions, reports and stops are raised into the award.</summary>
    public const string EventName = "AwardEvent";

    /// <summary>Who ends support when the schedule runs out (as opposed to a person's stop).</summary>
    public const string ScheduleEnd = "system";

    public static string InstanceIdFor(string applicationId) => $"{applicationId}-award";

    public override async Task<ApplicationStatus> RunAsync(TaskOrchestrationContext context, AwardInput input)
    {
        Task Notify(NotificationKind kind, int sequence = 0) =>
            context.CallActivityAsync(nameof(SendNotification), new Notice(input.ApplicationId, input.Submission, kind, sequence, context.CurrentUtcDateTime) { RecordedInTrail = true });
        AwardStepInput Step(AwardEvent e) => new(input.ApplicationId, input.Submission, e, context.CurrentUtcDateTime);

        var awardEvent = context.WaitForExternalEvent<AwardEvent>(EventName);
        if (input.Payment == PaymentKind.OneTime)
        {
            return await FollowReportAsync(context, input, awardEvent, Notify, Step);
        }

        var state = input;
        while (true)
        {
            // After the last payment the award still runs to the end of that month, so an extension (or a stop) can come
            // in the last month; only then does support end.
            context.SetCustomStatus(state.Month > state.MonthsTotal ? $"last month of {state.MonthsTotal}" : $"month {state.Month} of {state.MonthsTotal}");
            if (await MonthDueAsync(context, state, awardEvent))
            {
                if (state.Month <= state.MonthsTotal)
                {
                    await context.CallActivityAsync<string>(nameof(CreateMonthlyPayout), new MonthlyPayoutInput(state.ApplicationId, state.Month, state.Arrived, context.CurrentUtcDateTime));
                    await Notify(NotificationKind.MonthlyPayout, state.Month);
                    var next = state.PaymentEvery is { } every ? state.NextPaymentAt + every : state.NextPaymentAt.AddMonths(1);
                    state = state with { Month = state.Month + 1, NextPaymentAt = next };
                    continue;
                }

                var end = new AwardEvent(AwardEventKind.Stop, ScheduleEnd, "All months paid.", context.CurrentUtcDateTime);
                if (await context.CallActivityAsync<int>(nameof(FinishSupport), Step(end)) >= 0)
                {
                    await Notify(NotificationKind.SupportEnded);
                    return ApplicationStatus.Completed;
                }

                // An extension asked for before the end waits for its decision: support ends only once it is refused.
                context.SetCustomStatus("awaiting extension decision");
            }

            var received = await awardEvent;
            awardEvent = context.WaitForExternalEvent<AwardEvent>(EventName);
            if (await OnEventAsync(context, state, received, Notify, Step) is not { } changed)
            {
                return ApplicationStatus.Completed;
            }

            state = changed;
        }
    }

    /// <summary>Whether the next month is due before an award event comes; the timer is cancelled when the event comes first, the waiter is never cancelled.</summary>
    static async Task<bool> MonthDueAsync(TaskOrchestrationContext context, AwardInput state, Task<AwardEvent> awardEvent)
    {
        if (awardEvent.IsCompleted)
        {
            return false;
        }

        if (state.NextPaymentAt <= context.CurrentUtcDateTime)
        {
            return true;
        }

        using var timerCancellation = new CancellationTokenSource();
        var timer = context.CreateTimer(state.NextPaymentAt.UtcDateTime, timerCancellation.Token);
        var due = await Task.WhenAny(awardEvent, timer) == timer;
        if (!due)
        {
            timerCancellation.Cancel();
        }

        return due;
    }

    /// <summary>Acts on an award event: a stop ends support (null); anything else is recorded and the award goes on in the state returned.</summary>
    static async Task<AwardInput?> OnEventAsync(
        TaskOrchestrationContext context, AwardInput state, AwardEvent received, Func<NotificationKind, int, Task> notify, Func<AwardEvent, AwardStepInput> step)
    {
        switch (received.Kind)
        {
            case AwardEventKind.Stop:
                await context.CallActivityAsync<int>(nameof(FinishSupport), step(received));
                await notify(NotificationKind.SupportEnded, 0);
                return null;
            case AwardEventKind.Arrived:
                await context.CallActivityAsync(nameof(RecordAwardEvent), step(received));
                await notify(NotificationKind.ArrivalRecorded, 0);
                return state with { Arrived = true };
            case AwardEventKind.ExtensionApproved:
                // Negative: no extension was waiting (a repeated approval of one already granted); nothing changes.
                var extended = await context.CallActivityAsync<int>(nameof(ExtendSupport), step(received));
                if (extended >= 0)
                {
                    await notify(extended > 0 ? NotificationKind.ExtensionApproved : NotificationKind.BudgetInsufficient, state.MonthsTotal + extended);
                }

                return state with { MonthsTotal = state.MonthsTotal + Math.Max(extended, 0) };
            default:
                await context.CallActivityAsync(nameof(RecordAwardEvent), step(received));
                return state;
        }
    }

    /// <summary>Waits for the paper report, reminding the applicant, and telling them (and recording) when it is overdue; late reports are still taken.</summary>
    static async Task<ApplicationStatus> FollowReportAsync(
        TaskOrchestrationContext context, AwardInput input, Task<AwardEvent> awardEvent, Func<NotificationKind, int, Task> notify, Func<AwardEvent, AwardStepInput> step)
    {
        var report = input.Report!;
        context.SetCustomStatus("awaiting-report");
        var reminders = input.ReportReminders;
        while (true)
        {
            while (!awardEvent.IsCompleted)
            {
                using var timerCancellation = new CancellationTokenSource();
                var timer = context.CreateTimer(context.CurrentUtcDateTime + report.ReminderEvery, timerCancellation.Token);
                if (await Task.WhenAny(awardEvent, timer) != timer)
                {
                    timerCancellation.Cancel();
                    break;
                }

                var overdue = context.CurrentUtcDateTime >= input.ReportDueAt;
                await notify(overdue ? NotificationKind.ReportOverdue : NotificationKind.ReportReminder, ++reminders);
            }

            var received = await awardEvent;
            if (received.Kind is AwardEventKind.Report or AwardEventKind.Stop)
            {
                await context.CallActivityAsync(nameof(RecordAwardEvent), step(received));
                await notify(NotificationKind.ReportReceived, 0);
                return ApplicationStatus.Completed;
            }

            // Nothing else concerns a one-time payout; the next event gets a fresh waiter.
            awardEvent = context.WaitForExternalEvent<AwardEvent>(EventName);
        }
    }
}
