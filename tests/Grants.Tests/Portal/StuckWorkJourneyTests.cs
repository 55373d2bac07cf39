using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grants.Workflows.Demo;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Grants.Tests.Programs.ProgramHttp;

namespace Grants.Tests.Portal;

/// <summary>
/// The administrator finds stuck work in the browser: the workflow of an application waiting for the director is
/// listed (at a threshold of zero minutes) with the application's title and applicant, and is restarted from the
/// application's record; the application waits for the director as before.
/// </summary>
[Trait("Kind", "Browser")]
public sealed class StuckWorkJourneyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_administrator_lists_stuck_work_and_restarts_a_workflow_from_the_application()
    {
        await using var portal = await PortalBrowser.StartAsync();
        await portal.Runtime.ExplainFailureAsync(output, async () =>
        {
            using var applicant = portal.Runtime.ClientFor(DemoData.Researcher.Id, "applicant");
            using var director = portal.Runtime.ClientFor(DemoData.Director.Id, "director");
            const string title = "Interface magnetism under strain, remeasured";
            var id = await SubmitPaperAsync(applicant, title);
            await WaitForStatusAsync(director, id, "awaitingApproval");

            // The application awaits approval once routed; its workflow says so once the director has been mailed.
            using var admin = portal.Runtime.ClientFor(DemoData.Admin.Id, "admin");
            await WaitUntilWaitingForTheDirectorAsync(admin, $"{id}-s1", "The workflow of {0} never said it awaits the director.");

            var page = await portal.SignInAsync(DemoData.Admin.Name);
            await page.GetByRole(AriaRole.Link, new() { Name = "Stuck work" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Stuck and failed workflows", Level = 1 })).ToBeVisibleAsync();
            await page.GetByLabel("Not moved for (minutes)").FillAsync("0");
            await page.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = true }).ClickAsync();
            var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = title });
            await Assertions.Expect(row).ToContainTextAsync(DemoData.Researcher.Name);
            await Assertions.Expect(row).ToContainTextAsync("Running");
            await Assertions.Expect(row).ToContainTextAsync("awaiting-approval");
            await Assertions.Expect(row.GetByRole(AriaRole.Link, new() { Name = title })).ToHaveAttributeAsync("href", $"#/applications/{id}");
            await PortalBrowser.AssertAccessibleAsync(page, "stuck work");

            await row.GetByRole(AriaRole.Button, new() { Name = $"Restart from the application — Application review ({title})" }).ClickAsync();
            await Assertions.Expect(page.Locator("main").GetByText("Application review restarted from the application.")).ToBeVisibleAsync();
            await PortalBrowser.AssertAccessibleAsync(page, "stuck work after a restart");

            // The new run goes through eligibility back to the director's queue; the screen shows it once it is there.
            await WaitUntilWaitingForTheDirectorAsync(admin, $"{id}-s1", "The restarted workflow of {0} did not come back to the director's queue.");

            await page.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = title })).ToContainTextAsync("awaiting-approval");
            var view = await WaitForAsync(director, id, v => Actions(v, "workflow-restarted").Any(), "the restart recorded");
            Assert.Equal("awaitingApproval", view["application"]!["status"]!.GetValue<string>());
        });
    }

    static async Task WaitUntilWaitingForTheDirectorAsync(HttpClient admin, string instanceId, string failure)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!await WaitsForTheDirectorAsync(admin, instanceId))
        {
            Assert.True(DateTime.UtcNow < deadline, string.Format(System.Globalization.CultureInfo.InvariantCulture, failure, instanceId));
            await Task.Delay(250);
        }
    }

    static async Task<bool> WaitsForTheDirectorAsync(HttpClient admin, string instanceId)
    {
        var list = (await admin.GetFromJsonAsync<JsonNode>("/api/operations/stuck?olderThanMinutes=0"))!["workflows"]!.AsArray();
        return list.Any(w => w!["instanceId"]!.GetValue<string>() == instanceId && w["step"]?.GetValue<string>() == "awaiting-approval" && w["status"]!.GetValue<string>() == "running");
    }
}
