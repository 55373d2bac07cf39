using Grants.Workflows.Access;
using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;
using Grants.Workflows.Programs;
using Microsoft.DurableTask.Client;
using static Grants.Tests.Orchestration.WorkflowHarness;
using static Grants.Tests.Programs.ProgramHarness;

namespace Grants.Tests.Programs;

/// <summary>
/// The graduate-student fellowship (つとめてやむな) under the in-memory host: the supervisor endorses before approval,
/// RA employment is paid one payout a month on a durable timer, and support can be stopped early.
/// </summary>
[Trait("Kind", "Orchestration")]
public sealed class GraduateFellowshipTests
{
    /// <summary>Submits an RA application and brings it to the director with kato's endorsement.</summary>
    static async Task<Application> EndorsedRaAsync(Orchestration.WorkflowHarness harness, int months, string title = "日越共同研究：酸化物界面の第一原理計算")
    {
        var submitted = await harness.SubmitWithAsync(Student, RaDraft(months, title: title), DocumentKind.EmploymentPlan);
        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingEndorsement);
        Ok(await harness.Endorsements.EndorseAsync(Supervisor, submitted.Id, new EndorsementRequest("endorse", "国際共同研究のRAとして推薦します。")));
        return await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);
    }

    [Fact]
    public async Task RA_support_is_endorsed_by_the_supervisor_approved_and_paid_exactly_once_a_month_for_the_months_requested()
    {
        await using var harness = await StartAsync(new WorkflowOptions { PaymentEvery = TimeSpan.FromSeconds(2) });
        var submitted = await harness.SubmitWithAsync(Student, RaDraft(months: 3), DocumentKind.EmploymentPlan);
        Assert.Equal(DemoData.Supervisor.Id, submitted.EndorserId);
        Assert.Equal(3, submitted.Months);
        Assert.Equal(PaymentKind.Monthly, submitted.PaymentKind);
        Assert.Equal(new Yen(240_000), submitted.Commitment);

        var awaiting = await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingEndorsement);
        Assert.Empty(awaiting.EligibilityReasons!);
        var request = await harness.WaitForMailAsync(DemoData.Supervisor.Email, "推薦のお願い");
        // The subject names the paper; its number is in the small print.
        Assert.Contains(submitted.Paper.Title, request.Subject, StringComparison.Ordinal);
        Assert.Contains(submitted.Id, request.Body, StringComparison.Ordinal);
        Assert.Contains("鈴木 一郎 さんがあなたを推薦者として申請しました。", request.Body, StringComparison.Ordinal);
        Assert.Empty(harness.Mail.To(DemoData.Director.Email));

        // The supervisor sees it among theirs, with Endorse allowed; the student's own view does not offer Endorse.
        Assert.Contains(Ok(await harness.Queries.ListAsync(Supervisor, null)), a => a.Id == submitted.Id);
        Assert.Contains(ApplicationAction.Endorse, Ok(await harness.Queries.GetAsync(Supervisor, submitted.Id)).AllowedActions);
        Assert.DoesNotContain(ApplicationAction.Endorse, Ok(await harness.Queries.GetAsync(Student, submitted.Id)).AllowedActions);

        // Nobody but the named supervisor endorses: someone with no part in it is told it does not exist, the director
        // (an approver, not the endorser) is refused, the student cannot endorse their own, and a wrong answer is invalid.
        Assert.Equal(ProblemKind.NotFound, (await harness.Endorsements.EndorseAsync(Researcher, submitted.Id, new EndorsementRequest("endorse", ""))).Problem?.Kind);
        Assert.Equal(ProblemKind.Forbidden, (await harness.Endorsements.EndorseAsync(Director, submitted.Id, new EndorsementRequest("endorse", ""))).Problem?.Kind);
        Assert.Equal(ProblemKind.Forbidden, (await harness.Endorsements.EndorseAsync(Student, submitted.Id, new EndorsementRequest("endorse", ""))).Problem?.Kind);
        Assert.Equal(ProblemKind.Invalid, (await harness.Endorsements.EndorseAsync(Supervisor, submitted.Id, new EndorsementRequest("maybe", ""))).Problem?.Kind);
        // Nor can the director skip the endorsement.
        Assert.Equal(ProblemKind.Conflict, (await harness.Decisions.DecideAsync(Director, submitted.Id, new DecisionRequest("approve", null))).Problem?.Kind);
        await Task.Delay(500);
        Assert.Equal(ApplicationStatus.AwaitingEndorsement, (await harness.CurrentAsync(submitted.Id)).Status);
        Assert.Null((await harness.CurrentAsync(submitted.Id)).Endorsement);

        Ok(await harness.Endorsements.EndorseAsync(Supervisor, submitted.Id, new EndorsementRequest("endorse", "国際共同研究のRAとして推薦します。")));
        var endorsed = await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);
        Assert.Equal(DemoData.Supervisor.Id, endorsed.Endorsement!.EndorserId);
        Assert.Equal("国際共同研究のRAとして推薦します。", endorsed.Endorsement.Comment);
        Assert.Equal(DemoData.InstituteFund, endorsed.FundId);
        await harness.WaitForMailAsync(DemoData.Director.Email, "承認依頼");
        // Once endorsed, there is nothing left to endorse.
        Assert.Equal(ProblemKind.Conflict, (await harness.Endorsements.EndorseAsync(Supervisor, submitted.Id, new EndorsementRequest("endorse", ""))).Problem?.Kind);

        Ok(await harness.Decisions.DecideAsync(Director, submitted.Id, new DecisionRequest("approve", "承認します。")));

        // Approval reserves every month; the first month is paid at once.
        await harness.WaitForPayoutAsync(submitted.Id, 1);
        Assert.Equal(new Yen(240_000), (await harness.BudgetAsync(DemoData.InstituteFund)).Reserved);
        Assert.Equal(new Yen(240_000), (await harness.Funds.GetReservationAsync(DemoData.InstituteFund, submitted.Id))!.Amount);

        var completed = await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.Completed, LongWait);
        Assert.Equal(3, completed.PaidMonths);
        Assert.Equal(ApplicationStatus.Completed, await harness.WaitForCompletionAsync(Application.InstanceIdFor(submitted.Id, 1)));

        // The workflow (and its award) has ended: no fourth month can come.
        var payouts = await harness.MonthlyPayoutsAsync(submitted.Id);
        Assert.Equal([Payout.IdFor(submitted.Id, 1), Payout.IdFor(submitted.Id, 2), Payout.IdFor(submitted.Id, 3)], payouts.Select(p => p.Id).ToArray());
        Assert.Equal($"PO-{submitted.Id}-M01", payouts[0].Id);
        Assert.All(payouts, p =>
        {
            Assert.Equal(new Yen(80_000), p.Amount);
            Assert.Equal(DemoData.Student.Id, p.PayeeId);
            Assert.Equal(DemoData.InstituteFund, p.FundId);
            Assert.Equal("INS-001", p.BudgetCode);
            Assert.Equal(harness.Year, p.FiscalYear);
        });
        // Months are paid on a schedule from approval: month n never before n - 1 periods of 2 s have passed. (Two months can
        // be paid close together when a busy machine fired the earlier one late: the schedule catches up, it does not slip.)
        var approvedAt = completed.Decision!.At;
        Assert.True(payouts[1].CreatedAt - approvedAt >= TimeSpan.FromSeconds(1.5), "Month 2 is paid a period after approval.");
        Assert.True(payouts[2].CreatedAt - approvedAt >= TimeSpan.FromSeconds(3.5), "Month 3 is paid two periods after approval.");
        Assert.Null(await harness.Payouts.GetAsync(Payout.IdFor(submitted.Id, 4)));
        Assert.Null(await harness.Payouts.GetAsync(Payout.IdFor(submitted.Id)));
        Assert.Equal(3, (await harness.Payouts.ListByStatusAsync(PayoutStatus.Approved).ToListAsync()).Count(p => p.ApplicationId == submitted.Id));

        // Everything was paid, so nothing is released: the whole reservation is the money owed.
        var budget = await harness.BudgetAsync(DemoData.InstituteFund);
        Assert.Equal(new Yen(240_000), budget.Reserved);
        Assert.Equal(new Yen(10_000_000 - 240_000), budget.Remaining);

        for (var month = 1; month <= 3; month++)
        {
            await harness.WaitForMailAsync(DemoData.Student.Email, $"{month}か月目の支援");
        }

        Assert.Equal(3, harness.Mail.To(DemoData.Student.Email).Count(m => m.Subject.Contains("か月目の支援", StringComparison.Ordinal)));
        await harness.WaitForMailAsync(DemoData.Student.Email, "支援が終了しました");
        await harness.WaitForMailAsync(DemoData.Supervisor.Email, "支援が終了しました");

        var history = await harness.HistoryAsync(submitted.Id);
        Assert.Equal(3, history.Count(h => h.Action == "monthly-payout-created"));
        Assert.Superset(
            new HashSet<string> { "submitted", "eligible", "endorsement-requested", "endorsed", "approval-requested", "budget-reserved", "approved", "monthly-payout-created", "support-ended" },
            history.Select(h => h.Action).ToHashSet());
        Assert.Equal(DemoData.Supervisor.Id, history.Single(h => h.Action == "endorsed").Actor);
    }

    [Fact]
    public async Task Stopping_RA_support_after_the_first_month_releases_the_unpaid_months_and_pays_nothing_more()
    {
        var every = TimeSpan.FromSeconds(6);
        await using var harness = await StartAsync(new WorkflowOptions { PaymentEvery = every });
        var application = await EndorsedRaAsync(harness, months: 3);
        Ok(await harness.Decisions.DecideAsync(Director, application.Id, new DecisionRequest("approve", null)));

        await harness.WaitForPayoutAsync(application.Id, 1);
        await harness.WaitForAsync(application.Id, a => a.PaidMonths == 1, "month 1 recorded");
        Assert.Equal(new Yen(240_000), (await harness.BudgetAsync(DemoData.InstituteFund)).Reserved);

        // A stop needs a reason, and only the parties the states table names may stop.
        Assert.Equal(ProblemKind.Invalid, (await harness.AwardEvents.StopAsync(Student, application.Id, new StopRequest(" "))).Problem?.Kind);
        Assert.Equal(ProblemKind.Forbidden, (await harness.AwardEvents.StopAsync(Supervisor, application.Id, new StopRequest("研究計画の変更"))).Problem?.Kind);
        Assert.Equal(ProblemKind.NotFound, (await harness.AwardEvents.StopAsync(Researcher, application.Id, new StopRequest("研究計画の変更"))).Problem?.Kind);

        Ok(await harness.AwardEvents.StopAsync(Student, application.Id, new StopRequest("就職が決まったため辞退します。")));

        var completed = await harness.WaitForStatusAsync(application.Id, ApplicationStatus.Completed);
        Assert.Equal(1, completed.PaidMonths);
        Assert.Equal(ApplicationStatus.Completed, await harness.WaitForCompletionAsync(Application.InstanceIdFor(application.Id, 1)));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await harness.Client.GetInstanceAsync(Workflows.Orchestration.AwardWorkflow.InstanceIdFor(application.Id)))!.RuntimeStatus);

        // Only the paid month stays reserved; the two unpaid months are back in the budget.
        var budget = await harness.BudgetAsync(DemoData.InstituteFund);
        Assert.Equal(new Yen(80_000), budget.Reserved);
        Assert.Equal(new Yen(10_000_000 - 80_000), budget.Remaining);

        // The workflow (and its award) has ended before the second and third months were due: nothing more was paid.
        var payouts = await harness.MonthlyPayoutsAsync(application.Id);
        Assert.Equal(Payout.IdFor(application.Id, 1), Assert.Single(payouts).Id);
        Assert.Equal(new Yen(80_000), (await harness.BudgetAsync(DemoData.InstituteFund)).Reserved);
        Assert.Equal(1, (await harness.CurrentAsync(application.Id)).PaidMonths);

        var ended = await harness.WaitForMailAsync(DemoData.Student.Email, "支援が終了しました");
        Assert.Contains("1 か月", ended.Body, StringComparison.Ordinal);
        var history = await harness.HistoryAsync(application.Id);
        var end = Assert.Single(history, h => h.Action == "support-ended");
        Assert.Equal(DemoData.Student.Id, end.Actor);
        Assert.Contains("就職が決まったため辞退します。", end.Detail, StringComparison.Ordinal);
        Assert.Contains("¥160,000 released", end.Detail, StringComparison.Ordinal);

        // Stopped support cannot be stopped again.
        Assert.Equal(ProblemKind.Conflict, (await harness.AwardEvents.StopAsync(Student, application.Id, new StopRequest("もう一度"))).Problem?.Kind);
    }

    [Fact]
    public async Task A_stop_raised_while_a_month_is_being_paid_is_not_lost()
    {
        // The moment right after a payout is written is when the workflow is busy paying; an event raised then must wait
        // for it, not vanish. A lost stop would show as support ended by "system" at the end of the period instead.
        await using var harness = await StartAsync(new WorkflowOptions { PaymentEvery = TimeSpan.FromSeconds(10) });
        for (var round = 1; round <= 4; round++)
        {
            var application = await EndorsedRaAsync(harness, months: 1, title: $"RA round {round}");
            Ok(await harness.Decisions.DecideAsync(Director, application.Id, new DecisionRequest("approve", null)));
            await harness.WaitForAsync(application.Id, a => a.PaidMonths == 1, "month 1 recorded");
            Ok(await harness.AwardEvents.StopAsync(Student, application.Id, new StopRequest("研究計画の変更")));

            var completed = await harness.WaitForStatusAsync(application.Id, ApplicationStatus.Completed, LongWait);
            Assert.Equal(1, completed.PaidMonths);
            Assert.Equal(ApplicationStatus.Completed, await harness.WaitForCompletionAsync(Application.InstanceIdFor(application.Id, 1)));
            Assert.Equal(DemoData.Student.Id, Assert.Single(await harness.HistoryAsync(application.Id), h => h.Action == "support-ended").Actor);
        }
    }

    [Fact]
    public async Task A_declined_endorsement_returns_the_application_and_a_revised_resubmission_keeps_both_submitted_versions()
    {
        await using var harness = await StartAsync();
        var submitted = await harness.SubmitWithAsync(Student, RaDraft(months: 3), DocumentKind.EmploymentPlan);
        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingEndorsement);

        Ok(await harness.Endorsements.EndorseAsync(Supervisor, submitted.Id, new EndorsementRequest("decline", "期間を2か月に短縮してください。")));

        Assert.Equal(ApplicationStatus.Returned, await harness.WaitForCompletionAsync(Application.InstanceIdFor(submitted.Id, 1)));
        var returned = await harness.CurrentAsync(submitted.Id);
        Assert.Equal(ApplicationStatus.Returned, returned.Status);
        Assert.Equal(DecisionOutcome.Return, returned.Decision!.Outcome);
        Assert.Equal(DemoData.Supervisor.Id, returned.Decision.DeciderId);
        Assert.Equal("期間を2か月に短縮してください。", returned.Decision.Comment);
        Assert.Null(returned.Endorsement);
        var declined = await harness.WaitForMailAsync(DemoData.Student.Email, "推薦が得られませんでした");
        // The subject names the paper; its number is in the small print.
        Assert.Contains(submitted.Paper.Title, declined.Subject, StringComparison.Ordinal);
        Assert.Contains(submitted.Id, declined.Body, StringComparison.Ordinal);
        // It never reached the director, and nothing was reserved.
        Assert.Empty(harness.Mail.To(DemoData.Director.Email));
        Assert.Equal(Yen.Zero, (await harness.BudgetAsync(DemoData.InstituteFund)).Reserved);
        Assert.Equal(ProblemKind.Conflict, (await harness.Endorsements.EndorseAsync(Supervisor, submitted.Id, new EndorsementRequest("endorse", ""))).Problem?.Kind);

        var revised = Ok(await harness.Drafts.UpdateDraftAsync(Student, submitted.Id, RaDraft(months: 2, title: "日越共同研究：酸化物界面の第一原理計算（2か月）")));
        Assert.Equal(ApplicationStatus.Returned, revised.Status);
        var resubmitted = Ok(await harness.Submission.SubmitAsync(Student, submitted.Id));
        Assert.Equal(2, resubmitted.SubmissionCount);

        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingEndorsement);
        await harness.WaitForMailAsync(DemoData.Supervisor.Email, "推薦のお願い", count: 2);
        Ok(await harness.Endorsements.EndorseAsync(Supervisor, submitted.Id, new EndorsementRequest("endorse", "修正を確認しました。")));
        var awaiting = await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);
        Assert.Equal("修正を確認しました。", awaiting.Endorsement!.Comment);

        // Both submitted versions are kept as they were submitted, oldest first; the draft edits in between are not versions.
        var versions = Ok(await harness.Queries.ListVersionsAsync(Student, submitted.Id));
        Assert.Equal(2, versions.Count);
        Assert.Equal([1, 2], versions.Select(v => v.SubmissionCount).ToArray());
        Assert.Equal(3, versions[0].Months);
        Assert.Equal("日越共同研究：酸化物界面の第一原理計算", versions[0].Paper.Title);
        Assert.Equal(2, versions[1].Months);
        Assert.Equal("日越共同研究：酸化物界面の第一原理計算（2か月）", versions[1].Paper.Title);
        Assert.All(versions, v => Assert.Equal(ApplicationStatus.Submitted, v.Status));

        // The supervisor and the director may read them; someone with no part in the application may not.
        Assert.Equal(2, Ok(await harness.Queries.ListVersionsAsync(Supervisor, submitted.Id)).Count);
        Assert.Equal(2, Ok(await harness.Queries.ListVersionsAsync(Director, submitted.Id)).Count);
        Assert.Equal(ProblemKind.NotFound, (await harness.Queries.ListVersionsAsync(Researcher, submitted.Id)).Problem?.Kind);

        Ok(await harness.Decisions.DecideAsync(Director, submitted.Id, new DecisionRequest("approve", null)));
        await harness.WaitForPayoutAsync(submitted.Id, 1);
        Assert.Equal(new Yen(160_000), (await harness.BudgetAsync(DemoData.InstituteFund)).Reserved);
        Assert.Equal(2, Ok(await harness.Queries.ListVersionsAsync(Student, submitted.Id)).Count);
    }

    [Fact]
    public async Task An_endorser_who_is_not_in_the_directory_is_refused_on_the_field_and_nothing_is_created()
    {
        await using var harness = await StartAsync();
        var before = await harness.Applications.ListByApplicantAsync(Student.Id).CountAsync();

        var outcome = await harness.Drafts.CreateDraftAsync(Student, RaDraft(months: 2) with { EndorserId = "kato@exmaple.ac.jp" }, idempotencyKey: null);

        Assert.Equal(ProblemKind.Invalid, outcome.Problem!.Kind);
        Assert.Contains("kato@exmaple.ac.jp", Assert.Single(outcome.Problem.Errors!["endorserId"]), StringComparison.Ordinal);
        Assert.Equal(before, await harness.Applications.ListByApplicantAsync(Student.Id).CountAsync());
    }

    [Fact]
    public async Task Withdrawal_while_awaiting_endorsement_ends_the_workflow_and_reserves_nothing()
    {
        await using var harness = await StartAsync();
        var submitted = await harness.SubmitWithAsync(Student, RaDraft(months: 2), DocumentKind.EmploymentPlan);
        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingEndorsement);

        Ok(await harness.Withdrawal.WithdrawAsync(Student, submitted.Id));

        Assert.Equal(ApplicationStatus.Withdrawn, await harness.WaitForCompletionAsync(Application.InstanceIdFor(submitted.Id, 1)));
        Assert.Equal(ApplicationStatus.Withdrawn, (await harness.CurrentAsync(submitted.Id)).Status);
        Assert.Equal(ProblemKind.Conflict, (await harness.Endorsements.EndorseAsync(Supervisor, submitted.Id, new EndorsementRequest("endorse", ""))).Problem?.Kind);
        Assert.Equal(Yen.Zero, (await harness.BudgetAsync(DemoData.InstituteFund)).Reserved);
        Assert.Empty(await harness.MonthlyPayoutsAsync(submitted.Id));
    }
}
