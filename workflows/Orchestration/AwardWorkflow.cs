using Grants.Workflows.Applications;
using Grants.Workflows.Orchestration.Activities;
using Grants.Workflows.Programs;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration;

/// <summary>
/// The life of an approved application after approval: monthly payouts (RA employment; an international student's
/// support at the pre-arrival rate until the host records the arrival, then at the post-arrival rate), extensions,
/// early stops, and the paper report with its reminders. One month, or one event, per generation: each ends with
/// ContinueAsNew, so the history stays small however long the support runs, and a replay never pays a month twice
/// (a month's payout id is derived from the application and the month).
/// </summary>
public sealed class AwardWorkflow : TaskOrchestrator<AwardInput, ApplicationStatus>
{
    /// <summary>The name under which arrivals, extensions, reports and stops are raised into the award.</summary>
    public const string EventName = "AwardEvent";

    public static string InstanceIdFor(string applicationId) => $"{applicationId}-award";

    public override async Task<ApplicationStatus> RunAsync(TaskOrchestrationContext context, AwardInput input)
    {
        Task Notify(NotificationKind kind, int sequence = 0) =>
            context.CallActivityAsync(nameof(SendNotification), new Notice(input.ApplicationId, input.Submission, kind, sequence, context.CurrentUtcDateTime));
        AwardStepInput Step(AwardEvent e) => new(input.ApplicationId, input.Submission, e, context.CurrentUtcDateTime);

        if (input.Payment == PaymentKind.OneTime)
        {
            return await FollowReportAsync(context, input, Notify, Step);
        }

        var monthsTotal = input.MonthsTotal;

        // After the last payment the award still runs to the end of that month, so an extension (or a stop) can come
        // in the last month; only then does support end.
        context.SetCustomStatus(input.Month > monthsTotal ? $"last month of {monthsTotal}" : $"month {input.Month} of {monthsTotal}");
        var wait = input.NextPaymentAt - context.CurrentUtcDateTime;
        AwardEvent received;
        try
        {
            received = await context.WaitForExternalEvent<AwardEvent>(EventName, wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
        }
        catch (OperationCanceledException)
        {
            if (input.Month > monthsTotal)
            {
                await context.CallActivityAsync<int>(nameof(FinishSupport), Step(new AwardEvent(AwardEventKind.Stop, "system", "All months paid.", context.CurrentUtcDateTime)));
                await Notify(NotificationKind.SupportEnded);
                return ApplicationStatus.Completed;
            }

            await context.CallActivityAsync<string>(nameof(CreateMonthlyPayout), new MonthlyPayoutInput(input.ApplicationId, input.Month, input.Arrived, context.CurrentUtcDateTime));
            await Notify(NotificationKind.MonthlyPayout, input.Month);
            var next = input.PaymentEvery is { } every ? input.NextPaymentAt + every : input.NextPaymentAt.AddMonths(1);
            context.ContinueAsNew(input with { Month = input.Month + 1, MonthsTotal = monthsTotal, NextPaymentAt = next });
            return ApplicationStatus.Approved;
        }

        switch (received.Kind)
        {
            case AwardEventKind.Stop:
                await context.CallActivityAsync<int>(nameof(FinishSupport), Step(received));
                await Notify(NotificationKind.SupportEnded);
                return ApplicationStatus.Completed;
            case AwardEventKind.Arrived:
                await context.CallActivityAsync(nameof(RecordAwardEvent), Step(received));
                await Notify(NotificationKind.ArrivalRecorded);
                context.ContinueAsNew(input with { MonthsTotal = monthsTotal, Arrived = true });
                return ApplicationStatus.Approved;
            case AwardEventKind.ExtensionApproved:
                // Negative: no extension was waiting (a repeated approval of one already granted); nothing changes.
                var extended = await context.CallActivityAsync<int>(nameof(ExtendSupport), Step(received));
                if (extended >= 0)
                {
                    await Notify(extended > 0 ? NotificationKind.ExtensionApproved : NotificationKind.BudgetInsufficient, monthsTotal + extended);
                }

                context.ContinueAsNew(input with { MonthsTotal = monthsTotal + Math.Max(extended, 0) });
                return ApplicationStatus.Approved;
            default:
                await context.CallActivityAsync(nameof(RecordAwardEvent), Step(received));
                context.ContinueAsNew(input with { MonthsTotal = monthsTotal });
                return ApplicationStatus.Approved;
        }
    }

    /// <summary>Waits for the paper report, reminding the applicant, and telling them (and recording) when it is overdue; late reports are still taken.</summary>
    static async Task<ApplicationStatus> FollowReportAsync(TaskOrchestrationContext context, AwardInput input, Func<NotificationKind, int, Task> notify, Func<AwardEvent, AwardStepInput> step)
    {
        var report = input.Report!;
        context.SetCustomStatus("awaiting-report");
        AwardEvent received;
        try
        {
            received = await context.WaitForExternalEvent<AwardEvent>(EventName, report.ReminderEvery);
        }
        catch (OperationCanceledException)
        {
            var overdue = context.CurrentUtcDateTime >= input.ReportDueAt;
            await notify(overdue ? NotificationKind.ReportOverdue : NotificationKind.ReportReminder, input.ReportReminders + 1);
            context.ContinueAsNew(input with { ReportReminders = input.ReportReminders + 1 });
            return ApplicationStatus.Approved;
        }

        if (received.Kind is AwardEventKind.Report or AwardEventKind.Stop)
        {
            await context.CallActivityAsync(nameof(RecordAwardEvent), step(received));
            await notify(NotificationKind.ReportReceived, 0);
            return ApplicationStatus.Completed;
        }

        context.ContinueAsNew(input);
        return ApplicationStatus.Approved;
    }
}
