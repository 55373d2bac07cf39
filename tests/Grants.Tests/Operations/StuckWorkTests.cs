using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grants.Tests.Security;
using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Grants.Workflows.Orchestration;
using Microsoft.DurableTask.Client;
using static Grants.Tests.Orchestration.WorkflowHarness;

namespace Grants.Tests.Operations;

/// <summary>
/// The administrator's view of stuck work over HTTP: a workflow that failed is listed with its application and failure,
/// one that has not moved for longer than the threshold is listed and one that moved recently is not; a failed
/// application workflow restarted from the record waits for the director again, and the approval pays once.
/// </summary>
[Trait("Kind", "Orchestration")]
public sealed class StuckWorkTests
{
    [Fact]
    public async Task A_failed_and_a_stuck_workflow_are_listed_and_the_failed_one_is_restarted_from_the_record_without_paying_twice()
    {
        await using var host = await ApiHost.StartAsync();
        var harness = host.Harness;
        using var admin = host.ClientFor("office@example.ac.jp", "admin");

        var waiting = await harness.SubmitNewAsync(Researcher);
        await harness.WaitForStatusAsync(waiting.Id, ApplicationStatus.AwaitingApproval);
        var broken = await harness.SubmitNewAsync(Researcher, Draft("壊れたワークフローの申請"));
        await harness.WaitForStatusAsync(broken.Id, ApplicationStatus.AwaitingApproval);

        // A decision the workflow cannot read fails it, deterministically, as a bug in a step would.
        await harness.Client.RaiseEventAsync(broken.InstanceId, ApplicationWorkflow.EventName, "not a decision");
        await EventuallyAsync(
            async () => (await harness.Client.GetInstanceAsync(broken.InstanceId))?.RuntimeStatus == OrchestrationRuntimeStatus.Failed,
            () => $"{broken.InstanceId} to fail");

        // Any age: the failed one and the one waiting for the director; a day: only the failed one.
        var all = await ListAsync(admin, "?olderThanMinutes=0");
        var failed = Assert.Single(all, w => w!["instanceId"]!.GetValue<string>() == broken.InstanceId)!;
        Assert.Equal("failed", failed["status"]!.GetValue<string>());
        Assert.Equal(broken.Id, failed["applicationId"]!.GetValue<string>());
        Assert.Equal("壊れたワークフローの申請", failed["applicationTitle"]!.GetValue<string>());
        Assert.Equal(DemoData.Researcher.Name, failed["applicantName"]!.GetValue<string>());
        Assert.Equal("AwaitingApproval", failed["applicationStatus"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(failed["failure"]?.GetValue<string>()), failed.ToJsonString());
        Assert.Contains("restart", failed["repairs"]!.AsArray().Select(r => r!.GetValue<string>()));
        var stuck = Assert.Single(all, w => w!["instanceId"]!.GetValue<string>() == waiting.InstanceId)!;
        Assert.Equal("running", stuck["status"]!.GetValue<string>());
        Assert.Equal("awaiting-approval", stuck["step"]!.GetValue<string>());
        var recent = await ListAsync(admin, "");
        Assert.Equal([broken.InstanceId], recent.Select(w => w!["instanceId"]!.GetValue<string>()).Where(i => i == broken.InstanceId || i == waiting.InstanceId));

        // The engine here cannot rewind: 'resume' says so and changes nothing; 'restart' starts again from the application.
        var resume = await admin.PostAsJsonAsync($"/api/operations/{broken.InstanceId}/repair", new { action = "resume" });
        Assert.Equal(HttpStatusCode.Conflict, resume.StatusCode);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await harness.Client.GetInstanceAsync(broken.InstanceId))!.RuntimeStatus);
        var restart = await admin.PostAsJsonAsync($"/api/operations/{broken.InstanceId}/repair", new { action = "restart" });
        Assert.True(restart.StatusCode == HttpStatusCode.Accepted, await restart.Content.ReadAsStringAsync());
        OrchestrationMetadata? restarted = null;
        await EventuallyAsync(
            async () => (restarted = await harness.Client.GetInstanceAsync(broken.InstanceId, getInputsAndOutputs: true))?.SerializedCustomStatus == "\"awaiting-approval\"",
            () => $"{broken.InstanceId} to wait for the director again; it is {restarted?.RuntimeStatus} {restarted?.SerializedCustomStatus} {restarted?.SerializedOutput}");
        Assert.DoesNotContain(await ListAsync(admin, ""), w => w!["instanceId"]!.GetValue<string>() == broken.InstanceId);

        using var director = host.ClientFor(DemoData.Director.Id, "director");
        var decided = await director.PostAsJsonAsync($"/api/applications/{broken.Id}/decision", new { decision = "approve" });
        Assert.Equal(HttpStatusCode.Accepted, decided.StatusCode);
        await harness.WaitForStatusAsync(broken.Id, ApplicationStatus.Approved);
        Assert.Single(await harness.Payouts.ListByPayeeAsync(DemoData.Researcher.Id).Where(p => p.ApplicationId == broken.Id).ToListAsync());
        var history = (await director.GetFromJsonAsync<JsonNode>($"/api/applications/{broken.Id}"))!["history"]!.AsArray();
        Assert.Single(history, h => h!["action"]!.GetValue<string>() == "workflow-restarted");
    }

    [Fact]
    public async Task Bad_requests_are_problems_that_name_the_field()
    {
        await using var host = await ApiHost.StartAsync();
        using var admin = host.ClientFor("office@example.ac.jp", "admin");

        var threshold = await admin.GetAsync("/api/operations/stuck?olderThanMinutes=soon");
        Assert.Equal(HttpStatusCode.BadRequest, threshold.StatusCode);
        Assert.NotNull((await threshold.Content.ReadFromJsonAsync<JsonNode>())!["errors"]!["olderThanMinutes"]);

        var noAction = await admin.PostAsJsonAsync("/api/operations/APP-0000000000000000-s1/repair", new { });
        Assert.Equal(HttpStatusCode.BadRequest, noAction.StatusCode);
        Assert.NotNull((await noAction.Content.ReadFromJsonAsync<JsonNode>())!["errors"]!["action"]);

        var unknownAction = await admin.PostAsJsonAsync("/api/operations/APP-0000000000000000-s1/repair", new { action = "explode" });
        Assert.Equal(HttpStatusCode.BadRequest, unknownAction.StatusCode);

        var unknown = await admin.PostAsJsonAsync("/api/operations/APP-0000000000000000-s1/repair", new { action = "restart" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    static async Task<JsonArray> ListAsync(HttpClient admin, string query)
    {
        var response = await admin.GetAsync("/api/operations/stuck" + query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!["workflows"]!.AsArray();
    }
}
