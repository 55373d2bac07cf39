using Grants.Workflows.Access;
using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Grants.Workflows.Money;
using Grants.Workflows.Orchestration;
using Grants.Workflows.Payouts;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static Grants.Tests.Orchestration.WorkflowHarness;
using static Grants.Tests.Programs.ProgramHarness;

namespace Grants.Tests.Programs;

/// <summary>
/// Young-researcher publication support (今が大切) under the in-memory host: the paper report after payment with its
/// reminders and overdue notice, fund routing to the joint-use budget, and calls that open and close by date.
/// </summary>
[Trait("Kind", "Orchestration")]
public sealed class PublicationSupportTests(ITestOutputHelper output)
{
    [Fact]
    public async Task After_approval_the_applicant_is_reminded_then_told_the_report_is_overdue_and_a_valid_DOI_completes_it()
    {
        await using var harness = await StartAsync(new WorkflowOptions { ReportReminderEvery = TimeSpan.FromSeconds(2), ReportDueAfter = TimeSpan.FromSeconds(8) });
        var submitted = await harness.SubmitNewAsync(Researcher);
        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);
        var before = DateTimeOffset.UtcNow;
        Ok(await harness.Decisions.DecideAsync(Director, submitted.Id, new DecisionRequest("approve", "重要な成果です。")));

        var approved = await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.Approved);
        Assert.Equal(Payout.IdFor(submitted.Id), approved.PayoutId);
        Assert.Equal(new Yen(80_000), (await harness.Payouts.GetAsync(Payout.IdFor(submitted.Id)))!.Amount);
        Assert.Equal(new Yen(80_000), (await harness.DirectorBudgetAsync()).Reserved);
        // The application shows when its report is due: eight seconds after approval here (room for a reminder first, even on a loaded machine).
        Assert.NotNull(approved.ReportDue);
        Assert.InRange(approved.ReportDue!.Value, before.AddSeconds(7), DateTimeOffset.UtcNow.AddSeconds(9));
        Assert.Contains(ApplicationAction.Report, Ok(await harness.Queries.GetAsync(Researcher, submitted.Id)).AllowedActions);

        // A reminder before the due date, then the overdue notice after it.
        var reminder = await harness.WaitForMailAsync(DemoData.Researcher.Email, "論文掲載の報告のお願い");
        Assert.Contains("Please report the DOI of your published paper.", reminder.Body, StringComparison.Ordinal);
        var overdue = await harness.WaitForMailAsync(DemoData.Researcher.Email, "論文掲載の報告期限を過ぎています");
        Assert.Contains("A late report is still welcome.", overdue.Body, StringComparison.Ordinal);
        var reminderAt = harness.Mail.Messages.ToList().FindIndex(m => m.Subject.Contains("論文掲載の報告のお願い", StringComparison.Ordinal));
        var overdueAt = harness.Mail.Messages.ToList().FindIndex(m => m.Subject.Contains("報告期限を過ぎています", StringComparison.Ordinal));
        Assert.True(reminderAt < overdueAt, "The reminder comes before the overdue notice.");
        Assert.Equal(ApplicationStatus.Approved, (await harness.CurrentAsync(submitted.Id)).Status);

        // A DOI that is not one is refused and changes nothing; only the applicant reports.
        foreach (var bad in new[] { "", "   ", "not-a-doi", "10.12/abcd", "https://doi.org/10.1234/abcd", "10.1234/" })
        {
            var refused = await harness.AwardEvents.ReportAsync(Researcher, submitted.Id, new ReportRequest(bad));
            Assert.Equal(ProblemKind.Invalid, refused.Problem?.Kind);
            Assert.True(refused.Problem!.Errors!.ContainsKey("doi"));
        }

        Assert.Equal(ProblemKind.Forbidden, (await harness.AwardEvents.ReportAsync(Director, submitted.Id, new ReportRequest("10.1234/abcd"))).Problem?.Kind);
        Assert.Equal(ProblemKind.NotFound, (await harness.AwardEvents.ReportAsync(Student, submitted.Id, new ReportRequest("10.1234/abcd"))).Problem?.Kind);
        Assert.Null((await harness.CurrentAsync(submitted.Id)).Report);

        Ok(await harness.AwardEvents.ReportAsync(Researcher, submitted.Id, new ReportRequest("10.1234/abcd")));

        var completed = await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.Completed);
        Assert.Equal("10.1234/abcd", completed.Report!.Doi);
        Assert.Equal(ApplicationStatus.Completed, await harness.WaitForCompletionAsync(Application.InstanceIdFor(submitted.Id, 1)));
        await harness.WaitForMailAsync(DemoData.Researcher.Email, "ご報告ありがとうございました");
        var history = await harness.HistoryAsync(submitted.Id);
        var report = Assert.Single(history, h => h.Action == "report");
        Assert.Equal(DemoData.Researcher.Id, report.Actor);
        Assert.Equal("DOI 10.1234/abcd.", report.Detail);
        Assert.Contains(history, h => h.Action == "notified-reportreminder");
        Assert.Contains(history, h => h.Action == "notified-reportoverdue");

        // Reported: no more reminders, and the report cannot be sent twice. One payout, the same reservation.
        // The workflow has ended (above), so no reminder can follow the report.
        var reminders = harness.MailCount(DemoData.Researcher.Email, "論文掲載の報告");
        Assert.Equal(reminders, harness.MailCount(DemoData.Researcher.Email, "論文掲載の報告"));
        Assert.Equal(ProblemKind.Conflict, (await harness.AwardEvents.ReportAsync(Researcher, submitted.Id, new ReportRequest("10.1234/efgh"))).Problem?.Kind);
        Assert.Equal("10.1234/abcd", (await harness.CurrentAsync(submitted.Id)).Report!.Doi);
        Assert.Single(await harness.Payouts.ListByStatusAsync(PayoutStatus.Approved).ToListAsync(), p => p.ApplicationId == submitted.Id);
        Assert.Equal(new Yen(80_000), (await harness.DirectorBudgetAsync()).Reserved);
    }

    [Fact]
    public async Task A_paper_from_joint_use_research_is_paid_from_the_joint_use_budget_and_approved_by_its_approver()
    {
        await using var harness = await StartAsync();
        var draft = Draft("共同利用研究による高圧合成") with { Paper = new Paper("共同利用研究による高圧合成", "Physical Review B", JointUseResearch: true) };
        var submitted = await harness.SubmitNewAsync(Researcher, draft);

        var awaiting = await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);
        Assert.Equal(DemoData.JointUseFund, awaiting.FundId);
        await harness.WaitForMailAsync(DemoData.JointUseApprover.Email, "承認依頼");
        Assert.DoesNotContain(harness.Mail.To(DemoData.Director.Email), m => m.Subject.Contains("承認依頼", StringComparison.Ordinal));
        Assert.Equal(Yen.Zero, (await harness.BudgetAsync(DemoData.JointUseFund)).Reserved);

        // The joint-use budget's approver decides; the applicant still cannot.
        Assert.Equal(ProblemKind.Forbidden, (await harness.Decisions.DecideAsync(Researcher, submitted.Id, new DecisionRequest("approve", null))).Problem?.Kind);
        Ok(await harness.Decisions.DecideAsync(JointUseApprover, submitted.Id, new DecisionRequest("approve", "共同利用の成果として承認します。")));

        var approved = await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.Approved);
        Assert.Equal(DemoData.JointUseApprover.Id, approved.Decision!.DeciderId);
        Assert.Equal(new Yen(80_000), (await harness.BudgetAsync(DemoData.JointUseFund)).Reserved);
        Assert.Equal(Yen.Zero, (await harness.DirectorBudgetAsync()).Reserved);
        var payout = (await harness.Payouts.GetAsync(Payout.IdFor(submitted.Id)))!;
        Assert.Equal(DemoData.JointUseFund, payout.FundId);
        Assert.Equal("JU-001", payout.BudgetCode);
    }

    [Fact]
    public async Task Outside_an_open_call_a_submission_is_refused_and_changes_nothing_and_a_new_version_judges_only_later_submissions()
    {
        await using var harness = await StartAsync();
        var catalog = harness.Host.Services.GetRequiredService<ProgramCatalog>();

        // Submitted under version 1 while its call is open.
        var early = await harness.SubmitNewAsync(Researcher, Draft("第1版で申請した論文", submissionFee: 80_000));
        await harness.WaitForStatusAsync(early.Id, ApplicationStatus.AwaitingApproval);
        Assert.Equal(1, early.ProgramVersion);

        // The office closes this year's call early, and publishes version 2.
        var calls = harness.Host.Services.GetRequiredService<CallService>();
        var office = new Actor("office@example.ac.jp", new HashSet<string> { Roles.Admin });
        var year = harness.Year.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(CallStatus.Closed, Ok(await calls.CloseAsync(office, DemoData.ImaGaTaisetsu, year)).Status);
        Assert.Equal(PublishResult.Published, await catalog.PublishAsync(DemoData.PublicationSupport with { Version = 2 }));
        Assert.Equal(2, (await catalog.FindAsync(DemoData.ImaGaTaisetsu))!.Version);

        var (late, _) = Ok(await harness.Drafts.CreateDraftAsync(Researcher, Draft("締切後の論文"), idempotencyKey: null));
        await harness.AttachInvoiceAsync(Researcher, late.Id);
        var before = await harness.CurrentAsync(late.Id);
        var refused = await harness.Submission.SubmitAsync(Researcher, late.Id);

        Assert.Equal(ProblemKind.Conflict, refused.Problem?.Kind);
        Assert.Contains("no open call", refused.Problem!.Detail, StringComparison.Ordinal);
        var after = await harness.CurrentAsync(late.Id);
        Assert.Equal(ApplicationStatus.Draft, after.Status);
        Assert.Equal(0, after.SubmissionCount);
        Assert.Null(after.SubmittedAt);
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
        Assert.Equal(2, after.ProgramVersion);
        Assert.Empty(Ok(await harness.Queries.ListVersionsAsync(Researcher, late.Id)));
        Assert.Null(await harness.Client.GetInstanceAsync(Application.InstanceIdFor(late.Id, 1)));
        Assert.DoesNotContain(await harness.HistoryAsync(late.Id), h => h.Action == "submitted");

        // Version 3 lowers the submission-fee cap to 50,000 and the call reopens (its close date moved, no new version):
        // version 3 judges the next submission...
        var v3 = DemoData.PublicationSupport with
        {
            Version = 3,
            Expenses = [new(ExpenseKind.SubmissionFee, new Yen(50_000), [DocumentKind.Invoice]), .. DemoData.PublicationSupport.Expenses.Skip(1)],
        };
        await catalog.PublishAsync(v3);
        Assert.Equal(CallStatus.Open, Ok(await calls.MoveDeadlineAsync(office, DemoData.ImaGaTaisetsu, year, new MoveDeadlineRequest(harness.Year.End))).Status);
        var resubmitted = Ok(await harness.Submission.SubmitAsync(Researcher, late.Id));
        Assert.Equal(3, resubmitted.ProgramVersion);
        Assert.Equal(ApplicationStatus.Ineligible, await harness.WaitForCompletionAsync(Application.InstanceIdFor(late.Id, 1)));
        Assert.Contains((await harness.CurrentAsync(late.Id)).EligibilityReasons!, r => r.Code == "over-cap-per-paper");

        // ...while the one submitted under version 1 is still decided under version 1 and paid in full.
        Ok(await harness.Decisions.DecideAsync(Director, early.Id, new DecisionRequest("approve", null)));
        var approved = await harness.WaitForStatusAsync(early.Id, ApplicationStatus.Approved);
        Assert.Equal(1, approved.ProgramVersion);
        Assert.Equal(new Yen(80_000), (await harness.Payouts.GetAsync(Payout.IdFor(early.Id)))!.Amount);
    }

    [Fact]
    public async Task Fifty_concurrent_approvals_against_a_fund_that_fits_ten_approve_exactly_ten_and_never_overspend()
    {
        const int applications = 50;
        const long each = 80_000;
        var allocation = new Yen(10 * each);
        await using var harness = await StartAsync(directorFundAllocation: allocation.Value);
        var wait = TimeSpan.FromSeconds(120);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var submitted = (await Task.WhenAll(Enumerable.Range(1, applications).Select(i => Task.Run(() => harness.SubmitNewAsync(Researcher, Draft($"論文 {i:D2}", each)))))).ToList();

        output.WriteLine($"50 submitted: {clock.ElapsedMilliseconds} ms");
        var ids = submitted.Select(a => a.Id).ToHashSet();
        Assert.Equal(applications, ids.Count);
        await WaitForAsync(
            async () => await harness.Applications.ListByStatusAsync(ApplicationStatus.AwaitingApproval).CountAsync(a => ids.Contains(a.Id)) == applications ? "all" : null,
            "all 50 to await approval", wait);

        output.WriteLine($"50 awaiting approval: {clock.ElapsedMilliseconds} ms");

        // Watch the budget while the approvals race: it may never be over its allocation.
        using var stop = new CancellationTokenSource();
        var highest = Yen.Zero;
        var watcher = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var budget = await harness.DirectorBudgetAsync();
                highest = budget.Reserved > highest ? budget.Reserved : highest;
                Assert.True(budget.Reserved <= budget.Allocation, $"Reserved {budget.Reserved} exceeds the allocation {budget.Allocation}.");
                Assert.True(budget.Remaining >= Yen.Zero, $"Remaining {budget.Remaining} is negative.");
                await Task.Delay(20);
            }
        });

        var decisions = await Task.WhenAll(submitted.Select(a => Task.Run(() => harness.Decisions.DecideAsync(Director, a.Id, new DecisionRequest("approve", null)))));
        Assert.All(decisions, d => Assert.True(d.Succeeded, d.Problem?.Detail));
        output.WriteLine($"50 approvals sent: {clock.ElapsedMilliseconds} ms");

        // Every approval is answered: ten are honoured, forty come back to the director as not enough budget.
        await WaitForAsync(
            async () =>
            {
                var approved = await harness.Applications.ListByStatusAsync(ApplicationStatus.Approved).CountAsync(a => ids.Contains(a.Id));
                return approved == 10 && harness.MailCount(DemoData.Director.Email, "予算残額不足") == applications - 10 ? "done" : null;
            },
            $"10 approved and 40 budget-insufficient mails; mails so far: {harness.MailCount(DemoData.Director.Email, "予算残額不足")}",
            wait);
        output.WriteLine($"10 approved, 40 refused: {clock.ElapsedMilliseconds} ms");
        await WaitForAsync(
            () => Task.FromResult(harness.MailCount(DemoData.Researcher.Email, "申請が承認されました") == 10 ? "all" : null),
            "10 approval mails to the applicant", wait);
        await Task.Delay(1000);
        stop.Cancel();
        await watcher;

        var statuses = new Dictionary<string, ApplicationStatus>();
        foreach (var id in ids)
        {
            statuses[id] = (await harness.CurrentAsync(id)).Status;
        }

        var winners = statuses.Where(s => s.Value == ApplicationStatus.Approved).Select(s => s.Key).ToHashSet();
        Assert.Equal(10, winners.Count);
        Assert.Equal(40, statuses.Count(s => s.Value == ApplicationStatus.AwaitingApproval));

        var budget = await harness.DirectorBudgetAsync();
        Assert.Equal(allocation, budget.Reserved);
        Assert.Equal(Yen.Zero, budget.Remaining);
        Assert.Equal(allocation, highest);

        // Money follows the winners exactly: one reservation and one payout each, and none for anyone else.
        foreach (var id in ids)
        {
            var reservation = await harness.Funds.GetReservationAsync(DemoData.DirectorFund, id);
            var payout = await harness.Payouts.GetAsync(Payout.IdFor(id));
            if (winners.Contains(id))
            {
                Assert.Equal(new Yen(each), reservation!.Amount);
                Assert.Equal(new Yen(each), payout!.Amount);
            }
            else
            {
                Assert.Null(reservation);
                Assert.Null(payout);
                Assert.Equal(OrchestrationRuntimeStatus.Running, (await harness.Client.GetInstanceAsync(Application.InstanceIdFor(id, 1)))!.RuntimeStatus);
            }
        }

        Assert.Equal(10, harness.MailCount(DemoData.Researcher.Email, "申請が承認されました"));
        var loser = ids.Except(winners).First();
        Assert.Contains(await harness.HistoryAsync(loser), h => h.Action == "budget-insufficient");
        Assert.DoesNotContain(await harness.HistoryAsync(loser), h => h.Action == "budget-reserved");
    }
}
