using Grants.Workflows.Access;
using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;
using static Grants.Tests.Orchestration.WorkflowHarness;

namespace Grants.Tests.Orchestration;

/// <summary>Submissions that end without a decision: ineligible at once, or withdrawn while waiting.</summary>
[Trait("Kind", "Orchestration")]
public sealed class IneligibleAndWithdrawnTests
{
    [Fact]
    public async Task A_graduate_student_is_told_every_reason_and_the_director_is_not_asked()
    {
        await using var harness = await StartAsync();
        var submitted = await harness.SubmitNewAsync(Student, Draft(submissionFee: 120_000), attachInvoice: false);

        Assert.Equal(ApplicationStatus.Ineligible, await harness.WaitForCompletionAsync(Application.InstanceIdFor(submitted.Id, 1)));
        var ineligible = (await harness.Applications.GetAsync(submitted.Id))!.Value;
        Assert.Equal(ApplicationStatus.Ineligible, ineligible.Status);
        Assert.Equal(
            new HashSet<string> { "position-not-eligible", "over-cap-per-paper", "document-missing" },
            ineligible.EligibilityReasons!.Select(r => r.Code).ToHashSet());

        var mail = Assert.Single(harness.Mail.To(DemoData.Student.Email));
        Assert.Contains("申請は要件を満たしていません", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("以下の理由により", mail.Body, StringComparison.Ordinal);
        Assert.All(ineligible.EligibilityReasons!, r => Assert.Contains("- " + r.Message, mail.Body, StringComparison.Ordinal));
        // The Japanese half, which comes first, lists every reason in Japanese too.
        var japanese = mail.Body[..mail.Body.IndexOf("Your application was not accepted", StringComparison.Ordinal)];
        Assert.All(ineligible.EligibilityReasons!, r => Assert.Contains("・" + r.MessageJa, japanese, StringComparison.Ordinal));
        Assert.Empty(harness.Mail.To(DemoData.Director.Email));
        Assert.Empty(harness.Mail.To(DemoData.Admin.Email));

        Assert.Equal(ProblemKind.Conflict, (await harness.Decisions.DecideAsync(Director, submitted.Id, new DecisionRequest("approve", null))).Problem?.Kind);
        Assert.Null(await harness.Payouts.GetAsync(Payout.IdFor(submitted.Id)));
        Assert.Equal(Yen.Zero, (await harness.DirectorBudgetAsync()).Reserved);
        Assert.Empty(Ok(await harness.Queries.GetAsync(Student, submitted.Id)).AllowedActions);
    }

    [Fact]
    public async Task Withdrawal_while_awaiting_approval_ends_the_workflow_without_a_payout()
    {
        await using var harness = await StartAsync();
        var submitted = await harness.SubmitNewAsync(Researcher);
        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);

        Ok(await harness.Withdrawal.WithdrawAsync(Researcher, submitted.Id));

        Assert.Equal(ApplicationStatus.Withdrawn, await harness.WaitForCompletionAsync(Application.InstanceIdFor(submitted.Id, 1)));
        var withdrawn = (await harness.Applications.GetAsync(submitted.Id))!.Value;
        Assert.Equal(ApplicationStatus.Withdrawn, withdrawn.Status);
        Assert.Null(withdrawn.PayoutId);
        Assert.Null(await harness.Payouts.GetAsync(Payout.IdFor(submitted.Id)));
        Assert.Equal(Yen.Zero, (await harness.DirectorBudgetAsync()).Reserved);
        Assert.Contains("取り下げ", Assert.Single(harness.Mail.To(DemoData.Researcher.Email)).Subject, StringComparison.Ordinal);

        Assert.Equal(ProblemKind.Conflict, (await harness.Decisions.DecideAsync(Director, submitted.Id, new DecisionRequest("approve", null))).Problem?.Kind);
        Assert.Equal(ProblemKind.Conflict, (await harness.Withdrawal.WithdrawAsync(Researcher, submitted.Id)).Problem?.Kind);
        Assert.Equal(ProblemKind.Conflict, (await harness.Submission.SubmitAsync(Researcher, submitted.Id)).Problem?.Kind);
    }
}
