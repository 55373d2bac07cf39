using System.Collections.Concurrent;
using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Grants.Workflows.Eligibility;
using Grants.Workflows.Orchestration;
using Grants.Workflows.Orchestration.Activities;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using static Grants.Tests.Orchestration.WorkflowHarness;

namespace Grants.Tests.Orchestration;

/// <summary>
/// For a program without endorsement the eligibility step also routes an eligible application to its approver; a history
/// from before it did (its result says nothing of routing) still reaches approval through RequestApproval.
/// </summary>
[Trait("Kind", "Orchestration")]
public sealed class EligibilityRoutingTests
{
    [Fact]
    public async Task One_step_judges_an_eligible_application_and_puts_it_before_its_approver()
    {
        var runs = new ConcurrentQueue<string>();
        await using var harness = await StartAsync(tasks: Recorded(runs));
        var submitted = await harness.SubmitNewAsync(Researcher);

        var awaiting = await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);
        Assert.Equal(DemoData.DirectorFund, awaiting.FundId);
        Assert.Equal(harness.Year, awaiting.FiscalYear);
        Assert.Empty(awaiting.EligibilityReasons!);
        await harness.WaitForMailAsync(DemoData.Director.Email, "承認依頼");
        Assert.Equal([nameof(CheckEligibility)], runs.Where(r => r is nameof(CheckEligibility) or nameof(RequestApproval)));

        // The trail reads as before: judged, then routed, once each.
        var trail = await TrailAsync(harness, submitted.Id);
        Assert.Equal(["eligible", "approval-requested"], trail.Where(a => a is "eligible" or "approval-requested"));

        await ApproveAsync(harness, submitted.Id);
        Assert.DoesNotContain(nameof(RequestApproval), runs);
    }

    [Fact]
    public async Task A_history_whose_eligibility_step_did_not_route_still_reaches_approval()
    {
        var runs = new ConcurrentQueue<string>();
        await using var harness = await StartAsync(tasks: Recorded(runs, typeof(CheckEligibility), typeof(EligibilityBeforeRouting)));
        var submitted = await harness.SubmitNewAsync(Researcher);

        var awaiting = await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);
        Assert.Equal(DemoData.DirectorFund, awaiting.FundId);
        await harness.WaitForMailAsync(DemoData.Director.Email, "承認依頼");
        Assert.Equal([nameof(CheckEligibility), nameof(RequestApproval)], runs.Where(r => r is nameof(CheckEligibility) or nameof(RequestApproval)));
        Assert.Equal(["eligible", "approval-requested"], (await TrailAsync(harness, submitted.Id)).Where(a => a is "eligible" or "approval-requested"));

        await ApproveAsync(harness, submitted.Id);
    }

    [Fact]
    public async Task A_rerun_after_a_crash_between_save_and_audit_finishes_the_audit_and_says_the_same()
    {
        await using var harness = await StartAsync();
        var submitted = await harness.SubmitNewAsync(Researcher);
        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);
        await harness.WaitForMailAsync(DemoData.Director.Email, "承認依頼");
        var audit = harness.Host.Services.GetRequiredService<AuditTrail>();
        var judgedAt = (await audit.ReadAsync(submitted.Id).SingleAsync(e => e.Action == "eligible")).At;
        var stored = (await harness.Applications.GetAsync(submitted.Id))!;

        // As if the step had been saved by a version that wrote its lines after the save, and crashed between: the
        // application is routed, its trail says nothing yet (a save now writes its lines in the same transaction).
        await harness.Storage.Applications.Client.DeleteEntityAsync(submitted.Id, AuditTrail.InApplicationKey("s1-eligibility", judgedAt));
        await harness.Storage.Applications.Client.DeleteEntityAsync(submitted.Id, AuditTrail.InApplicationKey("s1-approval-requested", judgedAt.AddTicks(1)));
        Assert.DoesNotContain("eligible", await TrailAsync(harness, submitted.Id));

        var step = ActivatorUtilities.CreateInstance<CheckEligibility>(harness.Host.Services);
        var input = new StepInput(submitted.Id, 1, judgedAt) { RouteWhenEligible = true };
        for (var run = 0; run < 2; run++)
        {
            var outcome = await step.RunAsync(null!, input);
            Assert.True(outcome.Eligible);
            Assert.True(outcome.Routed);
            Assert.Empty(outcome.Reasons);
            Assert.Equal(["eligible", "approval-requested"], (await TrailAsync(harness, submitted.Id)).Where(a => a is "eligible" or "approval-requested"));
        }

        Assert.Equal(stored.ETag, (await harness.Applications.GetAsync(submitted.Id))!.ETag);
    }

    static async Task<List<string>> TrailAsync(WorkflowHarness harness, string applicationId) =>
        await harness.Host.Services.GetRequiredService<AuditTrail>().ReadAsync(applicationId).Select(e => e.Action).ToListAsync();

    static async Task ApproveAsync(WorkflowHarness harness, string applicationId)
    {
        Ok(await harness.Decisions.DecideAsync(Director, applicationId, new DecisionRequest("approve", "重要な成果です。")));
        Assert.Equal(ApplicationStatus.Approved, (await harness.WaitForStatusAsync(applicationId, ApplicationStatus.Approved)).Status);
        await harness.WaitForMailAsync(DemoData.Researcher.Email, "申請が承認されました");
    }

    /// <summary>Grants' orchestrators and activities, each activity run noted in <paramref name="runs"/>; <paramref name="replaced"/> runs as <paramref name="by"/>.</summary>
    /// <summary>The eligibility result as histories written before the step could route hold it.</summary>
    public sealed record EligibilityBeforeRoutingOutcome(bool Eligible, IReadOnlyList<EligibilityReason> Reasons);

    /// <summary>The eligibility step as it ran before it could route: an old history's input has no routing (or notice) flag, its result no <c>Routed</c>.</summary>
    sealed class EligibilityBeforeRouting(CheckEligibility step) : TaskActivity<StepInput, EligibilityBeforeRoutingOutcome>
    {
        public override async Task<EligibilityBeforeRoutingOutcome> RunAsync(TaskActivityContext context, StepInput input)
        {
            var outcome = await step.RunAsync(context, input with { RouteWhenEligible = false, Notify = false });
            return new EligibilityBeforeRoutingOutcome(outcome.Eligible, outcome.Reasons);
        }
    }
}
