using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Grants.Tests.Payouts;
using Grants.Tests.Security;
using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Grants.Workflows.Money;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Grants.Tests.Reports.ReportRecords;

namespace Grants.Tests.Reports;

/// <summary>
/// The annual report over HTTP: the CSV is UTF-8 with a byte-order mark, its headers and names in Japanese or English
/// as the caller asks (lang=, else Accept-Language), its yen plain integers; bad ranges and parameters are one 400 problem
/// listing every field, and nothing changes.
/// </summary>
[Trait("Kind", "Orchestration")]
public sealed class AnnualReportApiTests
{
    static readonly string[] JapaneseHeaders = ["年度", "プログラム", "経費区分", "受付件数", "採択件数", "支払件数", "採択額(円)", "支払額(円)"];

    static readonly string[] EnglishHeaders = ["Fiscal year", "Program", "Expense kind", "Received", "Approved", "Paid", "Granted (yen)", "Paid (yen)"];

    [Fact]
    public async Task The_csv_has_a_bom_headers_in_the_callers_language_and_yen_as_integers()
    {
        await using var host = await ApiHost.StartAsync();
        var thisYear = FiscalYear.Of(DateTimeOffset.UtcNow);
        var lastYear = new FiscalYear(thisYear.Year - 1);
        var paper = await host.Harness.Applications.SubmittedAsync("APP-CSV1", DemoData.ImaGaTaisetsu, JapanTime(lastYear.Year, 10, 1), ApplicationStatus.Completed,
            [Line(ExpenseKind.SubmissionFee, 1_234_567), Line(ExpenseKind.OpenAccessCharge, 264_000)]);
        await host.Harness.Payouts.PayoutAsync(paper, 1_498_567, lastYear);
        await host.Harness.Applications.SubmittedAsync("APP-CSV2", DemoData.ImaGaTaisetsu, JapanTime(lastYear.Year, 11, 1), ApplicationStatus.Rejected, [Line(ExpenseKind.SubmissionFee, 9_000)]);
        var publication = await host.Harness.Host.Services.GetRequiredService<ProgramCatalog>().FindAsync(DemoData.ImaGaTaisetsu);
        var range = $"from={lastYear.Year}&to={thisYear.Year}";

        using var finance = host.ClientFor(DemoData.Finance.Id, "finance");
        var (japanese, japaneseRows) = await CsvAsync(finance, $"/api/reports/annual?{range}&format=csv", "ja-JP,ja;q=0.9,en;q=0.8");
        Assert.Equal("text/csv", japanese.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"annual-report-FY{lastYear.Year}-FY{thisYear.Year}.csv", japanese.Content.Headers.ContentDisposition?.FileNameStar ?? japanese.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(JapaneseHeaders, japaneseRows[0]);
        Assert.Equal("ja", Assert.Single(japanese.Content.Headers.ContentLanguage));
        var total = Assert.Single(japaneseRows, r => r[0] == $"{lastYear.Year}" && r[1] == publication!.NameJa && r[2] == "計");
        Assert.Equal(["2", "1", "1", "1498567", "1498567"], total[3..]);
        Assert.Equal(["", "", "", "1234567", "1234567"], Assert.Single(japaneseRows, r => r[0] == $"{lastYear.Year}" && r[1] == publication!.NameJa && r[2] == "投稿料")[3..]);
        Assert.Equal(["", "", "", "264000", "264000"], Assert.Single(japaneseRows, r => r[0] == $"{lastYear.Year}" && r[1] == publication!.NameJa && r[2] == "オープンアクセス掲載料")[3..]);
        Assert.Equal(["0", "0", "0", "0", "0"], Assert.Single(japaneseRows, r => r[0] == $"{thisYear.Year}" && r[1] == publication!.NameJa && r[2] == "計")[3..]);
        Assert.DoesNotContain(japaneseRows.Skip(1), r => r.Any(cell => cell.Contains(DemoData.ImaGaTaisetsu, StringComparison.Ordinal)));

        // lang= wins over Accept-Language; without either the CSV is in English.
        var (_, englishRows) = await CsvAsync(finance, $"/api/reports/annual?{range}&format=csv&lang=en", "ja");
        Assert.Equal(EnglishHeaders, englishRows[0]);
        Assert.Equal(["2", "1", "1", "1498567", "1498567"], Assert.Single(englishRows, r => r[0] == $"{lastYear.Year}" && r[1] == publication!.NameEn && r[2] == "All kinds")[3..]);
        Assert.Single(englishRows, r => r[0] == $"{lastYear.Year}" && r[1] == publication!.NameEn && r[2] == "Open-access charge");
        Assert.Equal(EnglishHeaders, (await CsvAsync(finance, $"/api/reports/annual?{range}&format=csv", null)).Rows[0]);
        Assert.Equal(EnglishHeaders, (await CsvAsync(finance, $"/api/reports/annual?{range}&format=csv", "en-GB,ja;q=0.9")).Rows[0]);
        Assert.Equal(JapaneseHeaders, (await CsvAsync(finance, $"/api/reports/annual?{range}&format=csv&lang=ja", "en")).Rows[0]);

        // The JSON carries the same figures, yen as integers, names in both languages.
        var json = (await finance.GetFromJsonAsync<JsonNode>($"/api/reports/annual?{range}"))!;
        Assert.Equal(lastYear.Year, json["from"]!.GetValue<int>());
        var line = json["years"]![0]!["programs"]!.AsArray().Single(p => p!["programId"]!.GetValue<string>() == DemoData.ImaGaTaisetsu)!;
        Assert.Equal(publication!.NameJa, line["programNameJa"]!.GetValue<string>());
        Assert.Equal(1_498_567, line["paidAmount"]!.GetValue<long>());
        Assert.Contains(line["kinds"]!.AsArray(), k => k!["kind"]!.GetValue<string>() == "submissionFee" && k["granted"]!.GetValue<long>() == 1_234_567);
    }

    [Fact]
    public async Task Bad_ranges_and_parameters_are_one_problem_listing_every_field_and_change_nothing()
    {
        await using var host = await ApiHost.StartAsync();
        using var director = host.ClientFor(DemoData.Director.Id, "director");
        var before = await StorageSnapshot.TakeAsync(host.Storage);

        await ExpectInvalidAsync(director, "from=2026&to=2024", "from");
        await ExpectInvalidAsync(director, "from=2000&to=2026", "to");
        await ExpectInvalidAsync(director, "from=R2&to=2026", "from");
        await ExpectInvalidAsync(director, "from=2024&to=next", "to");
        await ExpectInvalidAsync(director, "from=2024&to=2026&format=xlsx", "format");
        await ExpectInvalidAsync(director, "from=2024&to=2026&format=csv&lang=fr", "lang");
        await ExpectInvalidAsync(director, "from=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%94&to=9999999999999&format=pdf&lang=jp", "format", "from", "lang", "to");

        // Only staff read it; the others get a problem, whatever they ask.
        using var applicant = host.ClientFor(DemoData.Researcher.Id, "applicant");
        foreach (var query in new[] { "", "from=2024&to=2026&format=csv", "from=R2&format=xlsx" })
        {
            var refused = await applicant.GetAsync($"/api/reports/annual?{query}");
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        using var nobody = host.ClientFor(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await nobody.GetAsync("/api/reports/annual?format=csv")).StatusCode);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(host.Storage));
    }

    internal static async Task<(HttpResponseMessage Response, List<string[]> Rows)> CsvAsync(HttpClient client, string path, string? acceptLanguage)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptLanguage is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        }

        var response = await client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)}");
        return (response, CsvRows.Read(bytes));
    }

    static async Task ExpectInvalidAsync(HttpClient client, string query, params string[] fields)
    {
        var response = await client.GetAsync($"/api/reports/annual?{query}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonNode.Parse(text)!["errors"]!.AsObject();
        Assert.Equal(fields, errors.Select(e => e.Key).Order(StringComparer.Ordinal));
    }
}
