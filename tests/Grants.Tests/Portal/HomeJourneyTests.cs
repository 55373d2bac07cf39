using Grants.Workflows.Demo;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Grants.Tests.Programs.ProgramHttp;

namespace Grants.Tests.Portal;

/// <summary>
/// Each person lands on a to-do list: the supervisor sees the endorsement waiting for them (in Japanese, on a phone), the
/// director the application waiting for a decision, finance the payout held for a bank account; the count is in the
/// navigation and every entry leads to the page where it is done.
/// </summary>
[Trait("Kind", "Browser")]
public sealed class HomeJourneyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Supervisor_director_and_finance_each_land_on_what_waits_for_them()
    {
        await using var portal = await PortalBrowser.StartAsync();
        try
        {
            using var student = portal.Runtime.ClientFor(DemoData.Student.Id, "applicant");
            using var researcher = portal.Runtime.ClientFor(DemoData.Researcher.Id, "applicant");
            using var director = portal.Runtime.ClientFor(DemoData.Director.Id, "director");
            var endorsing = await CreateAndSubmitAsync(student, new
            {
                programId = DemoData.GraduateFellowship,
                paper = new { title = "酸化物界面の国際会議発表", journal = "International Conference on Magnetism", jointUseResearch = false },
                lines = new object[] { new { kind = "conferencePresentation", amount = 250_000, description = "旅費" } },
                endorserId = DemoData.Supervisor.Id,
            }, "conferenceAcceptance");
            await WaitForStatusAsync(student, endorsing, "awaitingEndorsement");
            var deciding = await CreateAndSubmitAsync(researcher, new
            {
                programId = DemoData.ImaGaTaisetsu,
                paper = new { title = "Spin waves in oxide heterostructures", journal = "Physical Review Materials", jointUseResearch = false },
                lines = new object[] { new { kind = "openAccessCharge", amount = 120_000, description = "Article processing charge" } },
            }, "invoice");
            await WaitForStatusAsync(director, deciding, "awaitingApproval");

            // The supervisor, in Japanese on a phone: the endorsement is the first thing they see.
            var supervisor = await portal.SignInAsync(DemoData.Supervisor.Name, "ja-JP", PortalBrowser.Phone);
            await Assertions.Expect(supervisor.GetByRole(AriaRole.Heading, new() { Name = "やること", Level = 1 })).ToBeVisibleAsync();
            var endorse = supervisor.GetByRole(AriaRole.Region, new() { Name = "推薦を待っている申請 1件" });
            await Assertions.Expect(endorse.GetByRole(AriaRole.Link, new() { Name = "酸化物界面の国際会議発表" })).ToHaveAttributeAsync("href", $"#/applications/{endorsing}");
            await Assertions.Expect(supervisor.Locator("#nav")).ToContainTextAsync("やること(1)");
            await PortalBrowser.AssertAccessibleAsync(supervisor, "supervisor's home");
            await PortalBrowser.AssertFitsWidthAsync(supervisor, "supervisor's home");
            await PortalBrowser.ScreenshotAsync(supervisor, "home-supervisor");
            await endorse.GetByRole(AriaRole.Link, new() { Name = "酸化物界面の国際会議発表" }).ClickAsync();
            await Assertions.Expect(supervisor.Locator("main")).ToContainTextAsync("推薦");

            // The director, in English on a phone: the decision waiting, with who asked.
            var desk = await portal.SignInAsync(DemoData.Director.Name, "en-US", PortalBrowser.Phone);
            var decide = desk.GetByRole(AriaRole.Region, new() { Name = "Applications waiting for your decision 1" });
            await Assertions.Expect(decide).ToContainTextAsync(DemoData.Researcher.Name);
            await Assertions.Expect(decide.GetByRole(AriaRole.Link, new() { Name = "Spin waves in oxide heterostructures" })).ToHaveAttributeAsync("href", $"#/applications/{deciding}");
            await PortalBrowser.AssertAccessibleAsync(desk, "director's home");
            await PortalBrowser.AssertFitsWidthAsync(desk, "director's home");

            // Approved, the payout waits for the researcher's bank account (the demo has one: it is ready to batch).
            await PostAcceptedAsync(director, $"/api/applications/{deciding}/decision", new { decision = "approve", comment = "" });
            using var financeApi = portal.Runtime.ClientFor(DemoData.Finance.Id, "finance");
            await Orchestration.WorkflowHarness.EventuallyAsync(
                async () => (await financeApi.GetStringAsync("/api/todo")).Contains("readyToBatch", StringComparison.Ordinal), () => "the payout ready to batch");
            var finance = await portal.SignInAsync(DemoData.Finance.Name, "ja-JP");
            var ready = finance.GetByRole(AriaRole.Region, new() { Name = "振込データにまとめられる支払" });
            await Assertions.Expect(ready).ToContainTextAsync(DemoData.Researcher.Name);
            await Assertions.Expect(ready).ToContainTextAsync("¥120,000");
            await PortalBrowser.AssertAccessibleAsync(finance, "finance's home");
        }
        catch
        {
            output.WriteLine(portal.Runtime.Output);
            throw;
        }
    }
}
