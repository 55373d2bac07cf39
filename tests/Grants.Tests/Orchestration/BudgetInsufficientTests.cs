using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Grants.Workflows.Money;
using Grants.Workflows.Orchestration;
using Grants.Workflows.Payouts;
using Grants.Workflows.Programs;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task An_event_naming_an_approval_the_workflow_took_back_is_not_acted_on_again()
    {
        await using var harness = await StartAsync(directorFundAllocation: 50_000);
        var submitted = await harness.SubmitNewAsync(Researcher);
        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);
        var signals = ActivatorUtilities.CreateInstance<WorkflowSignals>(harness.Host.Services, harness.Client);
        var read = (await harness.Applications.GetAsync(submitted.Id))!;
        var (claimed, problem) = await signals.ClaimAsync(read, ProgramStates.Standard, new WorkflowEvent(WorkflowEventKind.Approve, Director.Id, "", DateTimeOffset.UtcNow), CancellationToken.None);
        Assert.Null(problem);
        var approval = claimed!.Claim!;
        await harness.WaitForMailAsync(DemoData.Director.Email, "予算残額不足");
        await EventuallyAsync(async () => (await harness.Applications.GetAsync(submitted.Id))!.Value.Claim is null, () => "the approval taken back");

        // The same event again (a repeated raise): the workflow took that claim back, so it reserves nothing and mails nothing.
        await harness.Client.RaiseEventAsync(Application.InstanceIdFor(submitted.Id, 1), ApplicationWorkflow.EventName, WorkflowEvent.Telling(approval));
        Ok(await harness.Decisions.DecideAsync(Director, submitted.Id, new DecisionRequest("reject", "予算残額が不足しています。")));
        Assert.Equal(ApplicationStatus.Rejected, await harness.WaitForCompletionAsync(Application.InstanceIdFor(submitted.Id, 1)));
        Assert.Single(harness.Mail.To(DemoData.Director.Email), m => m.Subject.Contains("予算残額不足", StringComparison.Ordinal));
        Assert.Equal(Yen.Zero, (await harness.DirectorBudgetAsync()).Reserved);
    }
}
