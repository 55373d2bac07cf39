using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Grants.Load;

sealed record ThroughputResult(string Name, int Count, TimeSpan Elapsed)
{
    public double PerSecond => Count / Elapsed.TotalSeconds;

    /// <summary>CPU time the side's Azurite used from the first start or submit until the run was seen over (null where it cannot be read).</summary>
    public TimeSpan? AzuriteCpu { get; init; }

    public string AzuriteMsPerApplication => AzuriteCpu is { } cpu ? (cpu.TotalMilliseconds / Count).ToString("0", CultureInfo.InvariantCulture) : "—";
}

static class Throughput
{
    static readonly TimeSpan ApproverEvery = TimeSpan.FromMilliseconds(200);

    /// <summary>How often each side looks whether its run is over; the time measured is when it was (the last reservation step), not when it was seen.</summary>
    static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Applications each side runs untimed at the start of its round, so neither is timed while its process starts and first compiles each path (tiered compilation goes on recompiling hot code through the round, in both): each
    /// baseline round runs in a process started for it (<see cref="BaselineProcess"/>), each Grants round in a runtime just started.
    /// </summary>
    public const int WarmUp = 10;

    /// <summary>How long a run of <paramref name="count"/> may take: 4 minutes, or 1.5 s an application for larger runs (1,000 on 2 shared cores).</summary>
    static TimeSpan Limit(int count) => TimeSpan.FromSeconds(Math.Max(240, count * 1.5));

    /// <summary>
    /// Grants: N drafts (with their invoice) are prepared first; the clock runs from the first submit until the
    /// director's approved list holds all N (each approved after its payout was created), with the test approver
    /// approving whatever awaits approval every 200 ms.
    /// </summary>
    public static async Task<(ThroughputResult Result, List<(string Id, HttpClient Owner)> Applications)> OursAsync(Workload workload, int count)
    {
        await RunOursAsync(workload, WarmUp);
        return await RunOursAsync(workload, count);
    }

    static async Task<(ThroughputResult Result, List<(string Id, HttpClient Owner)> Applications)> RunOursAsync(Workload workload, int count)
    {
        var drafts = await workload.DraftsAsync(count);
        // A later round finds the earlier rounds' applications approved already: it waits for its own on top of them.
        var before = (await workload.ListIdsAsync(workload.Director, "?status=approved")).Count;
        using var stop = new CancellationTokenSource();
        var approver = workload.ApproveLoopAsync(ApproverEvery, stop.Token);
        var azurite = CpuTimeOf(workload.StorageProcessId);
        var cpuBefore = azurite?.Invoke();
        var (startedAt, clock) = (DateTimeOffset.UtcNow, Stopwatch.StartNew());
        await Parallel.ForEachAsync(drafts, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (d, _) => await Workload.SubmitAsync(d));
        // The list read to see the end is the bench's work, not Grants': asked once a second, so it weighs little on the
        // Azurite both share, and the time is not when it was seen but when the last payout was issued (below).
        await Workload.WaitUntilAsync(clock, async () => (await workload.ListIdsAsync(workload.Director, "?status=approved")).Count >= before + count, Limit(count), CheckEvery);
        var cpu = azurite?.Invoke() - cpuBefore;
        await stop.CancelAsync();
        await approver;

        var payouts = await workload.Finance.GetFromJsonAsync<JsonArray>(new Uri("/api/payouts?status=approved", UriKind.Relative));
        if (payouts!.Count != before + count)
        {
            throw new InvalidOperationException($"{before + count} applications approved but {payouts.Count} approved payouts.");
        }

        // The end: the issue of the last of these payouts, in the step that reserves the budget and records the approval (the
        // baseline's end is its stand-in for that step), by the runtime's clock on this machine.
        var mine = drafts.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var lastIssued = payouts.Where(p => mine.Contains(p!["applicationId"]!.GetValue<string>()))
            .Max(p => DateTimeOffset.Parse(p!["createdAt"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        return (new ThroughputResult("Grants: submit → payout (application workflow)", count, lastIssued - startedAt) { AzuriteCpu = cpu }, drafts);
    }

    /// <summary>The same engine, in this process (one started for the round), running the do-nothing copy of the workflow; the approver raises each decision on the same 200 ms cadence.</summary>
    public static async Task<ThroughputResult> BaselineAsync(string storageConnection, int? storageProcessId, string taskHub, int count)
    {
        BaselineEngine.Awaiting.Clear();
        BaselineEngine.Done.Clear();
        await using var engine = await BaselineEngine.StartAsync(storageConnection, taskHub);
        var client = engine.Client;
        using var stop = new CancellationTokenSource();
        var approver = Task.Run(async () =>
        {
            var decided = new HashSet<string>();
            while (!stop.IsCancellationRequested)
            {
                var pending = BaselineEngine.Awaiting.Keys.Where(decided.Add).ToList();
                await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, _) =>
                    await client.RaiseEventAsync(id, BaselineEngine.DecisionEvent, "approve"));
                try
                {
                    await Task.Delay(ApproverEvery, stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });

        await RunAsync("warm", WarmUp, 0);
        var azurite = CpuTimeOf(storageProcessId);
        var cpuBefore = azurite?.Invoke();
        var elapsed = await RunAsync("base", count, WarmUp);
        var cpu = azurite?.Invoke() - cpuBefore;
        await stop.CancelAsync();
        await approver;
        return new ThroughputResult("Baseline: do-nothing workflow, same shape (the same activities, 1 external event with timeout, the award as a sub-orchestration)", count, elapsed) { AzuriteCpu = cpu };

        // Starts count workflows and waits until they (and the done before them) are done.
        async Task<TimeSpan> RunAsync(string prefix, int count, int doneBefore)
        {
            var (startedAt, clock) = (DateTimeOffset.UtcNow, Stopwatch.StartNew());
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
                await client.ScheduleNewOrchestrationInstanceAsync(nameof(BaselineWorkflow), $"{prefix}-{i:D5}", new StartOrchestrationOptions($"{prefix}-{i:D5}")));
            await Workload.WaitUntilAsync(clock, () => Task.FromResult(BaselineEngine.Done.Count >= doneBefore + count), Limit(count), CheckEvery);
            return BaselineEngine.Done.Where(d => d.Key.StartsWith(prefix + "-", StringComparison.Ordinal)).Max(d => d.Value) - startedAt;
        }
    }

    /// <summary>
    /// A reader of the CPU time a process (a side's Azurite) has used so far: both sides share two cores with their
    /// emulator, whose one Node thread answers every table, queue and blob request of the engine and of Grants alike.
    /// </summary>
    public static Func<TimeSpan>? CpuTimeOf(int? processId)
    {
        if (processId is not { } id)
        {
            return null;
        }

        var process = Process.GetProcessById(id);
        return () =>
        {
            process.Refresh();
            return process.TotalProcessorTime;
        };
    }

    /// <summary>Prints each round's pair and the median round's ratio (the middle one of an odd number, the lower middle of an even).</summary>
    public static void Print(List<(ThroughputResult Baseline, ThroughputResult Grants)> rounds)
    {
        Console.WriteLine();
        Console.WriteLine("## 1. Orchestration throughput");
        Console.WriteLine();
        Console.WriteLine($"Rounds alternate: the baseline ({rounds[0].Baseline.Name}), then Grants ({rounds[0].Grants.Name}).");
        Console.WriteLine();
        Console.WriteLine("| round | applications | baseline s | baseline /s | Grants s | Grants /s | Grants ÷ baseline | Azurite CPU ms per application: baseline | Grants |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (pair, i) in rounds.Select((p, i) => (p, i + 1)))
        {
            Console.WriteLine($"| {i} | {pair.Grants.Count} | {pair.Baseline.Elapsed.TotalSeconds:0.0} | {pair.Baseline.PerSecond:0.00} | {pair.Grants.Elapsed.TotalSeconds:0.0} | {pair.Grants.PerSecond:0.00} | {pair.Grants.PerSecond / pair.Baseline.PerSecond:0.00} | {pair.Baseline.AzuriteMsPerApplication} | {pair.Grants.AzuriteMsPerApplication} |");
        }

        var ratios = rounds.Select(p => p.Grants.PerSecond / p.Baseline.PerSecond).Order().ToList();
        var median = ratios[(ratios.Count - 1) / 2];
        Console.WriteLine($"\nGrants / baseline = **{median:0.00}** (median of {ratios.Count} round{(ratios.Count == 1 ? "" : "s")}; ≥ 0.8: {(median >= 0.8 ? "met" : "**not met**")})");
    }
}
