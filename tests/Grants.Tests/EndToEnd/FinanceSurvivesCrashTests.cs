using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grants.Tests.Infrastructure;
using Grants.Workflows.Demo;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;
using Grants.Workflows.Storage;
using Xunit.Abstractions;

namespace Grants.Tests.EndToEnd;

/// <summary>
/// Each finance step — creating a batch (without an Idempotency-Key), the first download, marking paid, a bank return —
/// is killed with SIGKILL at a random moment of its request, over several rounds, and the local runtime restarted.
/// The engine finishes what was started; a step the kill stopped before it was accepted is asked for again. Then
/// every list over HTTP, the payee's view, the fiscal year's payouts, each batch's payouts and the reconciliation
/// agree with the payout records. Set GRANTS_CRASH_ROUNDS for more rounds (default 2).
/// </summary>
[Trait("Kind", "EndToEnd")]
public sealed class FinanceSurvivesCrashTests(ITestOutputHelper output)
{
    const int PayoutsPerRound = 6;

    static readonly string[] Payees = [DemoData.Researcher.Id, DemoData.Student.Id];

    [Fact]
    public async Task Every_finance_step_killed_at_a_random_point_is_finished_and_every_list_agrees()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("GRANTS_CRASH_ROUNDS"), out var r) ? r : 2;
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}, {rounds} rounds");
        var random = new Random(seed);
        var azurite = await Azurite.SharedAsync();
        // A short wait, so that requests also answer 202 and the test follows the work as a client would.
        await using var runtime = await LocalRuntime.StartAsync(azurite, "--Workflow:FinanceWait", "00:00:01");
        var storage = new GrantsStorage(new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString), new Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString), runtime.Prefix);
        var payouts = new PayoutStore(storage);
        var funds = new FundStore(storage);
        var year = FiscalYear.Of(DateTimeOffset.UtcNow);
        var ids = new List<string>();
        using var finance = runtime.ClientFor(DemoData.Finance.Id, "finance");
        await runtime.ExplainFailureAsync(output, async () =>
        {
            for (var round = 0; round < rounds; round++)
            {
                for (var i = 0; i < PayoutsPerRound; i++)
                {
                    ids.Add(await ApprovedAsync(funds, payouts, year, $"APP-R{round}-{i}", Payees[i % Payees.Length], 10_000 + (round * 100) + i));
                }

                // 1. A batch without a key, killed mid-request; asked for again while payouts still wait.
                await KilledDuringAsync(runtime, random, "batch", () => finance.PostAsync("/api/payout-batches", null));
                await EventuallyAsync(async () =>
                {
                    if (await WaitingAsync(payouts, ids) > 0)
                    {
                        await FinishAsync(finance, await finance.PostAsync("/api/payout-batches", null), HttpStatusCode.Created, HttpStatusCode.Conflict);
                    }

                    return await WaitingAsync(payouts, ids) == 0 && await InBatchesThatExistAsync(finance, payouts, ids);
                }, "every approved payout to be in a batch that exists");

                // 2. The first download of each new batch, killed; downloaded again.
                foreach (var batch in await BatchesAsync(finance, "created"))
                {
                    await KilledDuringAsync(runtime, random, $"download {batch}", () => finance.GetAsync($"/api/payout-batches/{batch}/file?format=zengin"));
                    await EventuallyAsync(async () => await FinishAsync(finance, await finance.GetAsync($"/api/payout-batches/{batch}/file?format=zengin"), HttpStatusCode.OK), $"{batch} downloaded");
                }

                // 3. Marking each exported batch paid, killed; repeated (harmless once done).
                var today = PayoutService.JapanDate(DateTimeOffset.UtcNow);
                foreach (var batch in await BatchesAsync(finance, "exported"))
                {
                    HttpContent Paid() => JsonContent.Create(new { transferDate = today });
                    await KilledDuringAsync(runtime, random, $"paid {batch}", () => finance.PostAsync($"/api/payout-batches/{batch}/paid", Paid()));
                    await EventuallyAsync(async () => await FinishAsync(finance, await finance.PostAsync($"/api/payout-batches/{batch}/paid", Paid()), HttpStatusCode.OK), $"{batch} paid");
                }

                // 4. A bank return of one paid payout, killed; repeated with the same reason.
                var paid = (await Task.WhenAll(ids.Select(id => payouts.GetAsync(id)))).Where(p => p!.Status == PayoutStatus.Paid).ToList();
                var returned = paid[random.Next(paid.Count)]!.Id;
                HttpContent Reason() => JsonContent.Create(new { reason = "口座解約 / account closed" });
                await KilledDuringAsync(runtime, random, $"return {returned}", () => finance.PostAsync($"/api/payouts/{returned}/returned", Reason()));
                await EventuallyAsync(async () => await FinishAsync(finance, await finance.PostAsync($"/api/payouts/{returned}/returned", Reason()), HttpStatusCode.OK), $"{returned} returned");

                await EventuallyAsync(() => ListsAgreeAsync(runtime, finance, payouts, year, ids), "every list to agree with the payout records");
            }
        });
    }

    /// <summary>What the approval workflow leaves: the budget reserved, then the approved payout (with its lists).</summary>
    static async Task<string> ApprovedAsync(FundStore funds, PayoutStore payouts, FiscalYear year, string applicationId, string payeeId, long yen)
    {
        var payee = Payees[0] == payeeId ? DemoData.Researcher : DemoData.Student;
        var fund = (await funds.GetFundAsync(DemoData.DirectorFund))!;
        Assert.True((await funds.ReserveAsync(applicationId, DemoData.DirectorFund, year, new Yen(yen), DateTimeOffset.UtcNow)).Reserved);
        return (await payouts.CreateIfMissingAsync(new Payout(
            Payout.IdFor(applicationId), applicationId, payeeId, payee.Name, payee.NameKana, DemoData.DirectorFund, fund.BudgetCode, year, new Yen(yen), PayoutStatus.Approved, DateTimeOffset.UtcNow))).Id;
    }

    /// <summary>Sends the request, kills the runtime with SIGKILL a random moment later (most requests are still running then), and starts it again.</summary>
    async Task KilledDuringAsync(LocalRuntime runtime, Random random, string step, Func<Task<HttpResponseMessage>> send)
    {
        var request = Task.Run(send);
        await Task.Delay(random.Next(0, 600));
        var finishedFirst = request.IsCompleted;
        await runtime.KillAsync();
        try
        {
            await request;
        }
        catch (HttpRequestException)
        {
        }
        catch (TaskCanceledException)
        {
        }

        output.WriteLine($"{step}: killed {(finishedFirst ? "after" : "during")} its request");
        await runtime.StartAsync();
    }

    /// <summary>True when the step's answer is final (one of <paramref name="final"/>); a 202 means the engine still works on it.</summary>
    static async Task<bool> FinishAsync(HttpClient client, HttpResponseMessage response, params HttpStatusCode[] final)
    {
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                Assert.StartsWith("/api/finance-work/", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
                var work = (await client.GetFromJsonAsync<JsonNode>(response.Headers.Location))!;
                Assert.NotEqual("failed", work["status"]!.GetValue<string>());
                return false;
            }

            if (!final.Contains(response.StatusCode))
            {
                Assert.Fail($"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            return true;
        }
    }

    static async Task<int> WaitingAsync(PayoutStore payouts, List<string> ids) =>
        (await Task.WhenAll(ids.Select(id => payouts.GetAsync(id)))).Count(p => p!.Status == PayoutStatus.Approved);

    static async Task<bool> InBatchesThatExistAsync(HttpClient finance, PayoutStore payouts, List<string> ids)
    {
        var batches = (await finance.GetFromJsonAsync<JsonArray>("/api/payout-batches"))!.Select(b => b!["id"]!.GetValue<string>()).ToHashSet();
        return (await Task.WhenAll(ids.Select(id => payouts.GetAsync(id)))).All(p => p!.BatchId is null || batches.Contains(p.BatchId));
    }

    static async Task<List<string>> BatchesAsync(HttpClient finance, string status) =>
        (await finance.GetFromJsonAsync<JsonArray>("/api/payout-batches"))!.Where(b => b!["status"]!.GetValue<string>() == status).Select(b => b!["id"]!.GetValue<string>()).ToList();

    static async Task<bool> ListsAgreeAsync(LocalRuntime runtime, HttpClient finance, PayoutStore payouts, FiscalYear year, List<string> ids)
    {
        var records = (await Task.WhenAll(ids.Select(id => payouts.GetAsync(id)))).Select(p => p!).ToList();
        static string[] Shown(JsonArray list) => list.Select(p => $"{p!["id"]} {p["status"]} {p["batchId"]}").Order(StringComparer.Ordinal).ToArray();
        static string[] Truth(IEnumerable<Payout> list) =>
            list.Select(p => $"{p.Id} {System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(p.Status.ToString())} {p.BatchId}").Order(StringComparer.Ordinal).ToArray();
        var batches = (await finance.GetFromJsonAsync<JsonArray>("/api/payout-batches"))!.ToDictionary(b => b!["id"]!.GetValue<string>(), b => b!);

        var agree = Shown((await finance.GetFromJsonAsync<JsonArray>("/api/payouts"))!).SequenceEqual(Truth(records));
        foreach (var status in Enum.GetValues<PayoutStatus>())
        {
            agree &= Shown((await finance.GetFromJsonAsync<JsonArray>($"/api/payouts?status={status.ToString().ToLowerInvariant()}"))!).SequenceEqual(Truth(records.Where(p => p.Status == status)));
        }

        foreach (var payee in Payees)
        {
            using var own = runtime.ClientFor(payee, "applicant");
            agree &= Shown((await own.GetFromJsonAsync<JsonArray>("/api/payouts"))!).SequenceEqual(Truth(records.Where(p => p.PayeeId == payee)));
        }

        agree &= Truth(await payouts.ListByFiscalYearAsync(year).ToListAsync()).SequenceEqual(Truth(records));
        agree &= records.All(p => p.BatchId is null || batches.ContainsKey(p.BatchId));
        foreach (var batch in batches.Keys)
        {
            var items = await payouts.ListBatchItemsAsync(batch).Select(i => i.Id).ToListAsync();
            agree &= Shown((await finance.GetFromJsonAsync<JsonArray>($"/api/payout-batches/{batch}/payouts"))!).SequenceEqual(Truth(records.Where(p => items.Contains(p.Id))));
        }

        var report = (await finance.GetFromJsonAsync<JsonNode>($"/api/reports/reconciliation?fiscalYear={year.Year}&olderThanDays=0"))!;
        return agree && report["balanced"]!.GetValue<bool>();
    }

    static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited 120 s for {what}.");
            }

            await Task.Delay(500);
        }
    }
}
