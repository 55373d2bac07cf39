using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;
using Microsoft.DurableTask.Client;
using static Grants.Tests.Orchestration.WorkflowHarness;

namespace Grants.Tests.Orchestration;

[Trait("Kind", "Orchestration")]
public sealed class BudgetInsufficientTests
{
    [Fact]
    public async Task An_approval_the_fund_cannot_cover_stays_with_the_director_who_can_then_reject()
    {
        await using var harness = await StartAsync(directorFundAllocation: 50_000);
        var submitted = await harness.SubmitNewAsync(Researcher);
        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);

        Ok(await harness.Decisions.DecideAsync(Director, submitted.Id, new DecisionRequest("approve", null)));

        var insufficient = await harness.WaitForMailAsync(DemoData.Director.Email, "予算残額不足");
        Assert.Contains("予算残額が不足しているため承認を反映できませんでした。", insufficient.Body, StringComparison.Ordinal);
        var waiting = (await harness.Applications.GetAsync(submitted.Id))!.Value;
        Assert.Equal(ApplicationStatus.AwaitingApproval, waiting.Status);
        Assert.Null(waiting.PayoutId);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await harness.Client.GetInstanceAsync(Application.InstanceIdFor(submitted.Id, 1)))!.RuntimeStatus);
        var budget = await harness.DirectorBudgetAsync();
        Assert.Equal(Yen.Zero, budget.Reserved);
        Assert.Equal(new Yen(50_000), budget.Remaining);
        Assert.Null(await harness.Payouts.GetAsync(Payout.IdFor(submitted.Id)));
        Assert.Empty(harness.Mail.To(DemoData.Researcher.Email));

        // Approving again is refused again, and told again.
        Ok(await harness.Decisions.DecideAsync(Director, submitted.Id, new DecisionRequest("approve", null)));
        await EventuallyAsync(
            () => Task.FromResult(harness.Mail.To(DemoData.Director.Email).Count(m => m.Subject.Contains("予算残額不足", StringComparison.Ordinal)) == 2),
            () => "a second insufficient-budget mail");

        Ok(await harness.Decisions.DecideAsync(Director, submitted.Id, new DecisionRequest("reject", "予算残額が不足しています。")));

        Assert.Equal(ApplicationStatus.Rejected, await harness.WaitForCompletionAsync(Application.InstanceIdFor(submitted.Id, 1)));
        Assert.Equal(ApplicationStatus.Rejected, (await harness.Applications.GetAsync(submitted.Id))!.Value.Status);
        Assert.Equal(Yen.Zero, (await harness.DirectorBudgetAsync()).Reserved);
        Assert.Null(await harness.Payouts.GetAsync(Payout.IdFor(submitted.Id)));
        Assert.Contains("不採択", Assert.Single(harness.Mail.To(DemoData.Researcher.Email)).Subject, StringComparison.Ordinal);
    }
}
