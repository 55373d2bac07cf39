using Grants.Workflows.Demo;
using Grants.Workflows.Money;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Grants.Tests.Portal;

/// <summary>
/// The research support office in the browser, in English then Japanese: a new program version is edited, checked (its
/// changes in words), refused while invalid and then published; next year's call is scheduled, its close date moved, and
/// it is closed — every screen checked with axe.
/// </summary>
[Trait("Kind", "Browser")]
public sealed class ProgramAdminJourneyTests
{
    readonly ITestOutputHelper output;

    public ProgramAdminJourneyTests(ITestOutputHelper output)
    {
        this.output = output;
        // Each step waits on what the screen shows; on a machine busy with other test runs a screen can take longer than Playwright's 5 s.
        Assertions.SetDefaultExpectTimeout(30_000);
    }

    [Fact]
    public async Task The_administrator_publishes_a_new_program_version_and_schedules_extends_and_closes_next_years_call()
    {
        await using var portal = await PortalBrowser.StartAsync();
        await portal.Runtime.ExplainFailureAsync(output, async () =>
        {
            var page = await portal.SignInAsync(DemoData.Admin.Name);
            await page.GetByRole(AriaRole.Link, new() { Name = "Program versions" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Program versions", Level = 1 })).ToBeVisibleAsync();
            await PortalBrowser.AssertAccessibleAsync(page, "program versions");
            await page.GetByRole(AriaRole.Link, new() { Name = DemoData.PublicationSupport.NameEn }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Versions of {DemoData.PublicationSupport.NameEn}", Level = 1 })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Current" })).ToContainTextAsync("1");

            // The editor holds the current definition as version 2; an invalid change is refused with its path.
            var definition = page.GetByLabel("Definition (JSON)");
            var text = await definition.InputValueAsync();
            Assert.Contains("\"version\": 2", text, StringComparison.Ordinal);
            await definition.FillAsync(text.Replace("\"capPerPaper\": 500000", "\"capPerPaper\": 0", StringComparison.Ordinal));
            await page.GetByRole(AriaRole.Button, new() { Name = "Check the changes" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("expenses[2].capPerPaper: must be > 0");
            await PortalBrowser.AssertAccessibleAsync(page, "program version refused");

            await definition.FillAsync(text.Replace("\"capPerPaper\": 500000", "\"capPerPaper\": 400000", StringComparison.Ordinal));
            await page.GetByRole(AriaRole.Button, new() { Name = "Check the changes" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Version 1 → version 2" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Open-access charge cap: ¥500,000 → ¥400,000" })).ToBeVisibleAsync();
            await PortalBrowser.AssertAccessibleAsync(page, "program version preview");
            await page.GetByRole(AriaRole.Button, new() { Name = "Publish this version" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Current" }).GetByRole(AriaRole.Cell).First).ToHaveTextAsync("2");
            await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Earlier version" }).GetByRole(AriaRole.Cell).First).ToHaveTextAsync("1");

            // Next fiscal year's call, scheduled from April 1; its close date moved; then closed.
            var next = FiscalYear.Of(DateTimeOffset.UtcNow).Year + 1;
            await page.GetByRole(AriaRole.Link, new() { Name = "Calls", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Calls", Level = 1 })).ToBeVisibleAsync();
            await page.GetByLabel("Program", new() { Exact = true }).SelectOptionAsync(DemoData.GraduateFellowship);
            await page.GetByLabel("Fiscal year", new() { Exact = true }).SelectOptionAsync(next.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await page.GetByLabel("Opens", new() { Exact = true }).FillAsync($"{next}-04-01");
            await page.GetByLabel("Closes", new() { Exact = true }).FillAsync($"{next}-05-31");
            await page.GetByRole(AriaRole.Button, new() { Name = "Open the call" }).ClickAsync();
            await Assertions.Expect(page.Locator("#main").GetByText($"The FY{next} call of {DemoData.GraduateSupport.NameEn} is registered.")).ToBeVisibleAsync();
            var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = DemoData.GraduateSupport.NameEn }).Filter(new() { HasText = $"FY{next}" });
            await Assertions.Expect(row).ToContainTextAsync("Upcoming");
            await PortalBrowser.AssertAccessibleAsync(page, "calls");

            // Overlapping this year's call is refused, and says why.
            await page.GetByLabel("Program", new() { Exact = true }).SelectOptionAsync(DemoData.ImaGaTaisetsu);
            await page.GetByLabel("Fiscal year", new() { Exact = true }).SelectOptionAsync(next.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await page.GetByLabel("Opens", new() { Exact = true }).FillAsync($"{next}-03-01");
            await page.GetByLabel("Closes", new() { Exact = true }).FillAsync($"{next}-04-30");
            await page.GetByRole(AriaRole.Button, new() { Name = "Open the call" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("overlaps");

            await page.GetByLabel($"New close date of {DemoData.GraduateSupport.NameEn} FY{next}").FillAsync($"{next}-06-30");
            await page.GetByRole(AriaRole.Button, new() { Name = $"Move the close date: {DemoData.GraduateSupport.NameEn} FY{next}" }).ClickAsync();
            await Assertions.Expect(page.Locator("#main").GetByText("The call now closes on")).ToBeVisibleAsync();
            await Assertions.Expect(row).ToContainTextAsync("30 Jun");
            await page.GetByRole(AriaRole.Button, new() { Name = $"Close now: {DemoData.GraduateSupport.NameEn} FY{next}" }).ClickAsync();
            await Assertions.Expect(row).ToContainTextAsync("Closed early");

            // The same screens in Japanese.
            var ja = await portal.SignInAsync(DemoData.Admin.Name, "ja-JP");
            await ja.GetByRole(AriaRole.Link, new() { Name = "プログラムの版" }).ClickAsync();
            await ja.GetByRole(AriaRole.Link, new() { Name = DemoData.PublicationSupport.NameJa }).ClickAsync();
            await Assertions.Expect(ja.GetByRole(AriaRole.Heading, new() { Name = $"{DemoData.PublicationSupport.NameJa} の版", Level = 1 })).ToBeVisibleAsync();
            var jaDefinition = ja.GetByLabel("定義(JSON)");
            var jaText = await jaDefinition.InputValueAsync();
            Assert.Contains("\"version\": 3", jaText, StringComparison.Ordinal);
            await jaDefinition.FillAsync(jaText.Replace("\"capPerApplication\": 600000", "\"capPerApplication\": 550000", StringComparison.Ordinal));
            await ja.GetByRole(AriaRole.Button, new() { Name = "変更点を確認" }).ClickAsync();
            await Assertions.Expect(ja.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "1件あたりの上限: ¥600,000 → ¥550,000" })).ToBeVisibleAsync();
            await PortalBrowser.AssertAccessibleAsync(ja, "program version preview in Japanese");
            await ja.GetByRole(AriaRole.Link, new() { Name = "募集", Exact = true }).ClickAsync();
            await Assertions.Expect(ja.GetByRole(AriaRole.Heading, new() { Name = "募集", Level = 1 })).ToBeVisibleAsync();
            await Assertions.Expect(ja.GetByRole(AriaRole.Row).Filter(new() { HasText = $"FY{next}" })).ToContainTextAsync("募集終了");
            await PortalBrowser.AssertAccessibleAsync(ja, "calls in Japanese");
        });
    }
}
