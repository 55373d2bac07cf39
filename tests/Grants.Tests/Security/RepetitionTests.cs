using System.Net;
using System.Text;
using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using static Grants.Tests.Orchestration.WorkflowHarness;

namespace Grants.Tests.Security;

/// <summary>A request sent twice, or sent when it no longer applies, is refused and has no second effect.</summary>
[Trait("Kind", "Orchestration")]
public sealed class RepetitionTests
{
    [Fact]
    public async Task A_decision_sent_twice_or_to_an_application_no_longer_waiting_is_refused_with_409_and_pays_once()
    {
        await using var host = await ApiHost.StartAsync();
        var submitted = await host.Harness.SubmitNewAsync(Researcher);
        await host.Harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);
        using var director = host.ClientFor(DemoData.Director.Id, "director");
        using var approve = new StringContent("{\"decision\":\"approve\",\"comment\":\"\"}", Encoding.UTF8, "application/json");

        Assert.Equal(HttpStatusCode.Accepted, (await director.PostAsync($"/api/applications/{submitted.Id}/decision", approve)).StatusCode);
        var approved = await host.Harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.Approved);
        await EventuallyAsync(async () => await host.Harness.Payouts.ListByPayeeAsync(DemoData.Researcher.Id).CountAsync() == 1, () => "the payout");

        foreach (var decision in new[] { "approve", "reject" })
        {
            using var again = new StringContent($"{{\"decision\":\"{decision}\",\"comment\":\"もう一度\"}}", Encoding.UTF8, "application/json");
            var response = await director.PostAsync($"/api/applications/{submitted.Id}/decision", again);
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        await Task.Delay(1000);
        var after = (await host.Harness.Applications.GetAsync(submitted.Id))!.Value;
        Assert.Equal(ApplicationStatus.Approved, after.Status);
        Assert.Equal(approved.Decision, after.Decision);
        Assert.Equal(1, await host.Harness.Payouts.ListByPayeeAsync(DemoData.Researcher.Id).CountAsync());
    }
}
