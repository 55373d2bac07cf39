using System.Net;
using System.Text;
using System.Text.Json;
using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using static Grants.Tests.Orchestration.WorkflowHarness;

namespace Grants.Tests.Security;

/// <summary>
/// Concurrent decisions are told the truth: exactly one is accepted (202), every other gets a 409 that says what happened,
/// by whom and when, and the application ends as the accepted one said.
/// </summary>
[Trait("Kind", "Orchestration")]
public sealed class ConcurrentDecisionTests
{
    [Fact]
    public async Task Of_thirty_identical_approvals_sent_at_once_exactly_one_is_accepted_and_the_others_say_who_approved()
    {
        await using var host = await ApiHost.StartAsync();
        var id = await AwaitingApprovalAsync(host);
        using var director = host.ClientFor(DemoData.Director.Id, "director");

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => SendAsync(director, $"/api/applications/{id}/decision", Decision("approve"))));

        Assert.Single(answers, a => a.Status == HttpStatusCode.Accepted);
        var refused = answers.Where(a => a.Status != HttpStatusCode.Accepted).ToList();
        Assert.Equal(29, refused.Count);
        Assert.All(refused, a =>
        {
            Assert.Equal(HttpStatusCode.Conflict, a.Status);
            Assert.Contains($"already approved by {DemoData.Director.Name} at ", a.Body, StringComparison.Ordinal);
        });
        await host.Harness.WaitForStatusAsync(id, ApplicationStatus.Approved);
        await EventuallyAsync(async () => await host.Harness.Payouts.ListByPayeeAsync(DemoData.Researcher.Id).CountAsync() == 1, () => "the one payout");
    }

    [Fact]
    public async Task Approve_against_reject_one_is_accepted_and_the_application_ends_as_that_one_said()
    {
        await using var host = await ApiHost.StartAsync();
        var id = await AwaitingApprovalAsync(host);
        var (approvedFirst, refused) = await RaceAsync(host,
            (DemoData.Director.Id, "director", $"/api/applications/{id}/decision", Decision("approve")),
            (DemoData.DirectorDiscretionary.EscalationContactId, "delegate", $"/api/applications/{id}/decision", Decision("reject", "予算の都合により不採択とします。")));
        Assert.Contains(approvedFirst ? "already approved by" : "already rejected by", refused.Body, StringComparison.Ordinal);
        await host.Harness.WaitForStatusAsync(id, approvedFirst ? ApplicationStatus.Approved : ApplicationStatus.Rejected);
    }

    [Fact]
    public async Task Approve_against_withdraw_one_is_accepted_and_the_application_ends_as_that_one_said()
    {
        await using var host = await ApiHost.StartAsync();
        var id = await AwaitingApprovalAsync(host);
        var (approvedFirst, refused) = await RaceAsync(host,
            (DemoData.Director.Id, "director", $"/api/applications/{id}/decision", Decision("approve")),
            (DemoData.Researcher.Id, "applicant", $"/api/applications/{id}/withdraw", null));
        Assert.Contains(approvedFirst ? $"already approved by {DemoData.Director.Name}" : $"already withdrawn by {DemoData.Researcher.Name}", refused.Body, StringComparison.Ordinal);
        var ended = await host.Harness.WaitForStatusAsync(id, approvedFirst ? ApplicationStatus.Approved : ApplicationStatus.Withdrawn);
        Assert.Equal(approvedFirst ? 1 : 0, await host.Harness.Payouts.ListByPayeeAsync(DemoData.Researcher.Id).CountAsync());
        Assert.Equal(approvedFirst, ended.Decision is not null);
    }

    [Fact]
    public async Task A_claimed_decision_whose_event_a_crash_lost_still_reaches_the_workflow()
    {
        await using var host = await ApiHost.StartAsync();
        var id = await AwaitingApprovalAsync(host);
        // As if the process died between claiming the approval and telling the workflow.
        var at = DateTimeOffset.UtcNow;
        await host.Harness.Applications.UpdateAsync(id, a => a with
        {
            Claim = new DecisionClaim("lost", a.SubmissionCount, new Grants.Workflows.Orchestration.WorkflowEvent(Grants.Workflows.Orchestration.WorkflowEventKind.Approve, DemoData.Director.Id, "", at)),
        });

        // The next decision is refused, truthfully, and the workflow is told of the claim it missed.
        using var delegateClient = host.ClientFor(DemoData.DirectorDiscretionary.EscalationContactId, "delegate");
        var late = await SendAsync(delegateClient, $"/api/applications/{id}/decision", Decision("return", "宛名を直してください。"));
        Assert.Equal(HttpStatusCode.Conflict, late.Status);
        Assert.Contains($"already approved by {DemoData.Director.Name}", late.Body, StringComparison.Ordinal);
        var approved = await host.Harness.WaitForStatusAsync(id, ApplicationStatus.Approved);
        Assert.Equal(DemoData.Director.Id, approved.Decision!.DeciderId);
    }

    [Fact]
    public async Task A_claimed_decision_whose_event_was_lost_is_found_when_the_workflow_next_wakes_even_if_nobody_asks_again()
    {
        await using var harness = await StartAsync(new WorkflowOptions { ReminderEvery = TimeSpan.FromSeconds(2), EscalateAfter = TimeSpan.FromHours(1) });
        var submitted = await harness.SubmitNewAsync(Researcher);
        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);
        await harness.Applications.UpdateAsync(submitted.Id, a => a with
        {
            Claim = new DecisionClaim("lost", a.SubmissionCount, new Grants.Workflows.Orchestration.WorkflowEvent(Grants.Workflows.Orchestration.WorkflowEventKind.Reject, DemoData.Director.Id, "対象外です。", DateTimeOffset.UtcNow)),
        });

        var rejected = await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.Rejected);
        Assert.Equal("対象外です。", rejected.Decision!.Comment);
    }

    static async Task<string> AwaitingApprovalAsync(ApiHost host)
    {
        var submitted = await host.Harness.SubmitNewAsync(Researcher);
        await host.Harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);
        return submitted.Id;
    }

    static StringContent Decision(string decision, string comment = "") =>
        new(JsonSerializer.Serialize(new { decision, comment }), Encoding.UTF8, "application/json");

    sealed record Answer(HttpStatusCode Status, string Body);

    /// <summary>Two requests sent at once: exactly one is accepted, the other refused with 409; whether the first won, and the refusal.</summary>
    /// <summary>Two people's requests sent at once, each as the person signed in with the role: exactly one is accepted, the other refused with 409.</summary>
    static async Task<(bool FirstWon, Answer Refused)> RaceAsync(
        ApiHost host, (string Person, string Role, string Path, HttpContent? Body) first, (string Person, string Role, string Path, HttpContent? Body) second)
    {
        using var firstClient = host.ClientFor(first.Person, first.Role);
        using var secondClient = host.ClientFor(second.Person, second.Role);
        var answers = await Task.WhenAll(SendAsync(firstClient, first.Path, first.Body), SendAsync(secondClient, second.Path, second.Body));
        var accepted = Assert.Single(answers, a => a.Status == HttpStatusCode.Accepted);
        var refused = Assert.Single(answers, a => a.Status != HttpStatusCode.Accepted);
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        return (accepted == answers[0], refused);
    }

    static async Task<Answer> SendAsync(HttpClient client, string path, HttpContent? body)
    {
        using var response = await client.PostAsync(path, body);
        return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
