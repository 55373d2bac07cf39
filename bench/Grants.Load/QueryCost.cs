using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grants.Workflows.Demo;

namespace Grants.Load;

sealed record QueryCostResult(string Endpoint, string Caller, int Returned, TableCounts Read, string Tables, bool Aggregate)
{
    /// <summary>Issue 14's target for every list: at most 1.1 entities read per entity returned.</summary>
    public const double Target = 1.1;

    public double Ratio => Returned == 0 ? double.NaN : (double)Read.EntitiesRead / Returned;

    /// <summary>Whether a list meets <see cref="Target"/>; an aggregate or an empty answer has no ratio to meet.</summary>
    public string Verdict => Aggregate || Returned == 0 ? "—" : Ratio <= Target ? "met" : "**not met**";
}

sealed record FlowCost(int Applications, Dictionary<string, TableCounts> PerTable);

static class QueryCost
{
    /// <summary>
    /// Populates a second runtime (whose table traffic goes through <see cref="TableProxy"/>) with applications in every
    /// list's state, then calls each list endpoint alone and counts what Table Storage returned to serve it.
    /// </summary>
    public static async Task<(List<QueryCostResult> Lists, FlowCost Flow)> RunAsync(LocalRuntime runtime, TableProxy proxy, Workload workload, string storageConnection)
    {
        await workload.SeedApplicantsAsync(storageConnection);

        // Flow cost: 10 applications from submit to approved, counted table by table (what part 1 pays per application).
        var first = await workload.DraftsAsync(10);
        await proxy.WaitForQuietAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));
        var before = proxy.Snapshot();
        foreach (var d in first)
        {
            await Workload.SubmitAsync(d);
        }

        await Workload.WaitUntilAsync(System.Diagnostics.Stopwatch.StartNew(), async () => (await workload.ListIdsAsync(workload.Director, "?status=awaitingApproval")).Count >= 10, TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(500));
        foreach (var d in first)
        {
            await Workload.Expect(await workload.Director.PostAsJsonAsync($"/api/applications/{d.Id}/decision", new { decision = "approve", comment = "bench" }), System.Net.HttpStatusCode.Accepted);
        }

        await Workload.WaitUntilAsync(System.Diagnostics.Stopwatch.StartNew(), async () => (await workload.ListIdsAsync(workload.Director, "?status=approved")).Count >= 10, TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(500));
        await proxy.WaitForQuietAsync(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
        var flow = new FlowCost(10, TableProxy.Delta(proxy.Snapshot(), before));

        // Batch those 10 payouts; then 4 more approved (unbatched), 3 rejected, 3 awaiting approval, 4 drafts.
        // Gathering a batch is durable work (202 while it runs): wait until the 10 payouts are in it.
        using (var gathered = await workload.Finance.PostAsync(new Uri("/api/payout-batches", UriKind.Relative), null))
        {
            await Workload.Expect(gathered, gathered.StatusCode == System.Net.HttpStatusCode.Created ? System.Net.HttpStatusCode.Created : System.Net.HttpStatusCode.Accepted);
        }

        await Workload.WaitUntilAsync(System.Diagnostics.Stopwatch.StartNew(), async () => (await workload.Finance.GetFromJsonAsync<JsonArray>(new Uri("/api/payouts?status=batched", UriKind.Relative)))!.Count >= 10, TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(500));
        var second = await workload.DraftsAsync(14, firstIndex: 10);
        foreach (var d in second.Take(10))
        {
            await Workload.SubmitAsync(d);
        }

        await Workload.WaitUntilAsync(System.Diagnostics.Stopwatch.StartNew(), async () => (await workload.ListIdsAsync(workload.Director, "?status=awaitingApproval")).Count >= 10, TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(500));
        foreach (var (d, i) in second.Take(7).Select((d, i) => (d, i)))
        {
            object body = i < 4 ? new { decision = "approve", comment = "bench" } : new { decision = "reject", comment = "Out of scope." };
            await Workload.Expect(await workload.Director.PostAsJsonAsync($"/api/applications/{d.Id}/decision", body), System.Net.HttpStatusCode.Accepted);
        }

        await Workload.WaitUntilAsync(System.Diagnostics.Stopwatch.StartNew(), async () => (await workload.ListIdsAsync(workload.Director, "?status=approved")).Count >= 14
            && (await workload.ListIdsAsync(workload.Director, "?status=rejected")).Count >= 3, TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(500));
        await proxy.WaitForQuietAsync(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));

        var batches = await workload.Finance.GetFromJsonAsync<JsonArray>(new Uri("/api/payouts?status=batched", UriKind.Relative));
        var batchId = batches![0]!["batchId"]?.GetValue<string>();
        var applicant = workload.Applicant(0);
        var someId = first[0].Id;
        var calls = new List<(string Endpoint, string Caller, HttpClient Client, bool Aggregate)>
        {
            ("GET /api/programs", "applicant (first since start: the copy is read)", applicant, false),
            ("GET /api/programs", "applicant (again: programs and calls in memory)", applicant, false),
            ("GET /api/applications", "applicant (own)", applicant, false),
            ("GET /api/applications?status=approved", "applicant (own)", applicant, false),
            ("GET /api/applications?status=awaitingApproval", "director", workload.Director, false),
            ("GET /api/applications?status=approved", "director", workload.Director, false),
            ("GET /api/applications?status=draft", "director", workload.Director, false),
            ("GET /api/applications", "director (every status)", workload.Director, false),
            ("GET /api/approvals", "director (queue; returned: rows and the budgets shown)", workload.Director, false),
            ("GET /api/approvals", "director (queue again: budgets shown within 10 s are not read again)", workload.Director, false),
            ($"GET /api/applications/{someId}", "applicant (view + history)", applicant, false),
            ($"GET /api/applications/{someId}/versions", "applicant", applicant, false),
            ("GET /api/payouts?status=approved", "finance", workload.Finance, false),
            ("GET /api/payouts?status=batched", "finance", workload.Finance, false),
            ("GET /api/payouts", "finance (every status)", workload.Finance, false),
            ("GET /api/payouts", "applicant (own)", applicant, false),
            ("GET /api/payouts?status=approved", "applicant (own)", applicant, false),
            ("GET /api/reports/summary", "director", workload.Director, true),
            ($"GET /api/reports/reconciliation?fiscalYear={Grants.Workflows.Money.FiscalYear.Of(DateTimeOffset.UtcNow).Year}", "finance", workload.Finance, true),
        };
        if (batchId is not null)
        {
            calls.Insert(15, ($"GET /api/payout-batches/{batchId}", "finance", workload.Finance, false));
            calls.Insert(15, ("GET /api/payout-batches", "finance", workload.Finance, false));
        }

        var results = new List<QueryCostResult>();
        foreach (var (endpoint, caller, client, aggregate) in calls)
        {
            await proxy.WaitForQuietAsync(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10));
            var start = proxy.Snapshot();
            using var response = await client.GetAsync(new Uri(endpoint[4..], UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"{endpoint} as {caller} answered {(int)response.StatusCode}: {body}");
                continue;
            }

            // A change-stamp check that a kept copy's timer made during the call is listed, not charged to the call.
            var delta = TableProxy.Delta(proxy.Snapshot(), start).Where(t => t.Value.Requests > 0).ToDictionary();
            var charged = delta.Where(t => !t.Key.EndsWith(TableProxy.StampTable, StringComparison.Ordinal)).ToDictionary();
            var tables = string.Join(", ", delta.OrderBy(t => t.Key).Select(t => $"{t.Key[runtime.Prefix.Length..]}:{t.Value.EntitiesRead}"));
            results.Add(new QueryCostResult(endpoint.Replace(someId, "{id}", StringComparison.Ordinal).Replace(batchId ?? "\0", "{id}", StringComparison.Ordinal), caller,
                Returned(JsonNode.Parse(body)), TableProxy.Total(charged), tables, aggregate));
        }

        return (results, flow);
    }

    /// <summary>
    /// Entities in an answer: the elements of a list, and each distinct fund budget its rows show (the approver's queue shows
    /// one beside every row, read once per fund and year however many rows share it); for an object, each object-valued
    /// property and each element of an array of objects (a view with its history, a batch with its items).
    /// </summary>
    static int Returned(JsonNode? node) => node switch
    {
        JsonArray array => array.Count + array.Select(e => e?["fund"]?["id"]?.GetValue<string>()).OfType<string>().Distinct().Count(),
        JsonObject obj => obj.Sum(p => p.Value switch
        {
            JsonObject => 1,
            JsonArray a => a.Count(e => e is JsonObject),
            _ => 0,
        }),
        _ => 0,
    };
}
