using Grants.Tests.Infrastructure;
using Grants.Workflows.Access;
using Grants.Workflows.Demo;
using Grants.Workflows.Payouts;
using static Grants.Tests.Finance.FinanceHarness;

namespace Grants.Tests.Finance;

/// <summary>
/// Finance's steps cut short at their worst moments — a claim applied but its answer lost, a record changed but its
/// lists not yet — and finished by the engine or by repeating the request: nothing is stranded and every list agrees.
/// </summary>
[Trait("Kind", "Orchestration")]
public sealed class CrashRepairTests
{
    static DateOnly Today => PayoutService.JapanDate(DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_batch_asked_for_without_a_key_is_finished_by_the_engine_when_a_claim_is_cut_short()
    {
        var faults = new StorageFaults();
        await using var harness = await StartAsync(storage: await faults.StorageAsync(await Azurite.SharedAsync()));
        await harness.SetBankAccountAsync(DemoData.Researcher.Id);
        await harness.SetBankAccountAsync(DemoData.Student.Id, "スズキ イチロウ");
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add((await harness.ApproveAsync($"APP-{i}", i % 2 == 0 ? DemoData.Researcher.Id : DemoData.Student.Id, 10_000 + i)).Id);
        }

        // The second claim reaches storage, then the process "dies": no answer, nothing after it in that attempt.
        faults.Arm(new Random(1), probability: 1, failures: 1, StorageFaults.IsClaim, afterApplied: true);
        var (batch, created) = Ok(await harness.Desk.CreateBatchAsync(FinanceOfficer, idempotencyKey: null));

        Assert.Equal(1, faults.Injected);
        Assert.True(created);
        Assert.Equal(4, batch.Count);
        Assert.All(ids, id => Assert.Equal(batch.Id, harness.PayoutStore.GetAsync(id).Result!.BatchId));
        await ListsAgree.AssertAsync(harness, ids);
    }

    [Fact]
    public async Task Marking_exported_and_paid_again_after_a_crash_between_a_record_and_its_lists_repairs_every_list()
    {
        await using var harness = await StartAsync();
        await harness.SetBankAccountAsync(DemoData.Researcher.Id);
        var ids = new[] { (await harness.ApproveAsync("APP-1", DemoData.Researcher.Id, 120_000)).Id, (await harness.ApproveAsync("APP-2", DemoData.Researcher.Id, 3_000)).Id };
        var batch = await harness.CreateBatchAsync("crash");

        // A first download that died after changing PO-APP-1's record, before its lists or the batch row.
        await harness.Storage.Payouts.UpdateAsync("PO-APP-1", "payout", p => p with { Status = PayoutStatus.Exported });
        await harness.DownloadAsync(batch.Id, "csv");
        await ListsAgree.AssertAsync(harness, ids);

        // A first "paid" that died after changing PO-APP-2's record, before its lists and its booking.
        await harness.Storage.Payouts.UpdateAsync("PO-APP-2", "payout", p => p with { Status = PayoutStatus.Paid, PaidOn = Today });
        Ok(await harness.Desk.MarkBatchPaidAsync(FinanceOfficer, batch.Id, new PaidRequest(Today)));
        await ListsAgree.AssertAsync(harness, ids);
        Assert.Equal(new FundBudgetView(3_000_000, 0, 123_000), await harness.BudgetAsync());
    }

    [Fact]
    public async Task A_return_cut_short_between_the_record_and_its_lists_is_finished_by_the_engine()
    {
        var faults = new StorageFaults();
        await using var harness = await StartAsync(storage: await faults.StorageAsync(await Azurite.SharedAsync()));
        await harness.SetBankAccountAsync(DemoData.Researcher.Id);
        var ids = new[] { (await harness.ApproveAsync("APP-1", DemoData.Researcher.Id, 50_000)).Id };
        var batch = await harness.CreateBatchAsync("return");
        await harness.DownloadAsync(batch.Id, "zengin");
        Ok(await harness.Desk.MarkBatchPaidAsync(FinanceOfficer, batch.Id, new PaidRequest(Today)));

        // The record is approved again, then the process "dies" before the index transaction that moves the paid copies.
        faults.Arm(new Random(1), probability: 1, failures: 1,
            Storage.PayoutIndexTests.IsIndexTransaction, afterApplied: false);
        var returned = Ok(await harness.Desk.ReturnAsync(FinanceOfficer, "PO-APP-1", new ReasonRequest("口座なし / no such account")));

        Assert.Equal(1, faults.Injected);
        Assert.Equal(PayoutStatus.Approved, returned.Status);
        Assert.Single(returned.Returns!);
        await ListsAgree.AssertAsync(harness, ids);
        Assert.Equal(new FundBudgetView(3_000_000, 50_000, 0), await harness.BudgetAsync());
    }

    [Fact]
    public async Task A_key_refused_because_nothing_waited_makes_a_batch_once_something_does()
    {
        await using var harness = await StartAsync();
        await harness.SetBankAccountAsync(DemoData.Researcher.Id);

        Assert.Equal(ProblemKind.Conflict, (await harness.Desk.CreateBatchAsync(FinanceOfficer, "monday")).Problem?.Kind);
        await harness.ApproveAsync("APP-1", DemoData.Researcher.Id, 10_000);
        var (batch, created) = Ok(await harness.Desk.CreateBatchAsync(FinanceOfficer, "monday"));

        Assert.True(created);
        Assert.Equal(1, batch.Count);
        await ListsAgree.AssertAsync(harness, ["PO-APP-1"]);
    }

    [Theory]
    [InlineData(Roles.Approver)]
    [InlineData(Roles.Delegate)]
    [InlineData(Roles.Director)]
    public async Task Staff_in_every_role_see_every_payout(string role)
    {
        await using var harness = await StartAsync();
        await harness.ApproveAsync("APP-1", DemoData.Researcher.Id, 10_000);
        await harness.ApproveAsync("APP-2", DemoData.Student.Id, 20_000);

        var staff = new Actor("staff@example.ac.jp", new HashSet<string> { role });

        Assert.Equal(["PO-APP-1", "PO-APP-2"], Ok(await harness.Payouts.ListAsync(staff, null)).Select(p => p.Id).Order());
    }
}
