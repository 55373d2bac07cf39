using System.Text.Json;
using System.Text.Json.Nodes;
using Grants.Workflows;
using Grants.Workflows.Access;
using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Grants.Workflows.Money;
using Grants.Workflows.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Grants.Tests.Orchestration.WorkflowHarness;

namespace Grants.Tests.Applications;

/// <summary>The approver's queue under a real durable engine and Azurite: whose items, in which order, with which budget, and when overdue.</summary>
[Trait("Kind", "Orchestration")]
public sealed class ApprovalQueueTests
{
    /// <summary>The system clock moved forward, to look at the queue as it will be.</summary>
    sealed class Later(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + by;
    }

    [Fact]
    public async Task The_director_sees_applications_to_decide_longest_waiting_first_with_the_funds_remaining_budget()
    {
        await using var harness = await StartAsync();
        var first = await harness.SubmitNewAsync(Researcher, Draft("最初の論文"));
        await harness.WaitForStatusAsync(first.Id, ApplicationStatus.AwaitingApproval);
        var second = await harness.SubmitNewAsync(Researcher, Draft("二番目の論文", submissionFee: 50_000));
        await harness.WaitForStatusAsync(second.Id, ApplicationStatus.AwaitingApproval);
        var jointUse = await harness.SubmitNewAsync(Researcher, Draft("共同利用の論文") with { Paper = Draft().Paper! with { JointUseResearch = true } });
        await harness.WaitForStatusAsync(jointUse.Id, ApplicationStatus.AwaitingApproval);

        var queue = Ok(await Queue(harness).ListAsync(Director));

        // The director approves for the discretionary fund and is the joint-use fund's escalation contact.
        Assert.Equal([first.Id, second.Id, jointUse.Id], queue.Select(i => i.Application.Id));
        Assert.Equal([false, false, true], queue.Select(i => i.AsDelegate));
        var budget = await harness.DirectorBudgetAsync();
        Assert.All(queue.Take(2), item =>
        {
            Assert.Equal(DemoData.DirectorFund, item.Fund!.Id);
            Assert.Equal(budget.Remaining, item.Fund.Remaining);
            Assert.Equal(DemoData.Researcher.Name, item.ApplicantName);
            Assert.Equal(item.WaitingSince + TimeSpan.FromDays(7), item.EscalateAt);
            Assert.False(item.Overdue);
            Assert.Equal("承認待ち", item.StatusLabelJa);
        });

        // As the API writes it — each application as its status row stores it — the queue says what the items say.
        await harness.Applications.MoveOldStatusCopiesAsync();
        var written = Ok(await Queue(harness).ListAsync(Director));
        Assert.IsType<ApprovalQueueList>(written);
        var json = JsonNode.Parse(JsonSerializer.Serialize<object>(written, GrantsJson.Options))!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(JsonSerializer.Serialize(written.ToList(), GrantsJson.Options)), json), json.ToJsonString());
        Assert.Equal([first.Id, second.Id, jointUse.Id], json.AsArray().Select(i => i!["application"]!["id"]!.GetValue<string>()));

        var jointUseApprover = new Actor(DemoData.JointUseApprover.Id, new HashSet<string> { Roles.Approver });
        var own = Assert.Single(Ok(await Queue(harness).ListAsync(jointUseApprover)));
        Assert.Equal((jointUse.Id, DemoData.JointUseFund, false), (own.Application.Id, own.Fund!.Id, own.AsDelegate));
    }

    [Fact]
    public async Task Items_past_the_escalation_deadline_are_overdue_and_nobody_sees_their_own_application()
    {
        await using var harness = await StartAsync();
        var application = await harness.SubmitNewAsync(Researcher);
        await harness.WaitForStatusAsync(application.Id, ApplicationStatus.AwaitingApproval);

        Assert.True(Assert.Single(Ok(await Queue(harness, new Later(TimeSpan.FromDays(8))).ListAsync(Director))).Overdue);

        var researcherWhoDirects = new Actor(DemoData.Researcher.Id, new HashSet<string> { Roles.Applicant, Roles.Director });
        Assert.Empty(Ok(await Queue(harness).ListAsync(researcherWhoDirects)));
        Assert.Equal(ProblemKind.Forbidden, (await Queue(harness).ListAsync(Researcher)).Problem!.Kind);
    }

    [Fact]
    public async Task A_deployment_that_escalates_sooner_makes_items_overdue_sooner()
    {
        await using var harness = await StartAsync();
        var application = await harness.SubmitNewAsync(Researcher);
        await harness.WaitForStatusAsync(application.Id, ApplicationStatus.AwaitingApproval);

        var item = Assert.Single(Ok(await Queue(harness, new Later(TimeSpan.FromHours(2)), new WorkflowOptions { EscalateAfter = TimeSpan.FromHours(1) }).ListAsync(Director)));

        Assert.Equal(item.WaitingSince + TimeSpan.FromHours(1), item.EscalateAt);
        Assert.True(item.Overdue);
    }

    [Fact]
    public async Task Each_list_shows_the_budget_as_it_is_now_and_a_change_of_approver_made_here_at_once()
    {
        await using var harness = await StartAsync();
        var application = await harness.SubmitNewAsync(Researcher);
        await harness.WaitForStatusAsync(application.Id, ApplicationStatus.AwaitingApproval);
        var queue = Queue(harness);
        var before = Assert.Single(Ok(await queue.ListAsync(Director))).Fund!.Remaining;

        // The second list reads the budget it showed last while it reads the index: still the budget as it is after this reservation.
        Assert.True((await harness.Funds.ReserveAsync("elsewhere-approved", DemoData.DirectorFund, harness.Year, new Yen(10_000), DateTimeOffset.UtcNow)).Reserved);
        Assert.Equal(before - new Yen(10_000), Assert.Single(Ok(await queue.ListAsync(Director))).Fund!.Remaining);

        // Funds come through a short-lived cache, which a change through this process clears: the new approver sees the row at once.
        var fund = (await harness.Funds.GetFundAsync(DemoData.DirectorFund))!;
        await harness.Funds.UpsertFundAsync(fund with { ApproverId = DemoData.JointUseApprover.Id });
        var newApprover = new Actor(DemoData.JointUseApprover.Id, new HashSet<string> { Roles.Approver });
        Assert.False(Assert.Single(Ok(await queue.ListAsync(newApprover))).AsDelegate);
    }

    static ApprovalQueue Queue(Orchestration.WorkflowHarness harness, TimeProvider? clock = null, WorkflowOptions? options = null)
    {
        var services = harness.Host.Services;
        return new ApprovalQueue(
            harness.Applications, services.GetRequiredService<ProgramCatalog>(), harness.Funds, services.GetRequiredService<Grants.Workflows.People.PeopleSnapshot>(), options ?? new WorkflowOptions(), clock ?? TimeProvider.System);
    }
}
