using Grants.Workflows.Demo;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Grants.Tests.Programs.ProgramHttp;

namespace Grants.Tests.Portal;

/// <summary>
/// The director's main journey in the browser: two applications submitted through the API wait in the queue with their
/// eligibility, documents and the fund's budget; the director returns one with a comment and approves the other.
/// </summary>
[Trait("Kind", "Browser")]
public sealed class DirectorJourneyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_director_sees_the_queue_with_reasons_and_budget_returns_one_application_with_a_comment_and_approves_another()
    {
        await using var portal = await PortalBrowser.StartAsync();
        await portal.Runtime.ExplainFailureAsync(output, async () =>
        {
            using var applicant = portal.Runtime.ClientFor(DemoData.Researcher.Id, "applicant");
            using var director = portal.Runtime.ClientFor(DemoData.Director.Id, "director");
            // One after the other, so that the first has waited longer: the queue is ordered by when each began to wait.
            var toReturn = await SubmitPaperAsync(applicant, "Strain-tuned interface magnetism", 264_000);
            await WaitForStatusAsync(director, toReturn, "awaitingApproval");
            var toApprove = await SubmitPaperAsync(applicant, "Spin waves in oxide heterostructures", 120_000);
            await WaitForStatusAsync(director, toApprove, "awaitingApproval");

            // The queue, longest waiting first.
            var page = await portal.SignInAsync(DemoData.Director.Name);
            await page.GetByRole(AriaRole.Link, new() { Name = "Approvals", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Approval queue", Level = 1 })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("main article h2")).ToHaveTextAsync(["Strain-tuned interface magnetism", "Spin waves in oxide heterostructures"]);
            await Assertions.Expect(page.GetByText("2 waiting (0 overdue)")).ToBeVisibleAsync();

            var first = page.GetByRole(AriaRole.Article, new() { Name = "Strain-tuned interface magnetism" });
            await Assertions.Expect(first).ToContainTextAsync(DemoData.Researcher.Name);
            await Assertions.Expect(first).ToContainTextAsync("¥264,000");
            await Assertions.Expect(first.GetByText("Meets every rule")).ToBeVisibleAsync();
            await Assertions.Expect(first.GetByRole(AriaRole.Link, new() { Name = "Invoice: invoice.pdf" })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex($"^/api/applications/{toReturn}/documents/DOC-"));
            await Assertions.Expect(first).ToContainTextAsync("Director's discretionary fund");
            await Assertions.Expect(first).ToContainTextAsync("¥3,000,000");
            await Assertions.Expect(first.GetByText("Fits: ¥2,736,000 left after approval")).ToBeVisibleAsync();
            await Assertions.Expect(first.GetByRole(AriaRole.Link, new() { Name = $"{toReturn} — Details and timeline" })).ToHaveAttributeAsync("href", $"#/applications/{toReturn}");
            await PortalBrowser.AssertAccessibleAsync(page, "approval queue");
            await PortalBrowser.ScreenshotAsync(page, "director");

            // Returning without a comment is refused in the page, before anything is sent.
            await first.GetByRole(AriaRole.Button, new() { Name = "Return for changes" }).ClickAsync();
            await Assertions.Expect(first.GetByRole(AriaRole.Alert)).ToContainTextAsync("Write a comment");
            await Assertions.Expect(first.GetByLabel("Comment")).ToHaveAttributeAsync("aria-invalid", "true");
            await PortalBrowser.AssertAccessibleAsync(page, "approval queue with a refused decision");

            await first.GetByLabel("Comment").FillAsync("Please attach the publisher's final invoice.");
            await first.GetByRole(AriaRole.Button, new() { Name = "Return for changes" }).ClickAsync();
            await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("Returned “Strain-tuned interface magnetism” for changes. The applicant will be told.");
            await Assertions.Expect(first).ToHaveCountAsync(0);
            await Assertions.Expect(page.GetByText("1 waiting (0 overdue)")).ToBeVisibleAsync();
            var returned = await WaitForStatusAsync(applicant, toReturn, "returned");
            Assert.Equal("Please attach the publisher's final invoice.", returned["application"]!["decision"]!["comment"]!.GetValue<string>());

            var second = page.GetByRole(AriaRole.Article, new() { Name = "Spin waves in oxide heterostructures" });
            await second.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
            await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Approved “Spin waves in oxide heterostructures”.");
            await Assertions.Expect(page.GetByText("No application is waiting for your decision.")).ToBeVisibleAsync();
            var approved = await WaitForStatusAsync(director, toApprove, "approved");
            Assert.Equal(120_000, approved["budget"]!["reserved"]!.GetValue<long>());

            // The same queue on a phone: one column, nothing wider than the screen.
            await WaitForStatusAsync(director, await SubmitPaperAsync(applicant, "Magnon transport at interfaces", 80_000), "awaitingApproval");
            var phone = await portal.SignInAsync(DemoData.Director.Name, viewport: PortalBrowser.Phone);
            await phone.GetByRole(AriaRole.Link, new() { Name = "Approvals", Exact = true }).ClickAsync();
            await Assertions.Expect(phone.GetByRole(AriaRole.Article, new() { Name = "Magnon transport at interfaces" })).ToBeVisibleAsync();
            await PortalBrowser.AssertFitsWidthAsync(phone, "approval queue at phone width");
            await PortalBrowser.AssertAccessibleAsync(phone, "approval queue at phone width");
        });
    }
}
