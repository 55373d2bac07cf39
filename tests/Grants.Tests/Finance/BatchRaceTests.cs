using Grants.Workflows.Access;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;
using static Grants.Tests.Finance.FinanceHarness;

namespace Grants.Tests.Finance;

[Trait("Kind", "Orchestration")]
public sealed class BatchRaceTests
{
    [Fact]
    public async Task A_payout_never_enters_two_batches_when_batch_requests_race()
    {
        await using var harness = await StartAsync();
        var payees = new List<string>();
        for (var p = 0; p < 4; p++)
        {
            var person = await harness.PersonAsync($"payee{p}@example.ac.jp");
            await harness.SetBankAccountAsync(person.Id, "シケン タロウ");
            payees.Add(person.Id);
        }

        for (var round = 0; round < 4; round++)
        {
            const int count = 16;
            var approved = await Task.WhenAll(Enumerable.Range(0, count).Select(i => harness.ApproveAsync($"APP-{round}-{i:D2}", payees[i % payees.Count], 1_000 + i)));

            // Four finance requests at once: three different batches, and one repeated with the same key.
            var outcomes = await Task.WhenAll(new[] { "a", "b", "c", "a" }.Select(key =>
                Task.Run(() => harness.Desk.CreateBatchAsync(FinanceOfficer, $"race-{round}-{key}"))));

            var batches = outcomes.Where(o => o.Succeeded).Select(o => o.Value.Batch).DistinctBy(b => b.Id).ToList();
            Assert.All(outcomes.Where(o => !o.Succeeded), o => Assert.Equal(ProblemKind.Conflict, o.Problem!.Kind));
            var contents = new Dictionary<string, List<string>>();
            foreach (var batch in batches)
            {
                var items = await harness.PayoutStore.ListBatchItemsAsync(batch.Id).ToListAsync();
                Assert.Equal((batch.Count, batch.Total), (items.Count, Yen.Sum(items.Select(i => i.Amount))));
                contents[batch.Id] = items.Select(i => i.Id).ToList();
            }

            var claimed = contents.Values.SelectMany(ids => ids).ToList();
            Assert.Equal(claimed.Count, claimed.Distinct().Count());
            Assert.Equal(approved.Select(p => p.Id).Order(), claimed.Order());
            foreach (var (batchId, ids) in contents)
            {
                foreach (var id in ids)
                {
                    var payout = (await harness.PayoutStore.GetAsync(id))!;
                    Assert.Equal((PayoutStatus.Batched, batchId), (payout.Status, payout.BatchId));
                }
            }

            Assert.Empty(await harness.PayoutStore.ListByStatusAsync(PayoutStatus.Approved).ToListAsync());
        }
    }

    [Fact]
    public async Task Payouts_of_payees_without_a_bank_account_wait_outside_the_batch()
    {
        await using var harness = await StartAsync();
        await harness.SetBankAccountAsync(Grants.Workflows.Demo.DemoData.Researcher.Id);
        await harness.ApproveAsync("APP-1", Grants.Workflows.Demo.DemoData.Researcher.Id, 10_000);
        await harness.ApproveAsync("APP-2", Grants.Workflows.Demo.DemoData.Student.Id, 20_000);

        var batch = await harness.CreateBatchAsync("without-bank");

        Assert.Equal(["PO-APP-1"], await harness.PayoutStore.ListBatchItemsAsync(batch.Id).Select(p => p.Id).ToArrayAsync());
        Assert.Equal(PayoutStatus.Approved, (await harness.PayoutStore.GetAsync("PO-APP-2"))!.Status);
        var nothing = await harness.Desk.CreateBatchAsync(FinanceOfficer, "nothing-left");
        Assert.Equal(ProblemKind.Conflict, nothing.Problem?.Kind);
        Assert.Contains(Grants.Workflows.Demo.DemoData.Student.Id, nothing.Problem!.Detail, StringComparison.Ordinal);
    }
}
