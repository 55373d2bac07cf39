using Grants.Workflows.Applications;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;
using Grants.Workflows.People;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>
/// Issues a payout of an approved application to its applicant from its fund, once under the given id. Its creation
/// time (from which it waits for a batch) is the service's clock, as every other date finance and the reports judge. The
/// payee's name, the purpose and the fund's name are written on it here, so finance's lists name them without a read per row.
/// </summary>
public sealed class PayoutIssuer(PeopleSnapshot people, FundStore funds, PayoutStore payouts, TimeProvider clock)
{
    /// <summary>Creates the payout unless it exists; returns the stored one either way.</summary>
    public async Task<Payout> IssueAsync(Application application, string payoutId, Yen amount)
    {
        var payee = await people.FindAsync(application.ApplicantId)
            ?? throw new InvalidOperationException($"{application.ApplicantId} is not in the directory.");
        var fund = await funds.GetRecentFundAsync(application.FundId!)
            ?? throw new InvalidOperationException($"Fund {application.FundId} does not exist.");
        return await payouts.CreateIfMissingAsync(new Payout(
            payoutId, application.Id, payee.Id, payee.Name, payee.NameKana, fund.Id, fund.BudgetCode, application.FiscalYear!.Value, amount, PayoutStatus.Approved, clock.GetUtcNow())
        {
            Purpose = application.Paper.Title,
            FundNameJa = fund.NameJa,
            FundNameEn = fund.NameEn,
        });
    }

    /// <summary>The audit line that shows a one-time payout on the application's timeline.</summary>
    public static AuditEntry Created(Payout payout, DateTimeOffset at) =>
        new(at, "system", "payout-created", $"{payout.Id}: {payout.Amount} to {payout.PayeeName}.");
}
