using System.Globalization;
using System.Text;
using CsvHelper;
using Grants.Workflows.Demo;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Grants.Tests.Programs.ProgramHttp;

namespace Grants.Tests.Portal;

/// <summary>
/// Staff read the annual report in the browser: finance in English and the administrator in Japanese pick a range of
/// fiscal years, read each program's counts and yen by expense kind by name, download the CSV in their language, and a
/// backwards range is explained under the picker; the director reads it on a phone. Applicants have no such screen.
/// </summary>
[Trait("Kind", "Browser")]
public sealed class AnnualReportJourneyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Finance_and_the_administrator_read_the_annual_report_and_download_it_in_their_language()
    {
        await using var portal = await PortalBrowser.StartAsync();
        await portal.Runtime.ExplainFailureAsync(output, async () =>
        {
            using var applicant = portal.Runtime.ClientFor(DemoData.Researcher.Id, "applicant");
            using var director = portal.Runtime.ClientFor(DemoData.Director.Id, "director");
            var id = await SubmitPaperAsync(applicant);
            await WaitForStatusAsync(director, id, "awaitingApproval");
            await PostAcceptedAsync(director, $"/api/applications/{id}/decision", new { decision = "approve", comment = "承認します。" });
            await WaitForStatusAsync(director, id, "approved");
            var year = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9)) is var japan && japan.Month >= 4 ? japan.Year : japan.Year - 1;

            // Finance, in English: this fiscal year and the two before, by program and by expense kind, names not ids.
            var page = await portal.SignInAsync(DemoData.Finance.Name);
            await page.GetByRole(AriaRole.Link, new() { Name = "Annual report", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Annual report", Level = 1 })).ToBeVisibleAsync();
            foreach (var shown in new[] { year - 2, year - 1, year })
            {
                await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"FY{shown} (April {shown} to March {shown + 1})", Level = 2 })).ToBeVisibleAsync();
            }

            var thisYear = page.GetByRole(AriaRole.Region, new() { Name = $"FY{year} (April {year} to March {year + 1})" });
            var program = thisYear.GetByRole(AriaRole.Table).First.GetByRole(AriaRole.Row).Filter(new() { HasText = DemoData.PublicationSupport.NameEn });
            await Assertions.Expect(program.GetByRole(AriaRole.Cell)).ToHaveTextAsync([DemoData.PublicationSupport.NameEn, "1", "1", "0", "¥264,000", "¥0"]);
            var kind = thisYear.GetByRole(AriaRole.Table).Nth(1).GetByRole(AriaRole.Row).Filter(new() { HasText = "Open-access charge" }).Filter(new() { HasText = DemoData.PublicationSupport.NameEn });
            await Assertions.Expect(kind.GetByRole(AriaRole.Cell)).ToHaveTextAsync([DemoData.PublicationSupport.NameEn, "Open-access charge", "¥264,000", "¥0"]);
            await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = $"FY{year - 1} (April {year - 1} to March {year})" }))
                .ToContainTextAsync("Nothing was received or paid in this fiscal year.");
            await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync(DemoData.ImaGaTaisetsu);
            await PortalBrowser.AssertAccessibleAsync(page, "annual report");

            var english = await DownloadAsync(page, $"Download CSV (FY{year - 2}–FY{year})", $"annual-report-FY{year - 2}-FY{year}.csv");
            Assert.Equal(["Fiscal year", "Program", "Expense kind", "Received", "Approved", "Paid", "Granted (yen)", "Paid (yen)"], english[0]);
            Assert.Contains([$"{year}", DemoData.PublicationSupport.NameEn, "All kinds", "1", "1", "0", "264000", "0"], english);

            // A backwards range is explained at the picker, which stays to correct it.
            await page.GetByLabel("From fiscal year").SelectOptionAsync($"{year}");
            await page.GetByLabel("To fiscal year").SelectOptionAsync($"{year - 2}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("From fiscal year");
            await Assertions.Expect(page.GetByLabel("From fiscal year")).ToHaveAttributeAsync("aria-invalid", "true");
            await PortalBrowser.AssertAccessibleAsync(page, "annual report with a backwards range");
            await page.GetByLabel("From fiscal year").SelectOptionAsync($"{year}");
            await page.GetByLabel("To fiscal year").SelectOptionAsync($"{year}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveCountAsync(1);

            // The administrator, in Japanese.
            var ja = await portal.SignInAsync(DemoData.Admin.Name, locale: "ja-JP");
            await ja.GetByRole(AriaRole.Link, new() { Name = "年度報告", Exact = true }).ClickAsync();
            await Assertions.Expect(ja.GetByRole(AriaRole.Heading, new() { Name = "年度報告", Level = 1 })).ToBeVisibleAsync();
            var region = ja.GetByRole(AriaRole.Region, new() { Name = $"{year}年度({year}年4月〜{year + 1}年3月)" });
            await Assertions.Expect(region.GetByRole(AriaRole.Table).First.GetByRole(AriaRole.Row).Filter(new() { HasText = DemoData.PublicationSupport.NameJa }).GetByRole(AriaRole.Cell))
                .ToHaveTextAsync([DemoData.PublicationSupport.NameJa, "1", "1", "0", "¥264,000", "¥0"]);
            await Assertions.Expect(region.GetByRole(AriaRole.Table).Nth(1).GetByRole(AriaRole.Row).Filter(new() { HasText = "オープンアクセス掲載料" }).Filter(new() { HasText = DemoData.PublicationSupport.NameJa }))
                .ToContainTextAsync("¥264,000");
            await PortalBrowser.AssertAccessibleAsync(ja, "annual report in Japanese");
            var japanese = await DownloadAsync(ja, $"CSV をダウンロード({year - 2}〜{year}年度)", $"annual-report-FY{year - 2}-FY{year}.csv");
            Assert.Equal(["年度", "プログラム", "経費区分", "受付件数", "採択件数", "支払件数", "採択額(円)", "支払額(円)"], japanese[0]);
            Assert.Contains([$"{year}", DemoData.PublicationSupport.NameJa, "計", "1", "1", "0", "264000", "0"], japanese);

            // The director reads it on a phone without sideways scrolling.
            var phone = await portal.SignInAsync(DemoData.Director.Name, viewport: PortalBrowser.Phone);
            await phone.GetByRole(AriaRole.Link, new() { Name = "Annual report", Exact = true }).ClickAsync();
            await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Annual report", Level = 1 })).ToBeVisibleAsync();
            await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveCountAsync(3);
            await PortalBrowser.AssertFitsWidthAsync(phone, "annual report at phone width");

            // Applicants have no annual report.
            var researcher = await portal.SignInAsync(DemoData.Researcher.Name);
            await Assertions.Expect(researcher.Locator("#nav")).Not.ToContainTextAsync("Annual report");
        });
    }

    /// <summary>Clicks the download link and returns the file's rows, after checking its name and its UTF-8 byte-order mark.</summary>
    static async Task<List<string[]>> DownloadAsync(IPage page, string link, string fileName)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = link }).ClickAsync());
        Assert.Equal(fileName, download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        using var reader = new CsvReader(new StringReader(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes[3..])), CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.Parser.Record!);
        }

        return rows;
    }
}
