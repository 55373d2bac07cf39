using System.Diagnostics;
using System.Globalization;
using System.Net;
using Grants.Load;

// The Grants load driver (issue 8, parts 1, 2 and 4): orchestration throughput against a do-nothing baseline on the
// same engine, API latency against GET /api/health, and entities read per entity returned for every list endpoint.
// Usage: dotnet run -c Release --project bench/Grants.Load -- [all|throughput|latency|query|steps|export] [--apps N] [--rounds R]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var mode = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var apps = args.SkipWhile(a => a != "--apps").Skip(1).Select(int.Parse).FirstOrDefault(100);
var payouts = args.SkipWhile(a => a != "--payouts").Skip(1).Select(int.Parse).FirstOrDefault(100_000);
// The batch the export bench marks exported and paid through the runtime (0: none); see README, "Benchmarks".
var marked = args.SkipWhile(a => a != "--mark").Skip(1).Select(int.Parse).FirstOrDefault(Math.Min(payouts, 10_000));
if (mode == BaselineProcess.Mode)
{
    // One baseline round in a process of its own (started by the driver below): the result is one line on stdout.
    return await BaselineProcess.RunRoundAsync(args);
}

if (mode is not ("all" or "throughput" or "latency" or "query" or "steps" or "export"))
{
    Console.Error.WriteLine("usage: Grants.Load [all|throughput|latency|query|steps|export] [--apps N] [--rounds R] [--payouts N] [--mark N]");
    return 2;
}

var total = Stopwatch.StartNew();
void Log(string message) => Console.Error.WriteLine($"[{total.Elapsed:mm\\:ss}] {message}");

using var azurite = await Azurite.StartAsync();

// A baseline engine finishes stopping (its partition manager giving up its leases) after its host has stopped, so the
// Azurite it ran on stays up until the driver ends: on a store that is gone that stop throws after 10 minutes, on a
// thread of its own, and ends the driver.
var baselineStores = new List<Azurite>();
Log($"Azurite on tables :{azurite.TablePort}");
Console.WriteLine($"Grants load driver — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, Azurite in memory, local runtime {Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(LocalRuntimeBuild.Dll())))} build");

if (mode is "all" or "throughput" or "latency")
{
    // Throughput alternates rounds — baseline, then Grants, again — each side on an Azurite of its own started for it
    // (Azurite's queues and tables slow down with what earlier runs left in them), so neither side inherits the other's
    // leftovers and a machine that quiets or busies weighs on both alike; the ratio is the median round's. Five rounds
    // up to 200 applications, one above. The last round's Grants runs on the runtime the latency run then reads.
    var rounds = mode is "all" or "throughput" ? args.SkipWhile(a => a != "--rounds").Skip(1).Select(int.Parse).FirstOrDefault(apps <= 200 ? 5 : 1) : 0;
    var measured = new List<(ThroughputResult Baseline, ThroughputResult Grants)>();
    for (var round = 1; round < rounds; round++)
    {
        var baseline = await BaselineRoundAsync(round);
        using var fresh = await Azurite.StartAsync();
        var (side, sideWorkload) = await StartGrantsAsync(fresh);
        await using (side)
        {
            measured.Add((baseline, await GrantsRoundAsync(round, sideWorkload)));
        }
    }

    var lastBaseline = rounds > 0 ? await BaselineRoundAsync(rounds) : null;
    var (runtime, workload) = await StartGrantsAsync(azurite);
    await using var _ = runtime;
    Log($"local runtime at {runtime.BaseAddress}");
    var (ours, applications) = await Throughput.OursAsync(workload, apps);
    if (lastBaseline is not null)
    {
        Log($"round {rounds}: Grants {ours.PerSecond:0.0}/s");
        measured.Add((lastBaseline, ours));
        Throughput.Print(measured);
    }

    async Task<ThroughputResult> BaselineRoundAsync(int round)
    {
        var fresh = await Azurite.StartAsync();
        baselineStores.Add(fresh);
        Log($"round {round}: baseline, {apps} do-nothing workflows");
        var baseline = await BaselineProcess.RoundAsync(fresh.ConnectionString, fresh.ProcessId, "basehub" + Guid.NewGuid().ToString("N")[..8], apps);
        Log($"round {round}: baseline {baseline.PerSecond:0.0}/s");
        return baseline;
    }

    async Task<ThroughputResult> GrantsRoundAsync(int round, Workload on)
    {
        var (result, _) = await Throughput.OursAsync(on, apps);
        Log($"round {round}: Grants {result.PerSecond:0.0}/s");
        return result;
    }

    async Task<(LocalRuntime Runtime, Workload Workload)> StartGrantsAsync(Azurite on)
    {
        var started = await LocalRuntime.StartAsync(on.ConnectionString, "b" + Guid.NewGuid().ToString("N")[..10]);
        var load = new Workload(started, applicants: 50) { StorageProcessId = on.ProcessId };
        await load.SeedApplicantsAsync(on.ConnectionString);
        return (started, load);
    }

    if (mode is "all" or "latency")
    {
        await using var raw = await RawCalls.StartAsync(runtime, azurite.ConnectionString, applications[0].Id);
        // The director's approved list holds the warm-up's applications too.
        var rawAlone = new List<LatencyResult>();
        Latency.Print(await Latency.RunAllAsync(workload, applications, raw, apps + Throughput.WarmUp, Log, rawAlone), rawAlone);
    }
}

if (mode is "all" or "throughput" or "steps")
{
    Log("table requests per step: 20 applications through the counting proxy");
    StepCost.Print(await StepCost.RunAsync(azurite, 20));
}

if (mode is "all" or "query")
{
    var prefix = "q" + Guid.NewGuid().ToString("N")[..10];
    await using var proxy = await TableProxy.StartAsync(azurite.TablePort, prefix);
    var counted = azurite.ConnectionStringWithTablePort(proxy.Port);
    await using var runtime = await LocalRuntime.StartAsync(counted, prefix);
    Log($"query cost: runtime at {runtime.BaseAddress}, tables through the counting proxy :{proxy.Port}");
    var (lists, flow) = await QueryCost.RunAsync(runtime, proxy, new Workload(runtime, applicants: 5), azurite.ConnectionString);

    Console.WriteLine();
    Console.WriteLine("## 4. Query cost (entities Table Storage returned ÷ entities the API returned, one call each)");
    Console.WriteLine();
    Console.WriteLine("| endpoint | caller | returned | entities read | ratio | ≤ 1.1: met | queries | point reads | scans | read per table |");
    Console.WriteLine("|---|---|---:|---:|---:|---|---:|---:|---:|---|");
    foreach (var r in lists)
    {
        var ratio = r.Aggregate ? "aggregate" : double.IsNaN(r.Ratio) ? "n/a" : r.Ratio.ToString("0.00", CultureInfo.InvariantCulture);
        Console.WriteLine($"| {r.Endpoint} | {r.Caller} | {r.Returned} | {r.Read.EntitiesRead} | {ratio} | {r.Verdict} | {r.Read.Queries} | {r.Read.PointReads} | {r.Read.Scans} | {r.Tables} |");
    }

    Console.WriteLine();
    Console.WriteLine($"### Table requests per application, submit → approved (measured over {flow.Applications}, including the API calls and the director's list polling)");
    Console.WriteLine();
    Console.WriteLine("| table | requests | point reads | entities read by queries | writes |");
    Console.WriteLine("|---|---:|---:|---:|---:|");
    foreach (var (table, c) in flow.PerTable.Where(t => t.Value.Requests > 0).OrderByDescending(t => t.Value.Requests))
    {
        var name = table.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? table[prefix.Length..] : table;
        Console.WriteLine($"| {name} | {c.Requests / (double)flow.Applications:0.0} | {c.PointReads / (double)flow.Applications:0.0} | {(c.EntitiesRead - c.PointReads) / (double)flow.Applications:0.0} | {c.Writes / (double)flow.Applications:0.0} |");
    }

    var all = TableProxy.Total(flow.PerTable);
    Console.WriteLine($"| **total** | **{all.Requests / (double)flow.Applications:0.0}** | {all.PointReads / (double)flow.Applications:0.0} | {(all.EntitiesRead - all.PointReads) / (double)flow.Applications:0.0} | {all.Writes / (double)flow.Applications:0.0} |");
}

if (mode is "all" or "export")
{
    ExportBench.Print(await ExportBench.RunAsync(azurite, payouts, marked, Log));
}

foreach (var store in baselineStores)
{
    store.Dispose();
}

Log($"done in {total.Elapsed.TotalSeconds:0} s");
return 0;
