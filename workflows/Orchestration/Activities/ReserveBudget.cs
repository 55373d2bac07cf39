using Grants.Workflows.Applications;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;
using Grants.Workflows.People;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>
/// Reserves the application's total in its fund's budget for the fiscal year; never below zero, never twice. The program's
/// caps hold here too, not only at submission: the total per application, and what the person is granted from the program
/// in the year (held in <see cref="PersonGrantLedger"/> before the fund is drawn on, and taken back if the fund cannot pay).
/// A one-time payment reserved is issued its payout in the same step (<see cref="PayoutIssuer"/>), which the outcome names,
/// so the workflow does not read the application again in a second step; run again, the step finds both and says the same.
/// It uses only what the submission's routing fixed, so the application as the claim's reading left it in this process serves.
/// Told the approval it honours, a reservation made records the approval on the application in the same step (as
/// <see cref="RecordOutcome"/> would next), its audit line written with the reservation's; told to notify as well
/// (<see cref="StepInput.Notify"/>), it sends the approval's notice, as SendNotification would next.
/// </summary>
public sealed class ReserveBudget(ApplicationStore applications, ProgramCatalog programs, FundStore funds, PersonGrantLedger grants, PeopleSnapshot people, PayoutIssuer issuer, AuditTrail audit, NoticeSender notices)
    : TaskActivity<StepInput, ReservationOutcome>
{
    public override async Task<ReservationOutcome> RunAsync(TaskActivityContext context, StepInput input)
    {
        var application = await applications.RequireRoutedAsync(input);
        if (application.FundId is null || application.FiscalYear is not { } year)
        {
            throw new InvalidOperationException($"Application {application.Id} has not been routed to a fund.");
        }

        var program = await programs.RequireAsync(application);
        var amount = application.Commitment;
        ReservationOutcome? overCap = null;
        if (amount > program.CapPerApplication)
        {
            overCap = OverCap(
                $"{amount} exceeds {program.NameEn}'s cap of {program.CapPerApplication} per application.",
                $"{amount}は{program.NameJa}の1申請あたりの上限{program.CapPerApplication}を超えています。");
        }
        else if (program.CapPerPersonPerYear is { } cap && await grants.HoldAsync(application, year, cap) is { Held: false } refused)
        {
            var name = (await people.FindAsync(application.ApplicantId))?.Name ?? application.ApplicantId;
            overCap = OverCap(
                $"{name} was already granted {refused.GrantedBefore} from {program.NameEn} in {year}; {amount} more exceeds the cap of {cap} per person and fiscal year.",
                $"{name} さんは{year}に{program.NameJa}からすでに{refused.GrantedBefore}の支援を受けており、さらに{amount}では1人1年度あたりの上限{cap}を超えます。");
        }

        ReservationOutcome outcome;
        if (overCap is not null)
        {
            outcome = overCap with { Remaining = (await funds.GetBudgetAsync(application.FundId, year))?.Remaining ?? Yen.Zero };
        }
        else
        {
            outcome = await funds.ReserveAsync(application.Id, application.FundId, year, amount, input.At);
            if (!outcome.Reserved && program.CapPerPersonPerYear is not null)
            {
                await grants.RemoveHoldAsync(application, year);
            }
        }

        return await FinishAsync(application, input, outcome with { Payment = application.PaymentKind }, new AuditEntry(
            input.At,
            "system",
            outcome.Reserved ? "budget-reserved" : outcome.OverCap ? "over-cap" : "budget-insufficient",
            outcome.Problem ?? $"{amount} reserved from {application.FundId} {year}; {outcome.Remaining} remains."));
    }

    /// <summary>For a reservation made: issues a one-time payment's payout and records the approval it honours, with every audit line of the step.</summary>
    async Task<ReservationOutcome> FinishAsync(Application application, StepInput input, ReservationOutcome outcome, AuditEntry reserved)
    {
        var key = $"s{input.Submission}-reserve";
        List<(string, AuditEntry)> lines = [(key, reserved)];
        if (outcome is { Reserved: true, Payment: PaymentKind.OneTime })
        {
            // The payout's line shares the step time, its key sorting after the reservation's.
            var payout = await issuer.IssueAsync(application, Payout.IdFor(application.Id), application.Total);
            lines.Add(($"{key}-payout", PayoutIssuer.Created(payout, input.At)));
            outcome = outcome with { PayoutId = payout.Id };
        }

        if (outcome.Reserved && input.Approval is { } approval)
        {
            // Every line of the step in the same transaction as the approval's save; then, told to, the approval's notice.
            var (_, saved, fresh) = await RecordOutcome.SaveAsync(applications, programs, new OutcomeInput(application.Id, input.Submission, approval, input.At)
            {
                ReportDue = input.ReportDue,
                PayoutId = outcome.PayoutId,
            }, lines);
            if (input.Notify)
            {
                await notices.SendAsync(NoticeSender.Of(input, NotificationKind.Approved), saved, unsent: fresh);
            }

            return outcome with { Recorded = true, Notified = input.Notify };
        }

        // Every line of the step in the application's partition of the audit table: one request.
        await audit.AppendAllAsync(application.Id, lines);
        return outcome;
    }

    static ReservationOutcome OverCap(string problem, string problemJa) => new(false, Yen.Zero, problem) { OverCap = true, ProblemJa = problemJa };
}
