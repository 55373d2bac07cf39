using Grants.Workflows.Demo;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Grants.Tests.Programs.ProgramHttp;

namespace Grants.Tests.Portal;

/// <summary>
/// The administrator's main journey in the browser: programs, calls, funds and budgets at a glance, then the audit
/// trail of an application, found by typing its id and by picking it from the applications.
/// </summary>
[Trait("Kind", "Browser")]
public sealed class AdminJourneyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_administrator_sees_programs_calls_and_budgets_and_reads_the_audit_trail_of_an_application()
    {
        await using var portal = await PortalBrowser.StartAsync();
        await portal.Runtime.ExplainFailureAsync(output, async () =>
        {
            using var applicant = portal.Runtime.ClientFor(DemoData.Researcher.Id, "applicant");
            using var director = portal.Runtime.ClientFor(DemoData.Director.Id, "director");
            var id = await SubmitPaperAsync(applicant);
            await WaitForStatusAsync(director, id, "awaitingApproval");

            // Funds, the year's figures, then every program with its rules and calls.
            var page = await portal.SignInAsync(DemoData.Admin.Name);
            await page.GetByRole(AriaRole.Link, new() { Name = "Overview", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Programs, calls and budgets", Level = 1 })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "DIR-001" })).ToContainTextAsync("¥3,000,000");
            await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "INS-001" })).ToContainTextAsync("¥10,000,000");
            await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "JU-001" })).ToContainTextAsync("Balanced");
            var figures = page.GetByRole(AriaRole.Row).Filter(new() { HasText = DemoData.PublicationSupport.NameEn });
            await Assertions.Expect(figures.GetByRole(AriaRole.Cell).Nth(2)).ToHaveTextAsync("1");

            foreach (var program in DemoData.Programs)
            {
                var card = page.GetByRole(AriaRole.Article, new() { Name = $"{program.NameEn} Version {program.Version}" });
                await Assertions.Expect(card).ToContainTextAsync(program.Id);
                await Assertions.Expect(card.GetByRole(AriaRole.Row).Filter(new() { HasText = $"FY{Workflows.Money.FiscalYear.Of(DateTimeOffset.UtcNow).Year}" })).ToContainTextAsync("✓ Open");
            }

            var publication = page.GetByRole(AriaRole.Article, new() { Name = $"{DemoData.PublicationSupport.NameEn} Version 1" });
            await Assertions.Expect(publication.GetByRole(AriaRole.Row).Filter(new() { HasText = "Open-access charge" })).ToContainTextAsync("¥500,000");
            await Assertions.Expect(publication).ToContainTextAsync("Reminded every 3 days; escalated to the delegate after 7 days");
            await PortalBrowser.AssertAccessibleAsync(page, "administrator's overview");
            await PortalBrowser.ScreenshotAsync(page, "admin");

            // The audit trail, by the application's id.
            await page.GetByRole(AriaRole.Link, new() { Name = "Audit trail" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit trail", Level = 1 })).ToBeVisibleAsync();
            await page.GetByLabel("Subject").FillAsync(id);
            await page.GetByRole(AriaRole.Button, new() { Name = "Show the trail" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Trail of {id}" })).ToBeVisibleAsync();
            var trail = page.Locator("section[aria-labelledby='trail-title'] tbody tr");
            // Who took each step reads as their name, their sign-in name below it in small print.
            await Assertions.Expect(trail.First.GetByRole(AriaRole.Cell).Nth(1)).ToHaveTextAsync($"{DemoData.Researcher.Name}{DemoData.Researcher.Id}");
            await Assertions.Expect(trail.First).ToContainTextAsync("created");
            await Assertions.Expect(trail.Filter(new() { HasText = "submitted" })).ToContainTextAsync("Submission 1.");
            await Assertions.Expect(trail.Filter(new() { HasText = "Approval requested" })).ToContainTextAsync("system");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Open this application" })).ToHaveAttributeAsync("href", $"#/applications/{id}");
            await PortalBrowser.AssertAccessibleAsync(page, "audit trail");

            // …and by picking it from the applications awaiting approval.
            await page.GetByRole(AriaRole.Link, new() { Name = "Audit trail" }).ClickAsync();
            await page.GetByLabel("Filter by status").SelectOptionAsync("awaitingApproval");
            await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
            await Assertions.Expect(page.GetByText("Applications: 1, newest first")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = id })).ToContainTextAsync(DemoData.Researcher.Name);
            await page.GetByRole(AriaRole.Link, new() { Name = $"Trail of {id}" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Trail of {id}" })).ToBeVisibleAsync();
            await Assertions.Expect(trail.Filter(new() { HasText = "Document attached" })).ToContainTextAsync("invoice.pdf");

            // An unknown subject says so instead of showing an empty table.
            // The trail screen may still be re-rendering the previous subject (resetting the field), so the search is asked
            // again until the screen answers for the unknown subject.
            for (var attempt = 1; ; attempt++)
            {
                await page.GetByLabel("Subject").FillAsync("APP-NOSUCHTHING");
                await page.GetByRole(AriaRole.Button, new() { Name = "Show the trail" }).ClickAsync();
                try
                {
                    await Assertions.Expect(page.GetByText("Nothing is recorded for this subject.")).ToBeVisibleAsync(new() { Timeout = 30_000 });
                    break;
                }
                catch (PlaywrightException) when (attempt < 3)
                {
                }
            }


            var phone = await portal.SignInAsync(DemoData.Admin.Name, viewport: PortalBrowser.Phone);
            await phone.GetByRole(AriaRole.Link, new() { Name = "Overview", Exact = true }).ClickAsync();
            await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Programs, calls and budgets", Level = 1 })).ToBeVisibleAsync();
            await PortalBrowser.AssertFitsWidthAsync(phone, "administrator's overview at phone width");
            await phone.GetByRole(AriaRole.Link, new() { Name = "Audit trail" }).ClickAsync();
            await phone.GetByRole(AriaRole.Link, new() { Name = $"Trail of {id}" }).ClickAsync();
            await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Name = $"Trail of {id}" })).ToBeVisibleAsync();
            await PortalBrowser.AssertFitsWidthAsync(phone, "audit trail at phone width");
        });
    }
}
