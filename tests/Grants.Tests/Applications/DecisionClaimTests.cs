using Grants.Tests.Programs;
using Grants.Workflows.Access;
using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Grants.Workflows.Orchestration;
using Grants.Workflows.Programs;
using Microsoft.Extensions.DependencyInjection;
using static Grants.Tests.Orchestration.WorkflowHarness;

namespace Grants.Tests.Applications;

/// <summary>
/// A decision is claimed from the application as its access check read it, guarded by that read's ETag, and read again only
/// when someone saved it since: of concurrent decisions exactly one is claimed, and one that comes too late changes nothing.
/// </summary>
[Trait("Kind", "Orchestration")]
public sealed class DecisionClaimTests
{
    static readonly Actor DirectorsDelegate = new(DemoData.DirectorDiscretionary.EscalationContactId, new HashSet<string> { Roles.Delegate });

    [Fact]
    public async Task Of_twenty_different_decisions_sent_at_once_exactly_one_is_claimed_and_the_application_ends_as_it_said()
    {
        await using var harness = await StartAsync();
        var submitted = await harness.SubmitNewAsync(Researcher);
        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);

        var requests = Enumerable.Range(0, 20).Select(i => (i % 3) switch
        {
            0 => (Who: Director, Decision: new DecisionRequest("approve", "")),
            1 => (Who: DirectorsDelegate, Decision: new DecisionRequest("reject", "予算の都合により不採択とします。")),
            _ => (Who: Director, Decision: new DecisionRequest("return", "請求書の宛名を直してください。")),
        });
        var answers = await Task.WhenAll(requests.Select(r => harness.Decisions.DecideAsync(r.Who, submitted.Id, r.Decision)));

        Assert.Single(answers, a => a.Succeeded);
        Assert.All(answers.Where(a => !a.Succeeded), a =>
        {
            Assert.Equal(ProblemKind.Conflict, a.Problem!.Kind);
            Assert.Contains("already", a.Problem.Detail, StringComparison.Ordinal);
        });
        var claim = (await harness.CurrentAsync(submitted.Id)).Claim!;
        var ended = claim.Event.Kind switch
        {
            WorkflowEventKind.Approve => ApplicationStatus.Approved,
            WorkflowEventKind.Reject => ApplicationStatus.Rejected,
            _ => ApplicationStatus.Returned,
        };
        await harness.WaitForStatusAsync(submitted.Id, ended);
    }

    [Fact]
    public async Task A_claim_read_before_someone_else_saved_is_made_from_what_they_saved_and_a_late_one_changes_nothing()
    {
        await using var harness = await StartAsync();
        var submitted = await harness.SubmitNewAsync(Researcher);
        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);
        var signals = ActivatorUtilities.CreateInstance<WorkflowSignals>(harness.Host.Services, harness.Client);

        // As if someone saved the application between the access check's read and the claim (a field this program does not use).
        var read = (await harness.Applications.GetAsync(submitted.Id))!;
        var savedMeanwhile = new DateOnly(2031, 1, 1);
        await harness.Applications.UpdateAsync(submitted.Id, a => a with { ExpectedArrival = savedMeanwhile });
        var approval = new WorkflowEvent(WorkflowEventKind.Approve, Director.Id, "", DateTimeOffset.UtcNow);
        var (claimed, problem) = await signals.ClaimAsync(read, ProgramStates.Standard, approval, CancellationToken.None);
        Assert.Null(problem);
        Assert.Equal((approval, savedMeanwhile), (claimed!.Claim!.Event, claimed.ExpectedArrival));
        Assert.Equal(savedMeanwhile, (await harness.CurrentAsync(submitted.Id)).ExpectedArrival);
        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.Approved);

        // A rejection from the same old read comes too late: refused, saying who approved, and the application is as it was.
        var before = (await harness.Applications.GetAsync(submitted.Id))!;
        var (_, late) = await signals.ClaimAsync(read, ProgramStates.Standard, new WorkflowEvent(WorkflowEventKind.Reject, DirectorsDelegate.Id, "対象外です。", DateTimeOffset.UtcNow), CancellationToken.None);
        Assert.Equal(ProblemKind.Conflict, late!.Kind);
        Assert.Contains($"already approved by {DemoData.Director.Name}", late.Detail, StringComparison.Ordinal);
        Assert.Equal(before.ETag, (await harness.Applications.GetAsync(submitted.Id))!.ETag);
    }
}
