using Grants.Workflows.BankAccounts;
using Grants.Workflows.Demo;
using Grants.Workflows.Payouts;
using Grants.Workflows.People;
using Grants.Workflows.Storage;
using static Grants.Tests.Finance.FinanceHarness;

namespace Grants.Tests.Finance;

/// <summary>
/// A large batch is marked exported and paid run by run, side by side: every run covers its own payouts, and a run
/// done twice (the engine repeats an activity after a crash) changes, books, records and mails each payout once.
/// </summary>
[Trait("Kind", "Orchestration")]
public sealed class BatchChunkTests
{
    static DateOnly Today => PayoutService.JapanDate(DateTimeOffset.UtcNow);

    [Fact]
    public async Task Runs_of_a_batch_cover_each_payout_once_and_repeating_a_run_books_and_mails_nothing_twice()
    {
        await using var harness = await StartAsync();
        await harness.SetBankAccountAsync(DemoData.Researcher.Id);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await harness.ApproveAsync($"APP-{i}", DemoData.Researcher.Id, 10_000 * (i + 1))).Id);
        }

        var batch = await harness.CreateBatchAsync("runs");
        var chunks = await harness.PayoutStore.ListBatchChunksAsync(batch.Id, size: 2);
        var steps = harness.Chunks;
        var export = new ExportOrder(batch.Id, FinanceOfficer.Id, DateTimeOffset.UtcNow);
        var payment = new PaymentOrder(batch.Id, Today, FinanceOfficer.Id, DateTimeOffset.UtcNow);

        Assert.Equal(3, chunks.Count);
        Assert.Equal(ids.Order(StringComparer.Ordinal), await chunks.ToAsyncEnumerable().SelectMany(c => harness.PayoutStore.ListBatchChunkAsync(c)).Select(i => i.Payout.Id).ToListAsync());
        foreach (var chunk in chunks.Concat(chunks))
        {
            await steps.MarkExportedAsync(new ExportChunk(export, chunk));
        }

        await harness.Payouts.MarkExportedAsync(export);
        await ListsAgree.AssertAsync(harness, ids);
        Assert.Equal(5, await harness.PayoutStore.ListByStatusAsync(PayoutStatus.Exported).CountAsync());
        Ok(await harness.Desk.CheckExportAsync(FinanceOfficer, batch.Id, "zengin"));

        await harness.Payments.StartPaymentAsync(payment);
        foreach (var chunk in chunks.Concat(chunks))
        {
            await steps.PayAsync(new PaymentChunk(payment, chunk));
            await steps.MailPaidAsync(new PaymentChunk(payment, chunk));
        }

        await harness.Payments.FinishPaymentAsync(payment);
        await ListsAgree.AssertAsync(harness, ids);
        Assert.Equal(new FundBudgetView(3_000_000, 0, 150_000), await harness.BudgetAsync());
        Assert.Equal(5, harness.Mail.To(DemoData.Researcher.Email).Count(m => m.Subject.Contains("振込のお知らせ", StringComparison.Ordinal)));
        foreach (var id in ids)
        {
            Assert.Single(await harness.Audit.ReadAsync(id.Replace("PO-", "", StringComparison.Ordinal)).ToListAsync(), e => e.Action == "payout-paid");
        }

        Assert.Equal(BatchStatus.Paid, (await harness.PayoutStore.GetBatchAsync(batch.Id))!.Status);
    }

    [Fact]
    public async Task A_batch_knows_from_its_creation_whether_its_Zengin_file_can_be_written()
    {
        await using var harness = await StartAsync();
        await harness.SetBankAccountAsync(DemoData.Researcher.Id);
        await harness.ApproveAsync("APP-1", DemoData.Researcher.Id, 10_000);
        var writable = await harness.CreateBatchAsync("fits");

        // An account stored before names were checked on entry: its holder cannot be written half-width.
        await harness.PersonAsync("kanji@example.ac.jp");
        await new BankAccountStore(harness.Storage).SaveAsync(new PayeeBankAccount("kanji@example.ac.jp", new BankAccount("0001", "001", "ordinary", "1111111", "田中 花子"), DateTimeOffset.UtcNow, "legacy"));
        await harness.ApproveAsync("APP-2", "kanji@example.ac.jp", 20_000);
        var unwritable = await harness.CreateBatchAsync("kanji");

        Assert.True(writable.ZenginWritable);
        Assert.False(unwritable.ZenginWritable);
        Assert.NotEmpty(await harness.DownloadAsync(writable.Id, "zengin"));
        var refused = await harness.Desk.CheckExportAsync(FinanceOfficer, unwritable.Id, "zengin");
        Assert.Equal(["PO-APP-2 (kanji@example.ac.jp)"], refused.Problem!.Errors!.Keys);
    }
}
