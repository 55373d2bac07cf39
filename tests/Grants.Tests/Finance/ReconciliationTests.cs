using Grants.Tests.Orchestration;
using Grants.Workflows.Access;
using Grants.Workflows.Applications;
using Grants.Workflows.BankAccounts;
using Grants.Workflows.Demo;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;
using Grants.Workflows.Reports;
using Microsoft.Extensions.DependencyInjection;
using static Grants.Tests.Finance.FinanceHarness;

namespace Grants.Tests.Finance;

[Trait("Kind", "Orchestration")]
public sealed class ReconciliationTests
{
    static DateOnly Today => PayoutService.JapanDate(DateTimeOffset.UtcNow);

    [Fact]
    public async Task The_reconciliation_balances_after_approvals_withdrawals_returns_cancellations_and_payments()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        var services = harness.Host.Services;
        var payouts = services.GetRequiredService<PayoutService>();
        var payments = services.GetRequiredService<PaymentService>();
        var desk = ActivatorUtilities.CreateInstance<FinanceDesk>(services, harness.Client);
        var reconciliation = services.GetRequiredService<ReconciliationService>();
        Ok(await services.GetRequiredService<BankAccountService>().SaveAsync(Researcher, Researcher.Id, new BankAccountRequest("0001", "001", "ordinary", "1234567", "タナカ ハナコ")));

        async Task<Application> ApprovedAsync(long fee)
        {
            var submitted = await harness.SubmitNewAsync(WorkflowHarness.Researcher, WorkflowHarness.Draft(submissionFee: fee));
            await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);
            Ok(await harness.Decisions.DecideAsync(WorkflowHarness.Director, submitted.Id, new DecisionRequest("approve", "")));
            // The fiscal-year index is the last copy a new payout gets; once it is there, every list sees the payout.
            await WorkflowHarness.EventuallyAsync(
                async () => await harness.Payouts.ListByFiscalYearAsync(harness.Year).AnyAsync(p => p.Id == Payout.IdFor(submitted.Id)), () => $"the payout of {submitted.Id}");
            return submitted;
        }

        var paidOnce = await ApprovedAsync(80_000);
        var returnedThenPaid = await ApprovedAsync(90_000);
        var cancelled = await ApprovedAsync(70_000);

        var withdrawn = await harness.SubmitNewAsync(WorkflowHarness.Researcher, WorkflowHarness.Draft(submissionFee: 40_000));
        await harness.WaitForStatusAsync(withdrawn.Id, ApplicationStatus.AwaitingApproval);
        Ok(await harness.Withdrawal.WithdrawAsync(WorkflowHarness.Researcher, withdrawn.Id));
        var sentBack = await harness.SubmitNewAsync(WorkflowHarness.Researcher, WorkflowHarness.Draft(submissionFee: 50_000));
        await harness.WaitForStatusAsync(sentBack.Id, ApplicationStatus.AwaitingApproval);
        Ok(await harness.Decisions.DecideAsync(WorkflowHarness.Director, sentBack.Id, new DecisionRequest("return", "請求書を添付し直してください。")));
        await harness.WaitForStatusAsync(withdrawn.Id, ApplicationStatus.Withdrawn);
        await harness.WaitForStatusAsync(sentBack.Id, ApplicationStatus.Returned);

        Ok(await payments.CancelAsync(FinanceOfficer, Payout.IdFor(cancelled.Id), new ReasonRequest("The publisher waived the fee.")));
        var (first, _) = Ok(await desk.CreateBatchAsync(FinanceOfficer, "recon-1"));
        await ExportAsync(desk, payouts, first.Id);
        Ok(await desk.MarkBatchPaidAsync(FinanceOfficer, first.Id, new PaidRequest(Today)));
        Ok(await desk.ReturnAsync(FinanceOfficer, Payout.IdFor(returnedThenPaid.Id), new ReasonRequest("口座名義相違 / name does not match")));

        var midway = Ok(await reconciliation.ReportAsync(FinanceOfficer, $"{harness.Year.Year}", "0"));
        Assert.True(midway.Balanced, string.Join(" ", midway.Funds.SelectMany(f => f.Differences)));
        Assert.Equal([Payout.IdFor(returnedThenPaid.Id)], midway.Unbatched.Select(w => w.PayoutId));
        Assert.Equal("口座名義相違 / name does not match", midway.Unbatched[0].LastReturnReason);

        var (second, _) = Ok(await desk.CreateBatchAsync(FinanceOfficer, "recon-2"));
        await ExportAsync(desk, payouts, second.Id);
        Ok(await desk.MarkBatchPaidAsync(FinanceOfficer, second.Id, new PaidRequest(Today)));
        var waiting = await ApprovedAsync(60_000);

        var report = Ok(await reconciliation.ReportAsync(Director, $"{harness.Year.Year}", null));

        Assert.True(report.Balanced, string.Join(" ", report.Funds.SelectMany(f => f.Differences)));
        var director = Assert.Single(report.Funds, f => f.FundId == DemoData.DirectorFund);
        Assert.Equal((DemoData.DirectorDiscretionary.NameJa, DemoData.DirectorDiscretionary.NameEn), (director.FundNameJa, director.FundNameEn));
        Assert.Equal(
            (3_000_000L, 60_000L, 170_000L, 2_770_000L, 60_000L, 0L, 170_000L, 70_000L, 4),
            (director.Allocation.Value, director.Reserved.Value, director.Paid.Value, director.Remaining.Value, director.PayoutsOutstanding.Value,
                director.ReservedBeyondPayouts.Value, director.PayoutsPaid.Value, director.PayoutsCancelled.Value, director.PayoutCount));
        Assert.Equal("DIR-001", director.BudgetCode);
        Assert.Contains(report.Funds, f => f.FundId == DemoData.JointUseFund && f.Reserved == Yen.Zero && f.Balanced);

        Assert.Equal(new[] { first.Id, second.Id }.Order(StringComparer.Ordinal), report.Batches.Select(b => b.BatchId));
        var firstLine = Assert.Single(report.Batches, b => b.BatchId == first.Id);
        Assert.Equal((2, 170_000L, 2, 170_000L, 1, 90_000L, BatchStatus.Paid), (firstLine.Count, firstLine.Total.Value, firstLine.ItemCount, firstLine.ItemTotal.Value, firstLine.ReturnedCount, firstLine.ReturnedTotal.Value, firstLine.Status));
        var secondLine = Assert.Single(report.Batches, b => b.BatchId == second.Id);
        Assert.Equal((1, 90_000L, 1, 90_000L, 0), (secondLine.Count, secondLine.Total.Value, secondLine.ItemCount, secondLine.ItemTotal.Value, secondLine.ReturnedCount));
        Assert.All(report.Batches, b => Assert.True(b.Balanced));

        // Just approved: not yet overdue at the default 14 days, listed when asked for everything waiting.
        Assert.Equal(ReconciliationService.DefaultOlderThanDays, report.OlderThanDays);
        Assert.Empty(report.Unbatched);
        var everything = Ok(await reconciliation.ReportAsync(FinanceOfficer, $"{harness.Year.Year}", "0"));
        Assert.Equal([Payout.IdFor(waiting.Id)], everything.Unbatched.Select(w => w.PayoutId));
    }

    [Fact]
    public async Task Payouts_waiting_longer_than_the_limit_are_listed_and_a_broken_budget_does_not_balance()
    {
        await using var harness = await StartAsync();
        await harness.ApproveAsync("APP-OLD", DemoData.Researcher.Id, 10_000, at: DateTimeOffset.UtcNow.AddDays(-20));
        await harness.ApproveAsync("APP-NEW", DemoData.Researcher.Id, 20_000, at: DateTimeOffset.UtcNow.AddDays(-3));

        var report = Ok(await harness.Reconciliation.ReportAsync(FinanceOfficer, $"{harness.Year.Year}", null));
        Assert.True(report.Balanced);
        var old = Assert.Single(report.Unbatched);
        Assert.Equal(("PO-APP-OLD", 20), (old.PayoutId, old.DaysWaiting));
        Assert.Equal(2, Ok(await harness.Reconciliation.ReportAsync(FinanceOfficer, $"{harness.Year.Year}", "2")).Unbatched.Count);

        // Money booked as paid with no paid payout behind it shows up as a difference.
        await harness.Funds.MarkPaidAsync("stray", DemoData.DirectorFund, harness.Year, new Yen(5_000), DateTimeOffset.UtcNow);
        var broken = Ok(await harness.Reconciliation.ReportAsync(FinanceOfficer, $"{harness.Year.Year}", null));
        Assert.False(broken.Balanced);
        Assert.Contains("¥5,000", Assert.Single(broken.Funds, f => f.FundId == DemoData.DirectorFund).Differences[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("FY2026", null)]
    [InlineData("2026", "-1")]
    [InlineData("2026", "a week")]
    public async Task Bad_parameters_are_refused(string? fiscalYear, string? olderThanDays)
    {
        await using var harness = await StartAsync();

        Assert.Equal(ProblemKind.Invalid, (await harness.Reconciliation.ReportAsync(FinanceOfficer, fiscalYear, olderThanDays)).Problem?.Kind);
    }

    static async Task ExportAsync(FinanceDesk desk, PayoutService payouts, string batchId)
    {
        var export = Ok(await desk.CheckExportAsync(FinanceOfficer, batchId, "csv"));
        await payouts.WriteAsync(export, Stream.Null);
    }
}
