using Grants.Workflows.Payouts;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>Creates one month's payout of monthly support at the rate that applies (RA, or before/after arrival).</summary>
public sealed class CreateMonthlyPayout(PayoutIssuer issuer, ApplicationStore applications, AuditTrail audit) : TaskActivity<MonthlyPayoutInput, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, MonthlyPayoutInput input)
    {
        var application = await applications.RequireAsync(input.ApplicationId);
        var payout = await issuer.IssueAsync(application, Payout.IdFor(application.Id, input.Month), application.Plan.AmountForMonth(input.Month, input.Arrived));
        await applications.UpdateAsync(application.Id, a => a.PaidMonths >= input.Month ? a : a with { PaidMonths = input.Month, PayoutId = payout.Id, UpdatedAt = input.At });
        await audit.AppendAsync(application.Id, $"month-{input.Month:D2}", new AuditEntry(input.At, "system", "monthly-payout-created",
            $"Month {input.Month}: {payout.Amount} ({(application.PaymentKind == PaymentKind.MonthlyBeforeAndAfterArrival ? (input.Arrived ? "after arrival" : "before arrival") : "RA")})."));
        return payout.Id;
    }
}
