using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Grants.Workflows.Money;
using Grants.Workflows.Orchestration;
using Grants.Workflows.Orchestration.Activities;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using static Grants.Tests.Orchestration.WorkflowHarness;

namespace Grants.Tests.Orchestration;

/// <summary>
/// The event a claim raises names the claim: the workflow acts on it without reading the application, reads the claim
/// only when a timer wakes it, and never acts again on a claim it took back (an approval the fund could not honour).
/// </summary>
[Trait("Kind", "Orchestration")]
public sealed class ClaimEventTests
{
    [Fact]
    public async Task An_approval_whose_event_names_its_claim_is_acted_on_without_reading_the_claim()
    {
        var reads = new ReadCount();
        await using var harness = await StartAsync(tasks: CountingClaimReads(reads));
        var submitted = await harness.SubmitNewAsync(Researcher);
        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);

        Ok(await harness.Decisions.DecideAsync(Director, submitted.Id, new DecisionRequest("approve", null)));

        var approved = await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.Approved);
        Assert.Equal((Director.Id, DecisionOutcome.Approve), (approved.Decision!.DeciderId, approved.Decision.Outcome));
        await harness.WaitForMailAsync(DemoData.Researcher.Email, "申請が承認されました");
        Assert.Equal(0, reads.Value);
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

    /// <summary>How many times the workflow read the claim on the record.</summary>
    sealed class ReadCount
    {
        int value;

        public int Value => Volatile.Read(ref value);

        public void Add() => Interlocked.Increment(ref value);
    }

    /// <summary>Grants' tasks, with <see cref="ReadClaimedDecision"/> counted.</summary>
    static Action<DurableTaskRegistry> CountingClaimReads(ReadCount reads) =>
        GrantsTasks((activity, services) => activity == typeof(ReadClaimedDecision) ? new CountedClaimRead(services.GetRequiredService<ApplicationStore>(), reads) : null);

    sealed class CountedClaimRead(ApplicationStore applications, ReadCount reads) : TaskActivity<StepInput, DecisionClaim?>
    {
        public override Task<DecisionClaim?> RunAsync(TaskActivityContext context, StepInput input)
        {
            reads.Add();
            return new ReadClaimedDecision(applications).RunAsync(context, input);
        }
    }
}
