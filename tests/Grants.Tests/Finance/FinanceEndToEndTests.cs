using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grants.Tests.Infrastructure;
using Grants.Workflows.Demo;
using Grants.Workflows.Payouts;
using Xunit.Abstractions;
using static Grants.Tests.Programs.ProgramHttp;

namespace Grants.Tests.Finance;

/// <summary>
/// The README's finance walk-through over HTTP against the local runtime as a process: bank account, batch, Zengin
/// file (twice, byte-identical), paid, returned, reconciliation — and the problem details of refused requests.
/// </summary>
[Trait("Kind", "EndToEnd")]
public sealed class FinanceEndToEndTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Finance_pays_an_approved_application_through_the_API()
    {
        var azurite = await Azurite.SharedAsync();
        // The test starts the runtime from the repository root, where local/appsettings.json (the demo originator) is not read.
        await using var runtime = await LocalRuntime.StartAsync(
            azurite, "--Zengin:CompanyCode", "1234567890", "--Zengin:CompanyNameKana", "ザイリヨウカガクケンキユウシヨ", "--Zengin:BankCode", "0009",
            "--Zengin:BranchCode", "100", "--Zengin:AccountNumber", "7654321");
        await runtime.ExplainFailureAsync(output, async () =>
        {
            using var applicant = runtime.ClientFor(DemoData.Researcher.Id, "applicant");
            using var director = runtime.ClientFor(DemoData.Director.Id, "director");
            using var finance = runtime.ClientFor(DemoData.Finance.Id, "finance");
            var bankAccount = $"/api/people/{DemoData.Researcher.Id}/bank-account";

            var refused = await applicant.PutAsJsonAsync(bankAccount, new { bankCode = "1", branchCode = "001", accountType = "ordinary", accountNumber = "1234567", holderKana = "田中 花子" });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
            var problem = (await refused.Content.ReadFromJsonAsync<JsonNode>())!;
            Assert.NotNull(problem["errors"]!["bankCode"]);
            Assert.NotNull(problem["errors"]!["holderKana"]);
            Assert.Equal(HttpStatusCode.Forbidden, (await director.PutAsJsonAsync(bankAccount, new { bankCode = "0001" })).StatusCode);

            var set = await applicant.PutAsJsonAsync(bankAccount, new { bankCode = "0001", branchCode = "001", accountType = "ordinary", accountNumber = "7654321", holderKana = "タナカ ハナコ" });
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
            var masked = (await director.GetFromJsonAsync<JsonNode>(bankAccount))!;
            Assert.True(masked["masked"]!.GetValue<bool>());
            Assert.Equal("****321", masked["account"]!["accountNumber"]!.GetValue<string>());
            Assert.Equal("7654321", (await finance.GetFromJsonAsync<JsonNode>(bankAccount))!["account"]!["accountNumber"]!.GetValue<string>());

            var id = await ApproveAsync(applicant, director, 264_000);

            Assert.Equal(HttpStatusCode.Forbidden, (await director.PostAsync("/api/payout-batches", null)).StatusCode);
            var created = await finance.PostAsync("/api/payout-batches", null);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var batchId = (await created.Content.ReadFromJsonAsync<JsonNode>())!["id"]!.GetValue<string>();

            var file = $"/api/payout-batches/{batchId}/file?format=zengin";
            Assert.Equal(HttpStatusCode.Forbidden, (await director.GetAsync(file)).StatusCode);
            var first = await finance.GetAsync(file);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal("text/plain", first.Content.Headers.ContentType!.MediaType);
            var bytes = await first.Content.ReadAsByteArrayAsync();
            Assert.Equal(bytes, await finance.GetByteArrayAsync(file));
            var zengin = ZenginReader.Read(bytes);
            var transfer = Assert.Single(zengin.Transfers);
            Assert.Equal(("7654321", "ﾀﾅｶ ﾊﾅｺ", 264_000L), (transfer.AccountNumber, transfer.PayeeName, transfer.Amount));
            Assert.Equal((1, 264_000L), (zengin.TrailerCount, zengin.TrailerTotal));
            Assert.Equal(HttpStatusCode.BadRequest, (await finance.GetAsync($"/api/payout-batches/{batchId}/file?format=xlsx")).StatusCode);

            var today = PayoutService.JapanDate(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(HttpStatusCode.BadRequest, (await finance.PostAsJsonAsync($"/api/payout-batches/{batchId}/paid", new { transferDate = "someday" })).StatusCode);
            var paid = await finance.PostAsJsonAsync($"/api/payout-batches/{batchId}/paid", new { transferDate = today });
            Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
            Assert.Equal("paid", (await paid.Content.ReadFromJsonAsync<JsonNode>())!["status"]!.GetValue<string>());
            var mail = (await applicant.GetFromJsonAsync<JsonArray>($"/dev/mail?to={DemoData.Researcher.Email}"))!;
            Assert.Contains(mail, m => m!["subject"]!.GetValue<string>().Contains("振込のお知らせ", StringComparison.Ordinal));

            var returned = await finance.PostAsJsonAsync($"/api/payouts/PO-{id}/returned", new { reason = "口座番号相違" });
            Assert.Equal(HttpStatusCode.OK, returned.StatusCode);
            Assert.Equal("approved", (await returned.Content.ReadFromJsonAsync<JsonNode>())!["status"]!.GetValue<string>());

            var year = Grants.Workflows.Money.FiscalYear.Of(DateTimeOffset.UtcNow).Year;
            Assert.Equal(HttpStatusCode.BadRequest, (await finance.GetAsync("/api/reports/reconciliation")).StatusCode);
            var report = (await finance.GetFromJsonAsync<JsonNode>($"/api/reports/reconciliation?fiscalYear={year}&olderThanDays=0"))!;
            Assert.True(report["balanced"]!.GetValue<bool>(), report.ToJsonString());
            var fund = report["funds"]!.AsArray().Single(f => f!["fundId"]!.GetValue<string>() == DemoData.DirectorFund)!;
            Assert.Equal((264_000L, 0L), (fund["reserved"]!.GetValue<long>(), fund["paid"]!.GetValue<long>()));
            Assert.Equal($"PO-{id}", report["unbatched"]![0]!["payoutId"]!.GetValue<string>());
        });
    }

    static async Task<string> ApproveAsync(HttpClient applicant, HttpClient director, long amount)
    {
        var id = await DraftPaperAsync(applicant, amount);
        Assert.Equal(HttpStatusCode.Accepted, (await applicant.PostAsync($"/api/applications/{id}/submit", null)).StatusCode);
        await WaitForAsync(applicant, id, "awaitingApproval");
        Assert.Equal(HttpStatusCode.Accepted, (await director.PostAsJsonAsync($"/api/applications/{id}/decision", new { decision = "approve", comment = "" })).StatusCode);
        await WaitForAsync(director, id, "approved");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await director.GetStringAsync("/api/payouts?status=approved")).Contains($"PO-{id}", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no approved payout for {id}");
            await Task.Delay(200);
        }

        return id;
    }

    static async Task WaitForAsync(HttpClient client, string id, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var application = (await client.GetFromJsonAsync<JsonNode>($"/api/applications/{id}"))!;
            if (application["application"]!["status"]!.GetValue<string>() == status)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{id} did not reach {status}: {application.ToJsonString()}");
            await Task.Delay(200);
        }
    }
}
