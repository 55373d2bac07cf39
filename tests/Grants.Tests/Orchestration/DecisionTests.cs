using Grants.Workflows.Access;
using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;
using Microsoft.DurableTask.Client;
using static Grants.Tests.Orchestration.WorkflowHarness;

namespace Grants.Tests.Orchestration;

/// <summary>The director's three decisions, carried through the real workflow.</summary>
[Trait("Kind", "Orchestration")]
public sealed class DecisionTests
{
    [Fact]
    public async Task Approval_reserves_the_budget_creates_one_payout_and_tells_everyone_in_Japanese()
    {
        await using var harness = await StartAsync();
        var before = DateTimeOffset.UtcNow;
        var submitted = await harness.SubmitNewAsync(Researcher);
        Assert.Equal(1, submitted.SubmissionCount);

        var awaiting = await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);
        Assert.Equal(DemoData.DirectorFund, awaiting.FundId);
        Assert.Equal(harness.Year, awaiting.FiscalYear);
        // Set from the orchestration's clock: the same instant as the wall clock, whatever the machine's time zone.
        Assert.InRange(awaiting.UpdatedAt, before.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Empty(awaiting.EligibilityReasons!);
        var request = await harness.WaitForMailAsync(DemoData.Director.Email, "承認依頼");
        Assert.Contains(submitted.Id, request.Subject, StringComparison.Ordinal);
        Assert.Contains("田中 花子 さんの申請が承認を待っています。", request.Body, StringComparison.Ordinal);

        Ok(await harness.Decisions.DecideAsync(Director, submitted.Id, new DecisionRequest("approve", "重要な成果です。")));

        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.Approved);
        var approved = (await harness.Applications.GetAsync(submitted.Id))!.Value;
        Assert.Equal(ApplicationStatus.Approved, approved.Status);
        Assert.Equal(new Decision(DecisionOutcome.Approve, DemoData.Director.Id, "重要な成果です。", approved.Decision!.At), approved.Decision);
        Assert.Equal(Payout.IdFor(submitted.Id), approved.PayoutId);

        var budget = await harness.DirectorBudgetAsync();
        Assert.Equal(new Yen(80_000), budget.Reserved);
        Assert.Equal(new Yen(80_000), (await harness.Funds.GetReservationAsync(DemoData.DirectorFund, submitted.Id))!.Amount);

        var payout = Assert.Single(await harness.Payouts.ListByStatusAsync(PayoutStatus.Approved).ToListAsync());
        Assert.Equal(Payout.IdFor(submitted.Id), payout.Id);
        Assert.Equal(new Yen(80_000), payout.Amount);
        Assert.Equal(DemoData.Researcher.Id, payout.PayeeId);
        Assert.Equal("タナカ ハナコ", payout.PayeeKana);
        Assert.Equal("DIR-001", payout.BudgetCode);
        Assert.Equal(harness.Year, payout.FiscalYear);

        // The approval mail follows the recorded outcome.
        var mail = await harness.WaitForMailAsync(DemoData.Researcher.Email, "申請が承認されました");
        Assert.Single(harness.Mail.To(DemoData.Researcher.Email));
        Assert.Contains("承認されました。重要な成果です。", mail.Body, StringComparison.Ordinal);
        Assert.Contains("¥80,000", mail.Body, StringComparison.Ordinal);
        Assert.Contains("酸化物薄膜における界面磁性の歪み制御", mail.Body, StringComparison.Ordinal);
        Assert.Single(harness.Mail.To(DemoData.Director.Email));

        var view = Ok(await harness.Queries.GetAsync(Researcher, submitted.Id));
        Assert.DoesNotContain(view.AllowedActions, a => a is ApplicationAction.Edit or ApplicationAction.Upload or ApplicationAction.Submit or ApplicationAction.Decide or ApplicationAction.Withdraw);
        Assert.Superset(new HashSet<string> { "created", "document-added", "submitted", "eligible", "approval-requested", "budget-reserved", "payout-created", "approved" },
            view.History.Select(h => h.Action).ToHashSet());
    }

    [Fact]
    public async Task Rejection_needs_a_comment_and_then_pays_nothing()
    {
        await using var harness = await StartAsync();
        var submitted = await harness.SubmitNewAsync(Researcher);
        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);

        foreach (var comment in new[] { null, "", "   " })
        {
            var refused = await harness.Decisions.DecideAsync(Director, submitted.Id, new DecisionRequest("reject", comment));
            Assert.Equal(ProblemKind.Invalid, refused.Problem?.Kind);
            Assert.True(refused.Problem!.Errors!.ContainsKey("comment"));
        }

        Assert.Equal(ProblemKind.Invalid, (await harness.Decisions.DecideAsync(Director, submitted.Id, new DecisionRequest("maybe", "Hmm"))).Problem?.Kind);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await harness.Client.GetInstanceAsync(Application.InstanceIdFor(submitted.Id, 1)))!.RuntimeStatus);

        Ok(await harness.Decisions.DecideAsync(Director, submitted.Id, new DecisionRequest("reject", "本制度の対象外の経費です。")));

        Assert.Equal(ApplicationStatus.Rejected, await harness.WaitForCompletionAsync(Application.InstanceIdFor(submitted.Id, 1)));
        var rejected = (await harness.Applications.GetAsync(submitted.Id))!.Value;
        Assert.Equal(ApplicationStatus.Rejected, rejected.Status);
        Assert.Equal(DecisionOutcome.Reject, rejected.Decision!.Outcome);
        Assert.Null(rejected.PayoutId);
        Assert.Null(await harness.Payouts.GetAsync(Payout.IdFor(submitted.Id)));
        Assert.Empty(await harness.Payouts.ListByStatusAsync(PayoutStatus.Approved).ToListAsync());
        Assert.Null(await harness.Funds.GetReservationAsync(DemoData.DirectorFund, submitted.Id));
        var budget = await harness.DirectorBudgetAsync();
        Assert.Equal(Yen.Zero, budget.Reserved);
        Assert.Equal(new Yen(3_000_000), budget.Remaining);

        var mail = Assert.Single(harness.Mail.To(DemoData.Researcher.Email));
        Assert.Contains("不採択", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("本制度の対象外の経費です。", mail.Body, StringComparison.Ordinal);

        Assert.Equal(ProblemKind.Conflict, (await harness.Decisions.DecideAsync(Director, submitted.Id, new DecisionRequest("approve", null))).Problem?.Kind);
    }

    [Fact]
    public async Task A_returned_application_can_be_revised_resubmitted_and_approved_by_a_second_workflow()
    {
        await using var harness = await StartAsync();
        var submitted = await harness.SubmitNewAsync(Researcher);
        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);

        Ok(await harness.Decisions.DecideAsync(Director, submitted.Id, new DecisionRequest("return", "請求書の金額を確認してください。")));

        Assert.Equal(ApplicationStatus.Returned, await harness.WaitForCompletionAsync(Application.InstanceIdFor(submitted.Id, 1)));
        var returned = (await harness.Applications.GetAsync(submitted.Id))!.Value;
        Assert.Equal(ApplicationStatus.Returned, returned.Status);
        Assert.Equal(DecisionOutcome.Return, returned.Decision!.Outcome);
        var mail = await harness.WaitForMailAsync(DemoData.Researcher.Email, "修正");
        Assert.Contains("請求書の金額を確認してください。", mail.Body, StringComparison.Ordinal);
        Assert.Equal(ProblemKind.Conflict, (await harness.Decisions.DecideAsync(Director, submitted.Id, new DecisionRequest("approve", null))).Problem?.Kind);
        Assert.Null(await harness.Payouts.GetAsync(Payout.IdFor(submitted.Id)));

        var revised = Ok(await harness.Drafts.UpdateDraftAsync(Researcher, submitted.Id, Draft("酸化物薄膜における界面磁性の歪み制御（改訂）", 90_000)));
        Assert.Equal(ApplicationStatus.Returned, revised.Status);
        var resubmitted = Ok(await harness.Submission.SubmitAsync(Researcher, submitted.Id));
        Assert.Equal(2, resubmitted.SubmissionCount);
        Assert.Null(resubmitted.Decision);

        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);
        await EventuallyAsync(() => Task.FromResult(harness.Mail.To(DemoData.Director.Email).Count(m => m.Subject.Contains("承認依頼", StringComparison.Ordinal)) == 2),
            () => "a second approval request");
        Ok(await harness.Decisions.DecideAsync(Director, submitted.Id, new DecisionRequest("approve", "")));

        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.Approved);
        var first = await harness.Client.GetInstanceAsync(Application.InstanceIdFor(submitted.Id, 1), getInputsAndOutputs: true);
        Assert.Equal(ApplicationStatus.Returned, first!.ReadOutputAs<ApplicationStatus>());
        var approved = (await harness.Applications.GetAsync(submitted.Id))!.Value;
        Assert.Equal(ApplicationStatus.Approved, approved.Status);
        Assert.Equal(new Yen(90_000), (await harness.Payouts.GetAsync(Payout.IdFor(submitted.Id)))!.Amount);
        Assert.Equal(new Yen(90_000), (await harness.DirectorBudgetAsync()).Reserved);
        Assert.Single(await harness.Payouts.ListByStatusAsync(PayoutStatus.Approved).ToListAsync());
    }
}
