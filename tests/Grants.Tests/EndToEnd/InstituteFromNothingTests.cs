using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Grants.Tests.Infrastructure;
using Grants.Workflows;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;
using Xunit.Abstractions;
using static Grants.Tests.Administration.AdminHttp;
using static Grants.Tests.Programs.ProgramHttp;

namespace Grants.Tests.EndToEnd;

/// <summary>
/// An institute set up from nothing over HTTP against the local runtime started with <c>--no-demo</c>: the office
/// imports its people from Excel's Shift_JIS CSV, creates funds and budgets and opens a call; an application is
/// approved, batched, downloaded and paid; then the runtime wakes up on 1 April of the next fiscal year, the office opens
/// that year's call and budget, and a new application is accepted while last year's is still readable and reconciled.
/// </summary>
[Trait("Kind", "EndToEnd")]
public sealed class InstituteFromNothingTests(ITestOutputHelper output)
{
    const string Program = "ima-ga-taisetsu";
    const string DirectorFund = "director-discretionary";
    const string JointUseFund = "joint-use";
    const string Office = "office@inst.example.ac.jp";
    const string Director = "yamada@inst.example.ac.jp";
    const string JointUseApprover = "kimura@inst.example.ac.jp";
    const string Researcher = "Hayashi.Mai@inst.example.ac.jp";
    const string Finance = "sato@inst.example.ac.jp";

    static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    static InstituteFromNothingTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public async Task The_office_sets_up_the_institute_pays_this_years_application_and_next_April_opens_the_new_year()
    {
        var azurite = await Azurite.SharedAsync();
        await using var runtime = await LocalRuntime.StartWithoutDemoAsync(azurite);
        await runtime.ExplainFailureAsync(output, async () =>
        {
            var year = FiscalYear.Of(DateTimeOffset.UtcNow);
            using var office = runtime.ClientFor(Office, "admin");
            using var director = runtime.ClientFor(Director, "director");
            using var finance = runtime.ClientFor(Finance, "finance");
            // The sign-in name Easy Auth reports may differ in case from the file; the directory keeps it in lower case.
            using var applicant = runtime.ClientFor(Researcher.ToLowerInvariant(), "applicant");

            Assert.Equal("[]", await applicant.GetStringAsync("/api/calls"));
            Assert.Empty((await GetAsync(office, "/api/funds")).AsArray());

            // People, from the office's Excel file: previewed, then imported.
            var file = Encoding.GetEncoding(932).GetBytes(
                "サインイン名,氏名,フリガナ,メールアドレス,職位,所属,在籍,博士取得年,指導教員\r\n" +
                $"{Director},山田 太郎,ヤマダ タロウ,{Director},教授,所長室,,,\r\n" +
                $"{JointUseApprover},木村 健,キムラ ケン,{JointUseApprover},教授,共同利用推進室,,,\r\n" +
                $"{Researcher},林 真衣,ハヤシ マイ,hayashi.mai@inst.example.ac.jp,助教,物質科学部門,,２０１９,\r\n" +
                $"{Finance},佐藤 恵,サトウ メグミ,{Finance},職員,財務課,,,\r\n");
            var preview = await ImportAsync(office, file, dryRun: true);
            Assert.False(preview["written"]!.GetValue<bool>());
            Assert.Equal((4, 0), (preview["added"]!.GetValue<int>(), preview["invalid"]!.GetValue<int>()));
            await GetAsync(office, $"/api/people/{Director}", HttpStatusCode.NotFound);
            var imported = await ImportAsync(office, file, dryRun: false);
            Assert.True(imported["written"]!.GetValue<bool>());
            var researcher = await GetAsync(office, $"/api/people/{Researcher.ToLowerInvariant()}");
            Assert.Equal(("林 真衣", "assistantProfessor", 2019), (researcher["name"]!.GetValue<string>(), researcher["position"]!.GetValue<string>(), researcher["doctorateYear"]!.GetValue<int>()));

            // Funds the program names, with this year's budgets, and this year's call.
            await PostAsync(office, "/api/funds", new { id = DirectorFund, nameJa = "所長裁量経費", nameEn = "Director's discretionary fund", budgetCode = "DIR-001", approverId = Director, escalationContactId = JointUseApprover }, HttpStatusCode.Created);
            await PostAsync(office, "/api/funds", new { id = JointUseFund, nameJa = "共同利用経費", nameEn = "Joint-use research budget", budgetCode = "JU-001", approverId = JointUseApprover, escalationContactId = Director }, HttpStatusCode.Created);
            await PutAsync(office, $"/api/funds/{DirectorFund}/budgets/{year.Year}", new { allocation = 3_000_000, reason = "当初予算" }, HttpStatusCode.Created);
            await PutAsync(office, $"/api/funds/{JointUseFund}/budgets/{year.Year}", new { allocation = 2_000_000, reason = "当初予算" }, HttpStatusCode.Created);
            await PostAsync(office, $"/api/programs/{Program}/calls", new { fiscalYear = year.Year, closes = year.End }, HttpStatusCode.Created);
            var call = (await applicant.GetFromJsonAsync<JsonArray>("/api/calls"))!.Single()!;
            Assert.Equal((Program, year.Year, "open"), (call["programId"]!.GetValue<string>(), call["fiscalYear"]!.GetValue<int>(), call["status"]!.GetValue<string>()));

            // The applicant applies; the director approves; finance batches, downloads and pays.
            var bankAccount = await applicant.PutAsJsonAsync($"/api/people/{Researcher.ToLowerInvariant()}/bank-account",
                new { bankCode = "0001", branchCode = "001", accountType = "ordinary", accountNumber = "7654321", holderKana = "ハヤシ マイ" });
            Assert.True(bankAccount.StatusCode == HttpStatusCode.OK, await bankAccount.Content.ReadAsStringAsync());
            var lastYears = await DraftPaperAsync(applicant, 264_000);
            await SubmitAsync(applicant, lastYears, HttpStatusCode.Accepted);
            var awaiting = await WaitForStatusAsync(director, lastYears, "awaitingApproval", Patience);
            Assert.Equal((DirectorFund, year.Year), (awaiting["application"]!["fundId"]!.GetValue<string>(), awaiting["application"]!["fiscalYear"]!.GetValue<int>()));
            await PostAcceptedAsync(director, $"/api/applications/{lastYears}/decision", new { decision = "approve", comment = "承認します。" });
            await WaitForStatusAsync(applicant, lastYears, "approved", Patience);
            var payoutId = $"PO-{lastYears}";
            await WaitForPayoutAsync(finance, payoutId, p => p["status"]!.GetValue<string>() == "approved", "approved");

            var batched = await finance.PostAsync("/api/payout-batches", null);
            Assert.True(batched.StatusCode is HttpStatusCode.Created or HttpStatusCode.Accepted, $"{(int)batched.StatusCode} {await batched.Content.ReadAsStringAsync()}");
            var batchId = (await WaitForPayoutAsync(finance, payoutId, p => p["batchId"] is not null, "in a batch"))["batchId"]!.GetValue<string>();
            var csv = await finance.GetAsync($"/api/payout-batches/{batchId}/file?format=csv");
            Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
            Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
            var bytes = await csv.Content.ReadAsByteArrayAsync();
            Assert.Equal([0xEF, 0xBB, 0xBF], bytes.Take(3));
            var text = Encoding.UTF8.GetString(bytes);
            Assert.Contains($"{payoutId},{lastYears},{Researcher.ToLowerInvariant()},林 真衣,ハヤシ マイ,{DirectorFund},DIR-001,{year.Year},264000", text, StringComparison.Ordinal);

            var today = PayoutService.JapanDate(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var paid = await finance.PostAsJsonAsync($"/api/payout-batches/{batchId}/paid", new { transferDate = today });
            Assert.True(paid.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, $"{(int)paid.StatusCode} {await paid.Content.ReadAsStringAsync()}");
            await WaitForPayoutAsync(finance, payoutId, p => p["status"]!.GetValue<string>() == "paid", "paid");
            await WaitForAsync(finance, $"/api/payout-batches/{batchId}", b => b["status"]!.GetValue<string>() == "paid", "the batch paid");

            // 1 April of the next fiscal year, 09:00 in Japan: last year's call has closed by itself.
            var next = new FiscalYear(year.Year + 1);
            await runtime.RestartAsync("--no-demo", "--Clock:Now", $"{next.Year}-04-01T09:00:00+09:00");
            Assert.DoesNotContain((await applicant.GetFromJsonAsync<JsonArray>("/api/calls"))!, c => c!["status"]!.GetValue<string>() == "open");
            var thisYears = await DraftPaperAsync(applicant, 120_000);
            var refused = await SubmitAsync(applicant, thisYears, HttpStatusCode.Conflict);
            Assert.Contains("no open call", refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);

            // The office opens the new year's call and budget; no code, no new program version.
            await PostAsync(office, $"/api/programs/{Program}/calls", new { fiscalYear = next.Year, closes = next.End }, HttpStatusCode.Created);
            await PutAsync(office, $"/api/funds/{DirectorFund}/budgets/{next.Year}", new { allocation = 3_200_000, reason = "当初予算" }, HttpStatusCode.Created);
            Assert.Single((await GetAsync(office, $"/api/programs/{Program}/versions")).AsArray());
            await SubmitAsync(applicant, thisYears, HttpStatusCode.Accepted);
            var accepted = await WaitForStatusAsync(director, thisYears, "awaitingApproval", Patience);
            Assert.Equal((DirectorFund, next.Year), (accepted["application"]!["fundId"]!.GetValue<string>(), accepted["application"]!["fiscalYear"]!.GetValue<int>()));

            // Last year's application is still readable, its year reconciles to the yen, and the annual report shows both years.
            var old = (await applicant.GetFromJsonAsync<JsonNode>($"/api/applications/{lastYears}"))!;
            Assert.Equal(("approved", year.Year), (old["application"]!["status"]!.GetValue<string>(), old["application"]!["fiscalYear"]!.GetValue<int>()));
            var reconciliation = await GetAsync(finance, $"/api/reports/reconciliation?fiscalYear={year.Year}");
            Assert.True(reconciliation["balanced"]!.GetValue<bool>(), reconciliation.ToJsonString());
            var fund = reconciliation["funds"]!.AsArray().Single(f => f!["fundId"]!.GetValue<string>() == DirectorFund)!;
            Assert.Equal((0L, 264_000L), (fund["reserved"]!.GetValue<long>(), fund["paid"]!.GetValue<long>()));

            var report = await GetAsync(director, "/api/reports/annual");
            var lines = report["years"]!.AsArray().ToDictionary(
                y => y!["fiscalYear"]!.GetValue<int>(),
                y => y!["programs"]!.AsArray().Single(p => p!["programId"]!.GetValue<string>() == Program)!);
            Assert.Equal((1, 1, 1, 264_000L), (lines[year.Year]["received"]!.GetValue<int>(), lines[year.Year]["approved"]!.GetValue<int>(), lines[year.Year]["paid"]!.GetValue<int>(), lines[year.Year]["paidAmount"]!.GetValue<long>()));
            Assert.Equal((1, 0, 0), (lines[next.Year]["received"]!.GetValue<int>(), lines[next.Year]["approved"]!.GetValue<int>(), lines[next.Year]["paid"]!.GetValue<int>()));
        });
    }

    static Task<JsonNode> ImportAsync(HttpClient office, byte[] file, bool dryRun)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return SendAsync(office, HttpMethod.Post, $"/api/people/import?dryRun={(dryRun ? "true" : "false")}", content, HttpStatusCode.OK);
    }

    static Task<JsonNode> SubmitAsync(HttpClient applicant, string id, HttpStatusCode expected) =>
        SendAsync(applicant, HttpMethod.Post, $"/api/applications/{id}/submit", null, expected);

    static async Task<JsonNode> WaitForPayoutAsync(HttpClient finance, string payoutId, Func<JsonNode, bool> condition, string what)
    {
        var payouts = await WaitForAsync(finance, "/api/payouts", list => list.AsArray().Any(p => p!["id"]!.GetValue<string>() == payoutId && condition(p)), $"{payoutId} {what}");
        return payouts.AsArray().Single(p => p!["id"]!.GetValue<string>() == payoutId)!;
    }

    /// <summary>Reads a resource until the condition holds on it, with a deadline generous enough for a busy machine.</summary>
    static async Task<JsonNode> WaitForAsync(HttpClient client, string path, Func<JsonNode, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        JsonNode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await GetAsync(client, path);
            if (condition(last))
            {
                return last;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{path} never showed {what}; last seen: {last?.ToJsonString()}");
    }
}
