using System.Text.Json;
using Grants.Workflows;
using Grants.Workflows.Access;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;
using static Grants.Tests.Finance.FinanceHarness;

namespace Grants.Tests.Finance;

/// <summary>
/// The invariant finance relies on after any crash: every list — all payouts, each status, each payee's own, the
/// fiscal year's, each batch's — shows each payout exactly as its record says, each batch row describes its contents,
/// the budget matches the payouts to the yen, and the reconciliation is balanced.
/// </summary>
public static class ListsAgree
{
    public static async Task AssertAsync(FinanceHarness harness, IReadOnlyCollection<string> payoutIds, string fundId = Grants.Workflows.Demo.DemoData.DirectorFund)
    {
        var records = new Dictionary<string, Payout>();
        foreach (var id in payoutIds)
        {
            records[id] = (await harness.PayoutStore.GetAsync(id)) ?? throw new Xunit.Sdk.XunitException($"{id} has no record.");
        }

        static string Json(Payout p) => JsonSerializer.Serialize(p, GrantsJson.Options);
        void Same(string list, IEnumerable<Payout> listed, IEnumerable<Payout> expected)
        {
            var shown = listed.Select(Json).Order(StringComparer.Ordinal).ToList();
            var truth = expected.Select(Json).Order(StringComparer.Ordinal).ToList();
            Assert.True(shown.SequenceEqual(truth), $"{list} shows\n{string.Join("\n", shown)}\nbut the records are\n{string.Join("\n", truth)}");
        }

        Same("GET /payouts", Ok(await harness.Payouts.ListAsync(FinanceOfficer, null)), records.Values);
        foreach (var status in Enum.GetValues<PayoutStatus>())
        {
            Same($"GET /payouts?status={status}", Ok(await harness.Payouts.ListAsync(FinanceOfficer, status.ToString())), records.Values.Where(p => p.Status == status));
        }

        foreach (var payee in records.Values.GroupBy(p => p.PayeeId))
        {
            var self = new Actor(payee.Key, new HashSet<string> { Roles.Applicant });
            Same($"{payee.Key}'s own payouts", Ok(await harness.Payouts.ListAsync(self, null)), payee);
            foreach (var status in payee.Select(p => p.Status).Distinct())
            {
                Same($"{payee.Key}'s own {status} payouts", Ok(await harness.Payouts.ListAsync(self, status.ToString())), payee.Where(p => p.Status == status));
            }
        }

        Same($"fiscal year {harness.Year}", await harness.PayoutStore.ListByFiscalYearAsync(harness.Year).ToListAsync(), records.Values);

        var batches = Ok(await harness.Payouts.ListBatchesAsync(FinanceOfficer)).ToDictionary(b => b.Id);
        foreach (var payout in records.Values.Where(p => p.BatchId is not null))
        {
            Assert.True(batches.ContainsKey(payout.BatchId!), $"{payout.Id} is {payout.Status} in {payout.BatchId}, a batch that does not exist.");
        }

        foreach (var batch in batches.Values)
        {
            var items = await harness.PayoutStore.ListBatchItemsAsync(batch.Id).ToListAsync();
            Assert.Equal((batch.Count, batch.Total), (items.Count, Yen.Sum(items.Select(i => i.Amount))));
            Assert.All(records.Values.Where(p => p.BatchId == batch.Id), p => Assert.Contains(p.Id, items.Select(i => i.Id)));
            Same($"batch {batch.Id}'s payouts", Ok(await harness.Payouts.ListBatchPayoutsAsync(FinanceOfficer, batch.Id)), items.Select(i => records[i.Id]));
        }

        var budget = await harness.BudgetAsync(fundId);
        var outstanding = records.Values.Where(p => p.Status is not (PayoutStatus.Paid or PayoutStatus.Cancelled)).Sum(p => p.Amount.Value);
        var paid = records.Values.Where(p => p.Status == PayoutStatus.Paid).Sum(p => p.Amount.Value);
        Assert.Equal((outstanding, paid), (budget.Reserved, budget.Paid));
        var report = Ok(await harness.Reconciliation.ReportAsync(FinanceOfficer, $"{harness.Year.Year}", "0"));
        Assert.True(report.Balanced, string.Join(" ", report.Funds.SelectMany(f => f.Differences)) + string.Join(" ", report.Batches.Where(b => !b.Balanced).Select(b => b.BatchId)));
    }
}
