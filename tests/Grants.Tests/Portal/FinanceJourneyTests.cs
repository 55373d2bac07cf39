using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Grants.Tests.Infrastructure;
using Grants.Workflows.Demo;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Grants.Tests.Programs.ProgramHttp;

namespace Grants.Tests.Portal;

/// <summary>
/// Finance's main journey in the browser: an approved payout goes into a batch, its Zengin, CSV and journal files are
/// downloaded, the batch is marked paid and the reconciliation shows it; then a bank return and a cancellation. And a
/// Zengin file that cannot be written explains itself instead of downloading.
/// </summary>
[Trait("Kind", "Browser")]
public sealed partial class FinanceJourneyTests(ITestOutputHelper output)
{
    /// <summary>A valid originator, as in local/appsettings.json; the local runtime under test starts from the repository root.</summary>
    static readonly string[] Originator =
    [
        "--Zengin:CompanyCode", "1234567890", "--Zengin:CompanyNameKana", "ザイリヨウカガクケンキユウシヨ", "--Zengin:BankCode", "0001",
        "--Zengin:BranchCode", "100", "--Zengin:AccountNumber", "7654321",
    ];

    const int ZenginRecord = 122;

    [Fact]
    public async Task Finance_batches_an_approved_payout_downloads_its_files_marks_it_paid_reads_the_reconciliation_and_records_a_return()
    {
        await using var portal = await PortalBrowser.StartAsync(Originator);
        await portal.Runtime.ExplainFailureAsync(output, async () =>
        {
            var (applicationId, payoutId) = await ApprovedPayoutAsync(portal.Runtime, 264_000);
            using var finance = portal.Runtime.ClientFor(DemoData.Finance.Id, "finance");
            var japanToday = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9)).DateTime);

            // The approved payouts and the batch form.
            var page = await portal.SignInAsync(DemoData.Finance.Name);
            await page.GetByRole(AriaRole.Link, new() { Name = "Payouts", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Approved payouts", Level = 1 })).ToBeVisibleAsync();
            // Each payout reads as the paper it pays for, its payee and its fund by name; the numbers stay in small print for the bank.
            var waiting = page.GetByRole(AriaRole.Row).Filter(new() { HasText = payoutId });
            await Assertions.Expect(waiting).ToContainTextAsync("¥264,000");
            await Assertions.Expect(waiting.GetByRole(AriaRole.Link, new() { Name = "Strain-tuned interface magnetism" })).ToHaveAttributeAsync("href", $"#/applications/{applicationId}");
            await Assertions.Expect(waiting).ToContainTextAsync(DemoData.Researcher.Name);
            await Assertions.Expect(waiting).ToContainTextAsync("Director's discretionary fund");
            await Assertions.Expect(waiting).Not.ToContainTextAsync("director-discretionary");
            await Assertions.Expect(page.GetByText("Waiting: 1, ¥264,000 in total")).ToBeVisibleAsync();
            await PortalBrowser.AssertAccessibleAsync(page, "approved payouts");

            await page.GetByLabel("Transfer date").FillAsync(japanToday.AddDays(1).ToString("yyyy-MM-dd"));
            await page.GetByRole(AriaRole.Button, new() { Name = "Create batch" }).ClickAsync();
            await Assertions.Expect(page.Locator("#status")).ToContainTextAsync(new Regex("^Created batch B-[0-9A-F]+: payouts 1, ¥264,000 in total"));
            await Assertions.Expect(page.GetByText("No approved payout is waiting for a batch.")).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Open the batch" }).ClickAsync();

            var heading = page.GetByRole(AriaRole.Heading, new() { Level = 1 });
            await Assertions.Expect(heading).ToHaveTextAsync(BatchHeading());
            var batchId = BatchHeading().Match(await heading.InnerTextAsync()).Groups[1].Value;
            await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = payoutId })).ToContainTextAsync("Batched");
            await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = payoutId })).ToContainTextAsync("Strain-tuned interface magnetism");
            // Who made the batch is named, not given by sign-in name.
            await Assertions.Expect(Fact(page.Locator("main"), "Created by")).ToHaveTextAsync(DemoData.Finance.Name);

            // The bank's file: Shift_JIS, 120-byte records with CR LF — header, one transfer, trailer, end.
            var zengin = await DownloadAsync(page, "Zengin transfer file", $"{batchId}-zengin.txt");
            Assert.Equal(4 * ZenginRecord, zengin.Length);
            Assert.Equal("1289", Encoding.ASCII.GetString([zengin[0], zengin[ZenginRecord], zengin[2 * ZenginRecord], zengin[3 * ZenginRecord]]));
            Assert.Equal("0000264000", Encoding.ASCII.GetString(zengin, ZenginRecord + 80, 10));
            Assert.Equal(japanToday.AddDays(1).ToString("MMdd"), Encoding.ASCII.GetString(zengin, 54, 4));
            Assert.Equal("\r\n"u8.ToArray(), zengin[120..122]);
            await Assertions.Expect(BatchStatus(page)).ToHaveTextAsync("Exported");

            var csv = await DownloadAsync(page, "CSV (for Excel)", $"{batchId}.csv");
            Assert.Equal(Encoding.UTF8.Preamble.ToArray(), csv[..3]);
            Assert.Contains(payoutId, Encoding.UTF8.GetString(csv));
            Assert.StartsWith("\uFEFFBatch,Payout,Application,", Encoding.UTF8.GetString(csv), StringComparison.Ordinal);
            var journal = await DownloadAsync(page, "Accounting journal", $"{batchId}-journal.csv");
            Assert.Contains("DIR-001", Encoding.UTF8.GetString(journal));
            Assert.StartsWith("\uFEFFFiscal year,Fund ID,", Encoding.UTF8.GetString(journal), StringComparison.Ordinal);
            await PortalBrowser.AssertAccessibleAsync(page, "payout batch");

            // The bank transferred the money today (the requested date, tomorrow, has not come yet).
            await Assertions.Expect(page.GetByLabel("Transfer date")).ToHaveValueAsync(japanToday.ToString("yyyy-MM-dd"));
            // Marking paid asks first, warns that the date is before the one asked of the bank, and says who is mailed.
            await page.GetByRole(AriaRole.Button, new() { Name = "Mark paid" }).ClickAsync();
            var confirm = page.GetByRole(AriaRole.Group, new() { Name = "Record the batch as paid?" });
            await Assertions.Expect(confirm).ToBeFocusedAsync();
            await Assertions.Expect(confirm).ToContainTextAsync($": 1 of {batchId}, ¥264,000 in total.");
            await Assertions.Expect(confirm).ToContainTextAsync("is before the transfer date asked of the bank");
            await Assertions.Expect(confirm).ToContainTextAsync($"These payees are mailed that the money was transferred: {DemoData.Researcher.Name}");
            await PortalBrowser.AssertAccessibleAsync(page, "mark paid confirmation");
            await confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
            await Assertions.Expect(confirm).ToHaveCountAsync(0);
            await Assertions.Expect(BatchStatus(page)).ToHaveTextAsync("Exported");
            await page.GetByRole(AriaRole.Button, new() { Name = "Mark paid" }).ClickAsync();
            await confirm.GetByRole(AriaRole.Button, new() { Name = "Yes, record as paid" }).ClickAsync();
            await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync(new Regex($"^Recorded {batchId} as paid on "));
            await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = payoutId })).ToContainTextAsync("Paid");
            await PortalBrowser.ScreenshotAsync(page, "finance");
            foreach (var viewport in new[] { PortalBrowser.Phone, PortalBrowser.NarrowPhone })
            {
                var phone = await portal.SignInAsync(DemoData.Finance.Name, viewport: viewport);
                await phone.GetByRole(AriaRole.Link, new() { Name = "Payouts", Exact = true }).ClickAsync();
                await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Approved payouts", Level = 1 })).ToBeVisibleAsync();
                await PortalBrowser.AssertFitsWidthAsync(phone, $"approved payouts at {viewport.Width} px");
                await phone.GetByRole(AriaRole.Link, new() { Name = "Batches", Exact = true }).ClickAsync();
                await phone.GetByRole(AriaRole.Link, new() { Name = batchId }).ClickAsync();
                await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Name = $"Payout batch {batchId}" })).ToBeVisibleAsync();
                await PortalBrowser.AssertFitsWidthAsync(phone, $"payout batch at {viewport.Width} px");
                await phone.GetByRole(AriaRole.Link, new() { Name = "Reconciliation", Exact = true }).ClickAsync();
                await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
                await PortalBrowser.AssertFitsWidthAsync(phone, $"reconciliation at {viewport.Width} px");
            }

            await page.GetByRole(AriaRole.Link, new() { Name = "Reconciliation" }).ClickAsync();
            await Assertions.Expect(page.GetByText("Every fund and batch balances.")).ToBeVisibleAsync();
            var fund = page.GetByRole(AriaRole.Article, new() { Name = "Director's discretionary fund (DIR-001)" });
            await Assertions.Expect(Fact(fund, "Paid")).ToHaveTextAsync("¥264,000");
            await Assertions.Expect(Fact(fund, "Paid payouts")).ToHaveTextAsync("¥264,000");
            await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = batchId })).ToContainTextAsync("Paid");
            await PortalBrowser.AssertAccessibleAsync(page, "reconciliation");

            // The bank sends the transfer back: the payout is approved again, and finance cancels it.
            await page.GetByRole(AriaRole.Link, new() { Name = "Batches", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = batchId }).ClickAsync();
            await page.GetByRole(AriaRole.Row).Filter(new() { HasText = payoutId }).GetByRole(AriaRole.Button, new() { Name = "Record return…" }).ClickAsync();
            await Assertions.Expect(page.GetByLabel("The bank’s reason")).ToBeFocusedAsync();
            await PortalBrowser.AssertAccessibleAsync(page, "recording a bank return");
            await page.GetByLabel("The bank’s reason").FillAsync("口座なし");
            await page.GetByRole(AriaRole.Button, new() { Name = "Record return", Exact = true }).ClickAsync();
            await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync($"Recorded the return of payout {payoutId}. It is “Ready to batch” again.");
            await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = payoutId })).ToContainTextAsync($"Returned from {batchId}: 口座なし");

            await page.GetByRole(AriaRole.Link, new() { Name = "Payouts", Exact = true }).ClickAsync();
            var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = payoutId });
            await Assertions.Expect(row).ToContainTextAsync($"Returned from {batchId}: 口座なし");
            await row.GetByRole(AriaRole.Button, new() { Name = "Cancel…" }).ClickAsync();
            await page.GetByLabel("Reason for cancelling").FillAsync("The researcher paid the charge from another grant.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Confirm cancellation" }).ClickAsync();
            await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync($"Cancelled payout {payoutId}. ¥264,000 went back to the fund.");
            await Assertions.Expect(page.GetByText("No approved payout is waiting for a batch.")).ToBeVisibleAsync();
            var payouts = (await finance.GetFromJsonAsync<JsonArray>("/api/payouts?status=cancelled"))!;
            Assert.Contains(payouts, p => p!["id"]!.GetValue<string>() == payoutId && p["applicationId"]!.GetValue<string>() == applicationId);

            await page.GetByRole(AriaRole.Link, new() { Name = "Reconciliation" }).ClickAsync();
            await Assertions.Expect(page.GetByText("Every fund and batch balances.")).ToBeVisibleAsync();
            var after = page.GetByRole(AriaRole.Article, new() { Name = "Director's discretionary fund (DIR-001)" });
            await Assertions.Expect(Fact(after, "Cancelled")).ToHaveTextAsync("¥264,000");
            await Assertions.Expect(Fact(after, "Paid")).ToHaveTextAsync("¥0");
            await Assertions.Expect(Fact(after, "Reserved")).ToHaveTextAsync("¥0");
        });
    }

    [Fact]
    public async Task A_Zengin_file_that_cannot_be_written_is_explained_and_nothing_is_exported_while_the_CSV_still_downloads()
    {
        await using var portal = await PortalBrowser.StartAsync([.. Originator, "--Zengin:CompanyCode", "12345"]);
        await portal.Runtime.ExplainFailureAsync(output, async () =>
        {
            var (_, payoutId) = await ApprovedPayoutAsync(portal.Runtime, 90_000);
            using var finance = portal.Runtime.ClientFor(DemoData.Finance.Id, "finance");
            var batch = await finance.PostAsJsonAsync("/api/payout-batches", new { });
            Assert.True(batch.IsSuccessStatusCode, await batch.Content.ReadAsStringAsync());
            var batchId = (await batch.Content.ReadFromJsonAsync<JsonNode>())!["id"]!.GetValue<string>();

            var page = await portal.SignInAsync(DemoData.Finance.Name);
            var downloads = 0;
            page.Download += (_, _) => downloads++;
            await page.GetByRole(AriaRole.Link, new() { Name = "Batches", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = batchId }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = payoutId })).ToBeVisibleAsync();

            await page.GetByRole(AriaRole.Button, new() { Name = "Zengin transfer file" }).ClickAsync();
            var alert = page.GetByRole(AriaRole.Alert);
            await Assertions.Expect(alert).ToContainTextAsync("Zengin:CompanyCode: the originator code is 10 digits assigned by the bank");
            await Assertions.Expect(alert).ToContainTextAsync("The institute’s originator settings (“Zengin:…”) are missing or wrong.");
            await Assertions.Expect(alert).Not.ToContainTextAsync("Correct the fields marked in red");
            await Assertions.Expect(alert).ToBeFocusedAsync();
            Assert.Equal(0, downloads);
            await Assertions.Expect(BatchStatus(page)).ToHaveTextAsync("Created");
            await Assertions.Expect(page.GetByText("Nothing has been exported yet.")).ToBeVisibleAsync();
            await PortalBrowser.AssertAccessibleAsync(page, "payout batch whose Zengin file cannot be written");

            var csv = await DownloadAsync(page, "CSV (for Excel)", $"{batchId}.csv");
            Assert.Contains(payoutId, Encoding.UTF8.GetString(csv));
            await Assertions.Expect(BatchStatus(page)).ToHaveTextAsync("Exported");

            // The file follows the portal's language, not the browser's.
            await page.Locator("#lang").SelectOptionAsync("ja");
            var japanese = Encoding.UTF8.GetString(await DownloadAsync(page, "CSV(Excel 用)", $"{batchId}.csv"));
            Assert.StartsWith("\uFEFF支払バッチ番号,支払番号,申請番号,", japanese, StringComparison.Ordinal);
            Assert.Contains(payoutId, japanese);
        });
    }

    /// <summary>Submits and approves a publication-fee application through the API; returns it and its payout once finance can batch it.</summary>
    static async Task<(string ApplicationId, string PayoutId)> ApprovedPayoutAsync(LocalRuntime runtime, long amount)
    {
        using var applicant = runtime.ClientFor(DemoData.Researcher.Id, "applicant");
        using var director = runtime.ClientFor(DemoData.Director.Id, "director");
        using var finance = runtime.ClientFor(DemoData.Finance.Id, "finance");
        var id = await SubmitPaperAsync(applicant, amount: amount);
        await WaitForStatusAsync(director, id, "awaitingApproval");
        await PostAcceptedAsync(director, $"/api/applications/{id}/decision", new { decision = "approve", comment = "承認します。" });
        await WaitForStatusAsync(director, id, "approved");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var approved = (await finance.GetFromJsonAsync<JsonArray>("/api/payouts?status=approved"))!;
            if (approved.FirstOrDefault(p => p!["applicationId"]!.GetValue<string>() == id) is { } payout)
            {
                return (id, payout["id"]!.GetValue<string>());
            }

            Assert.True(DateTime.UtcNow < deadline, $"No approved payout for {id}.");
            await Task.Delay(200);
        }
    }

    /// <summary>Clicks a download button and returns the bytes saved, checking the name the server gave the file.</summary>
    static async Task<byte[]> DownloadAsync(IPage page, string button, string fileName)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync());
        Assert.Equal(fileName, download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.NotEmpty(bytes);
        return bytes;
    }

    /// <summary>The batch's status as its page states it (the first of its facts).</summary>
    static ILocator BatchStatus(IPage page) => page.Locator("dl.facts dd").First;

    /// <summary>The value of one fact (a dt/dd pair) in a card, found by its exact term.</summary>
    static ILocator Fact(ILocator card, string term) =>
        card.Locator("dt", new() { HasTextRegex = new Regex($"^{Regex.Escape(term)}$") }).Locator("xpath=following-sibling::dd[1]");

    [GeneratedRegex("^Payout batch (B-[0-9A-F]+)$")]
    private static partial Regex BatchHeading();
}
