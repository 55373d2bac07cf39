using System.Net;
using System.Text.Json.Nodes;
using Grants.Tests.Security;
using Grants.Workflows.Applications;
using Grants.Workflows.BankAccounts;
using Grants.Workflows.Demo;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;
using Grants.Workflows.People;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using static Grants.Tests.Orchestration.WorkflowHarness;
using static Grants.Tests.Reports.AnnualReportApiTests;
using static Grants.Tests.Reports.ReportRecords;

namespace Grants.Tests.Payouts;

/// <summary>
/// A batch's CSV and journal over HTTP, headed in the caller's language (lang=, else Accept-Language) or by machine
/// names (headers=machine), with the same rows either way; a bad choice is one 400 listing every field, format too.
/// </summary>
[Trait("Kind", "Orchestration")]
public sealed class PayoutCsvApiTests
{
    [Fact]
    public async Task The_batch_files_are_headed_in_the_callers_language_or_by_machine_names_on_request()
    {
        await using var host = await ApiHost.StartAsync();
        var year = FiscalYear.Of(DateTimeOffset.UtcNow);
        var paper = await host.Harness.Applications.SubmittedAsync("APP-CSVH", DemoData.ImaGaTaisetsu, DateTimeOffset.UtcNow.AddDays(-2), ApplicationStatus.Approved, [Line(ExpenseKind.SubmissionFee, 120_000)]);
        await host.Harness.Payouts.PayoutAsync(paper, 120_000, year, PayoutStatus.Approved);
        await new BankAccountStore(host.Storage).SaveAsync(new PayeeBankAccount(paper.ApplicantId, new BankAccount("0001", "001", "ordinary", "1234567", "シケン タロウ"), DateTimeOffset.UtcNow, "test"));
        using var finance = host.ClientFor(DemoData.Finance.Id, "finance");
        var created = await finance.PostAsync("/api/payout-batches", null);
        Assert.True(created.StatusCode is HttpStatusCode.Created or HttpStatusCode.Accepted, $"{(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        Payout? payout = null;
        await EventuallyAsync(async () => (payout = await host.Harness.Payouts.GetAsync(Payout.IdFor(paper.Id)))?.BatchId is not null, () => "the payout in a batch");
        var file = $"/api/payout-batches/{payout!.BatchId}/file";

        // A busy machine may answer the first download with 202 while the batch is marked exported: wait for the file.
        await EventuallyAsync(async () => (await finance.GetAsync($"{file}?format=csv")).StatusCode == HttpStatusCode.OK, () => "the batch exported");

        var (japanese, japaneseRows) = await CsvAsync(finance, $"{file}?format=csv", "ja-JP,ja;q=0.9,en;q=0.8");
        Assert.Equal("ja", Assert.Single(japanese.Content.Headers.ContentLanguage));
        Assert.Equal(["支払バッチ番号", "支払番号", "申請番号"], japaneseRows[0][..3]);
        Assert.Contains(paper.Id, japaneseRows[1]);
        var (english, englishRows) = await CsvAsync(finance, $"{file}?format=csv", "en-GB,ja;q=0.5");
        Assert.Equal("en", Assert.Single(english.Content.Headers.ContentLanguage));
        Assert.Equal(["Batch", "Payout", "Application"], englishRows[0][..3]);
        Assert.Equal(japaneseRows[1..], englishRows[1..]);
        var (machine, machineRows) = await CsvAsync(finance, $"{file}?format=csv&headers=machine", "ja");
        Assert.Empty(machine.Content.Headers.ContentLanguage);
        Assert.Equal(["batchId", "payoutId", "applicationId"], machineRows[0][..3]);
        Assert.Equal(japaneseRows[1..], machineRows[1..]);

        // The journal follows the same choice; lang= wins over Accept-Language, as for the annual report.
        Assert.Equal(["年度", "経費ID", "予算コード", "金額(円)"], (await CsvAsync(finance, $"{file}?format=journal", "ja")).Rows[0][..4]);
        Assert.Equal(["Fiscal year", "Fund ID"], (await CsvAsync(finance, $"{file}?format=journal&lang=en", "ja")).Rows[0][..2]);
        Assert.Equal(["fiscalYear", "fundId"], (await CsvAsync(finance, $"{file}?format=journal&headers=machine&lang=ja", "ja")).Rows[0][..2]);

        var before = await StorageSnapshot.TakeAsync(host.Storage);
        var refused = await finance.GetAsync($"{file}?format=xlsx&headers=words&lang=fr");
        var problem = await refused.Content.ReadAsStringAsync();
        Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{(int)refused.StatusCode} {problem}");
        Assert.Equal(["format", "headers", "lang"], JsonNode.Parse(problem)!["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
        using var director = host.ClientFor(DemoData.Director.Id, "director");
        Assert.Equal(HttpStatusCode.Forbidden, (await director.GetAsync($"{file}?format=csv&headers=words")).StatusCode);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(host.Storage));
    }
}
