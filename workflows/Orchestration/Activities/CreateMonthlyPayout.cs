using Grants.Workflows.Money;
using Grants.Workflows.Payouts;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>Creates one month's payout of monthly support at the rate that applies (RA, or before/after arrival).</summary>
public sealed class CreateMonthlyPayout(ApplicationStore applications, PeopleDirectory people, FundStore funds, PayoutStore payouts, AuditTrail audit)
    : TaskActivity<MonthlyPayoutInput, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, MonthlyPayoutInput input)
    {
        var application = (await applications.GetAsync(input.ApplicationId))?.Value
            ?? throw new InvalidOperationException($"Application {input.ApplicationId} does not exist.");
        var payee = await people.FindAsync(application.ApplicantId)
            ?? throw new InvalidOperationException($"{application.ApplicantId} is not in the directory.");
        var fund = await funds.GetFundAsync(application.FundId!)
            ?? throw new InvalidOperationException($"Fund {application.FundId} does not exist.");
        var rate = application.PaymentKind switch
        {
            PaymentKind.MonthlyBeforeAndAfterArrival => application.Monthly(input.Arrived ? ExpenseKind.PostArrivalMonthly : ExpenseKind.PreArrivalMonthly),
            _ => application.Monthly(ExpenseKind.ResearchAssistantMonthly),
        };

        var payout = await payouts.CreateIfMissingAsync(new Payout(
            Payout.IdFor(application.Id, input.Month), application.Id, payee.Id, payee.Name, payee.NameKana, fund.Id, fund.BudgetCode,
            application.FiscalYear!.Value, rate, PayoutStatus.Approved, input.At));
        await applications.UpdateAsync(application.Id, a => a.PaidMonths >= input.Month ? a : a with { PaidMonths = input.Month, PayoutId = payout.Id, UpdatedAt = input.At });
        await audit.AppendAsync(application.Id, $"month-{input.Month:D2}", new AuditEntry(input.At, "system", "monthly-payout-created",
            $"Month {input.Month}: {payout.Amount} ({(application.PaymentKind == PaymentKind.MonthlyBeforeAndAfterArrival ? (input.Arrived ? "after arrival" : "before arrival") : "RA")})."));
        return payout.Id;
    }
}
