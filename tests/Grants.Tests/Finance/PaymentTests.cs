using Grants.Workflows.Access;
using Grants.Workflows.Demo;
using Grants.Workflows.Payouts;
using static Grants.Tests.Finance.FinanceHarness;

namespace Grants.Tests.Finance;

[Trait("Kind", "Orchestration")]
public sealed class PaymentTests
{
    static DateOnly Today => PayoutService.JapanDate(DateTimeOffset.UtcNow);

    [Fact]
    public async Task Marking_a_batch_paid_books_each_payout_once_and_mails_each_payee_once()
    {
        await using var harness = await StartAsync();
        await ResearcherAndStudentApprovedAsync(harness);
        Assert.Equal(new FundBudgetView(3_000_000, 150_000, 0), await harness.BudgetAsync());
        var batch = await harness.CreateBatchAsync("pay");
        await harness.DownloadAsync(batch.Id, "zengin");
        Assert.Equal(2, await harness.PayoutStore.ListByStatusAsync(PayoutStatus.Exported).CountAsync());
        Assert.Equal(PayoutStatus.Exported, (await harness.PayoutStore.GetAsync("PO-APP-1"))!.Status);

        var paid = Ok(await harness.Desk.MarkBatchPaidAsync(FinanceOfficer, batch.Id, new PaidRequest(Today)));
        var again = Ok(await harness.Desk.MarkBatchPaidAsync(FinanceOfficer, batch.Id, new PaidRequest(Today)));

        Assert.Equal(BatchStatus.Paid, paid.Status);
        Assert.Equal(Today, paid.PaidOn);
        Assert.Equal(paid, again);
        Assert.Equal(new FundBudgetView(3_000_000, 0, 150_000), await harness.BudgetAsync());
        foreach (var id in new[] { "PO-APP-1", "PO-APP-2" })
        {
            var payout = (await harness.PayoutStore.GetAsync(id))!;
            Assert.Equal((PayoutStatus.Paid, Today, batch.Id), (payout.Status, payout.PaidOn, payout.BatchId));
        }

        Assert.Equal(2, await harness.PayoutStore.ListByStatusAsync(PayoutStatus.Paid).CountAsync());
        Assert.Empty(await harness.PayoutStore.ListByStatusAsync(PayoutStatus.Exported).ToListAsync());
        var mail = Assert.Single(harness.Mail.To(DemoData.Researcher.Email));
        Assert.Contains("振込のお知らせ", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("¥120,000", mail.Body, StringComparison.Ordinal);
        Assert.Single(harness.Mail.To(DemoData.Student.Email));
        Assert.Contains(await harness.Audit.ReadAsync("APP-1").ToListAsync(), e => e.Action == "payout-paid");
    }

    [Fact]
    public async Task A_batch_is_paid_only_after_its_file_went_out_and_only_on_a_real_date()
    {
        await using var harness = await StartAsync();
        await harness.SetBankAccountAsync(DemoData.Researcher.Id);
        await harness.ApproveAsync("APP-1", DemoData.Researcher.Id, 120_000);
        var batch = await harness.CreateBatchAsync("early");

        Assert.Equal(ProblemKind.Conflict, (await harness.Desk.MarkBatchPaidAsync(FinanceOfficer, batch.Id, new PaidRequest(Today))).Problem?.Kind);
        await harness.DownloadAsync(batch.Id, "csv");
        Assert.Equal(ProblemKind.Invalid, (await harness.Desk.MarkBatchPaidAsync(FinanceOfficer, batch.Id, new PaidRequest(null))).Problem?.Kind);
        Assert.Equal(ProblemKind.Invalid, (await harness.Desk.MarkBatchPaidAsync(FinanceOfficer, batch.Id, new PaidRequest(Today.AddDays(2)))).Problem?.Kind);
        Assert.Equal(ProblemKind.NotFound, (await harness.Desk.MarkBatchPaidAsync(FinanceOfficer, "B-NONE", new PaidRequest(Today))).Problem?.Kind);

        Assert.Equal(BatchStatus.Exported, (await harness.PayoutStore.GetBatchAsync(batch.Id))!.Status);
        Assert.Null((await harness.PayoutStore.GetBatchAsync(batch.Id))!.PaidOn);
        Assert.Equal(new FundBudgetView(3_000_000, 120_000, 0), await harness.BudgetAsync());
        Assert.Empty(harness.Mail.Messages);
    }

    [Fact]
    public async Task A_returned_payout_goes_back_to_approved_with_its_reason_and_is_paid_in_a_later_batch()
    {
        await using var harness = await StartAsync();
        await harness.SetBankAccountAsync(DemoData.Researcher.Id, number: "1234567");
        await harness.SetBankAccountAsync(DemoData.Student.Id, "スズキ イチロウ");
        await harness.ApproveAsync("APP-1", DemoData.Researcher.Id, 120_000);
        await harness.ApproveAsync("APP-2", DemoData.Student.Id, 30_000);
        var first = await harness.CreateBatchAsync("first");
        await harness.DownloadAsync(first.Id, "zengin");
        Ok(await harness.Desk.MarkBatchPaidAsync(FinanceOfficer, first.Id, new PaidRequest(Today)));

        var returned = Ok(await harness.Desk.ReturnAsync(FinanceOfficer, "PO-APP-1", new ReasonRequest("口座番号相違 / no such account")));
        var replayed = Ok(await harness.Desk.ReturnAsync(FinanceOfficer, "PO-APP-1", new ReasonRequest("口座番号相違 / no such account")));

        Assert.Equal(PayoutStatus.Approved, returned.Status);
        Assert.Null(returned.BatchId);
        var record = Assert.Single(returned.Returns!);
        Assert.Equal((first.Id, "口座番号相違 / no such account", true), (record.BatchId, record.Reason, record.WasPaid));
        Assert.Equal(returned.Id, replayed.Id);
        Assert.Single(replayed.Returns!);
        Assert.Equal(new FundBudgetView(3_000_000, 120_000, 30_000), await harness.BudgetAsync());
        Assert.Contains(harness.Mail.To(DemoData.Researcher.Email), m => m.Subject.Contains("振込ができませんでした", StringComparison.Ordinal));
        Assert.Equal(ProblemKind.Conflict, (await harness.Desk.ReturnAsync(FinanceOfficer, "PO-APP-1", new ReasonRequest("another reason"))).Problem?.Kind);

        // The frozen first batch still holds it, and lists it as it is now: returned, approved again, out of any batch.
        Assert.Equal(2, await harness.PayoutStore.ListBatchItemsAsync(first.Id).CountAsync());
        var listed = Ok(await harness.Payouts.ListBatchPayoutsAsync(FinanceOfficer, first.Id));
        Assert.Equal([("PO-APP-1", PayoutStatus.Approved), ("PO-APP-2", PayoutStatus.Paid)], listed.Select(p => (p.Id, p.Status)));
        Assert.Equal(ProblemKind.NotFound, (await harness.Payouts.ListBatchPayoutsAsync(FinanceOfficer, "BATCH-NONE")).Problem?.Kind);

        // The payee fixes the account and the next batch pays it.
        await harness.SetBankAccountAsync(DemoData.Researcher.Id, number: "7654321");
        var second = await harness.CreateBatchAsync("second");
        Assert.Equal((1, 120_000L), (second.Count, second.Total.Value));
        Assert.Equal("7654321", ZenginReader.Read(await harness.DownloadAsync(second.Id, "zengin")).Transfers.Single().AccountNumber);
        Ok(await harness.Desk.MarkBatchPaidAsync(FinanceOfficer, second.Id, new PaidRequest(Today)));

        var payout = (await harness.PayoutStore.GetAsync("PO-APP-1"))!;
        Assert.Equal((PayoutStatus.Paid, second.Id), (payout.Status, payout.BatchId));
        Assert.Equal(new FundBudgetView(3_000_000, 0, 150_000), await harness.BudgetAsync());
        Assert.Equal(2, harness.Mail.To(DemoData.Researcher.Email).Count(m => m.Subject.Contains("振込のお知らせ", StringComparison.Ordinal)));
        Assert.Equal([second.Id, first.Id], Ok(await harness.Payouts.ListBatchesAsync(FinanceOfficer)).Select(b => b.Id));
    }

    [Fact]
    public async Task A_transfer_returned_before_the_batch_is_marked_paid_is_left_out_of_the_payment()
    {
        await using var harness = await StartAsync();
        await ResearcherAndStudentApprovedAsync(harness);
        var batch = await harness.CreateBatchAsync("early-return");
        await harness.DownloadAsync(batch.Id, "zengin");

        var returned = Ok(await harness.Desk.ReturnAsync(FinanceOfficer, "PO-APP-2", new ReasonRequest("口座解約済 / account closed")));
        Assert.False(returned.Returns!.Single().WasPaid);
        Ok(await harness.Desk.MarkBatchPaidAsync(FinanceOfficer, batch.Id, new PaidRequest(Today)));

        Assert.Equal(PayoutStatus.Approved, (await harness.PayoutStore.GetAsync("PO-APP-2"))!.Status);
        Assert.Equal(new FundBudgetView(3_000_000, 30_000, 120_000), await harness.BudgetAsync());
        Assert.DoesNotContain(harness.Mail.To(DemoData.Student.Email), m => m.Subject.Contains("振込のお知らせ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancelling_an_approved_payout_gives_its_reservation_back_once()
    {
        await using var harness = await StartAsync();
        await harness.SetBankAccountAsync(DemoData.Researcher.Id);
        await harness.ApproveAsync("APP-1", DemoData.Researcher.Id, 120_000);
        await harness.ApproveAsync("APP-2", DemoData.Researcher.Id, 50_000);

        Assert.Equal(ProblemKind.Invalid, (await harness.Payments.CancelAsync(FinanceOfficer, "PO-APP-1", new ReasonRequest(" "))).Problem?.Kind);
        var cancelled = Ok(await harness.Payments.CancelAsync(FinanceOfficer, "PO-APP-1", new ReasonRequest("Paid by the publisher's waiver instead.")));
        Ok(await harness.Payments.CancelAsync(FinanceOfficer, "PO-APP-1", new ReasonRequest("Paid by the publisher's waiver instead.")));

        Assert.Equal(PayoutStatus.Cancelled, cancelled.Status);
        Assert.Equal(new FundBudgetView(3_000_000, 50_000, 0), await harness.BudgetAsync());
        var batch = await harness.CreateBatchAsync("after-cancel");
        Assert.Equal(["PO-APP-2"], await harness.PayoutStore.ListBatchItemsAsync(batch.Id).Select(p => p.Id).ToArrayAsync());
        Assert.Equal(ProblemKind.Conflict, (await harness.Payments.CancelAsync(FinanceOfficer, "PO-APP-2", new ReasonRequest("too late"))).Problem?.Kind);
        Assert.Equal(ProblemKind.NotFound, (await harness.Payments.CancelAsync(FinanceOfficer, "PO-NONE", new ReasonRequest("x"))).Problem?.Kind);
    }

    /// <summary>Both payees with a bank account: APP-1 approved for the researcher (¥120,000), APP-2 for the student (¥30,000).</summary>
    static async Task ResearcherAndStudentApprovedAsync(FinanceHarness harness)
    {
        await harness.SetBankAccountAsync(DemoData.Researcher.Id);
        await harness.SetBankAccountAsync(DemoData.Student.Id, "スズキ イチロウ");
        await harness.ApproveAsync("APP-1", DemoData.Researcher.Id, 120_000);
        await harness.ApproveAsync("APP-2", DemoData.Student.Id, 30_000);
    }
}
