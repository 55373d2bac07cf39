using System.Diagnostics;

namespace Grants.Load;

/// <summary>Table requests to Grants' own tables per application, per workflow step and API route, over a run shaped like the throughput run.</summary>
sealed record StepCostResult(int Applications, Dictionary<string, TableCounts> PerStep, Dictionary<string, TableCounts> PerStepAndTable);

static class StepCost
{
    /// <summary>
    /// A runtime whose table traffic goes through the counting proxy: N drafts are prepared, then submitted 8 at a time while
    /// the test approver approves what awaits approval every 200 ms; counted from the first submit until the traffic is quiet
    /// after the last approval. Each request is attributed to the step the runtime named in its <c>x-grants-step</c> header.
    /// </summary>
    public static async Task<StepCostResult> RunAsync(Azurite azurite, int count)
    {
        var prefix = "s" + Guid.NewGuid().ToString("N")[..10];
        await using var proxy = await TableProxy.StartAsync(azurite.TablePort, prefix);
        await using var runtime = await LocalRuntime.StartAsync(azurite.ConnectionStringWithTablePort(proxy.Port), prefix);
        var workload = new Workload(runtime, applicants: 50);
        await workload.SeedApplicantsAsync(azurite.ConnectionString);
        var drafts = await workload.DraftsAsync(count);
        await proxy.WaitForQuietAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));
        var before = proxy.StepSnapshot();
        var beforeTables = proxy.StepTableSnapshot();

        using var stop = new CancellationTokenSource();
        var approver = workload.ApproveLoopAsync(TimeSpan.FromMilliseconds(200), stop.Token);
        await Parallel.ForEachAsync(drafts, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (d, _) => await Workload.SubmitAsync(d));
        await Workload.WaitUntilAsync(Stopwatch.StartNew(), async () => (await workload.ListIdsAsync(workload.Director, "?status=approved")).Count >= count, TimeSpan.FromSeconds(240), TimeSpan.FromMilliseconds(250));
        await stop.CancelAsync();
        await approver;
        await proxy.WaitForQuietAsync(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
        return new StepCostResult(count, TableProxy.Delta(proxy.StepSnapshot(), before), TableProxy.Delta(proxy.StepTableSnapshot(), beforeTables));
    }

    /// <summary>The Markdown table: one row per step, requests per application, workflow steps apart from the API routes.</summary>
    public static void Print(StepCostResult result)
    {
        double Per(long value) => value / (double)result.Applications;
        Console.WriteLine();
        Console.WriteLine($"### Table requests per application, per step ({result.Applications} applications submit → approved, the director's list polled every 200 ms)");
        Console.WriteLine();
        Console.WriteLine("| step | requests | point reads | queries | writes |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        var own = result.PerStep.Where(s => s.Key is not TableProxy.StampChecks).ToDictionary();
        var api = own.Where(s => s.Key.Contains(' ', StringComparison.Ordinal)).ToList();
        var workflow = own.Except(api).ToList();
        foreach (var (part, rows) in new[] { ("workflow activities", workflow), ("API requests", api) })
        {
            var total = TableProxy.Total(rows.ToDictionary());
            foreach (var (step, c) in rows.Where(s => s.Value.Requests > 0).OrderByDescending(s => s.Value.Requests))
            {
                Console.WriteLine($"| {step} | {Per(c.Requests):0.0} | {Per(c.PointReads):0.0} | {Per(c.QueryPages):0.0} | {Per(c.Writes):0.0} |");
            }

            Console.WriteLine($"| **{part}** | **{Per(total.Requests):0.0}** | {Per(total.PointReads):0.0} | {Per(total.QueryPages):0.0} | {Per(total.Writes):0.0} |");
        }

        Console.WriteLine($"\nAll requests to Grants' own tables per application: **{Per(TableProxy.Total(own).Requests):0.0}** (≤ 20: {(Per(TableProxy.Total(own).Requests) <= 20 ? "met" : "**not met**")})");
        if (result.PerStep.TryGetValue(TableProxy.StampChecks, out var stamps))
        {
            Console.WriteLine($"\nCounted apart: {stamps.Requests} change-stamp checks over the run ({Per(stamps.Requests):0.0} per application here), made by the kept copies' timers every 4 s per copy and instance while in use, however many applications pass.");
        }

        Console.WriteLine();
        Console.WriteLine("The same requests by step and table:");
        Console.WriteLine();
        Console.WriteLine("| step | table | requests | point reads | queries | writes |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|");
        foreach (var (key, c) in result.PerStepAndTable.Where(s => s.Value.Requests > 0 && !s.Key.StartsWith(TableProxy.StampChecks, StringComparison.Ordinal))
                     .OrderByDescending(s => result.PerStep[s.Key.Split('\t')[0]].Requests).ThenBy(s => s.Key, StringComparer.Ordinal).ThenByDescending(s => s.Value.Requests))
        {
            var (step, table) = (key.Split('\t')[0], key.Split('\t')[1]);
            Console.WriteLine($"| {step} | {table} | {Per(c.Requests):0.00} | {Per(c.PointReads):0.00} | {Per(c.QueryPages):0.00} | {Per(c.Writes):0.00} |");
        }
    }
}
