using System.Diagnostics;
using System.Globalization;

namespace Grants.Load;

/// <summary>
/// Runs each baseline round in a process started for it, as each Grants round runs in a runtime process started for it,
/// so neither side is measured in a process warmed by the rounds before (hosted in the driver, the baseline had run
/// 7.2, 10.3, 9.5 workflows/s in three rounds on 2026-11-30 16:36 UTC; it still varies from round to round in a process
/// of its own, as the machine does). The child runs one round and prints its result as one line.
/// </summary>
static class BaselineProcess
{
    public const string Mode = "baseline-round";

    const string ResultMark = "BASELINE-RESULT ";

    /// <summary>Starts this driver's assembly again in <see cref="Mode"/> and returns the round it measured; its other output goes to stderr.</summary>
    public static async Task<ThroughputResult> RoundAsync(string storageConnection, int storageProcessId, string taskHub, int count)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in new[] { typeof(BaselineProcess).Assembly.Location, Mode, "--apps", count.ToString(CultureInfo.InvariantCulture), "--hub", taskHub })
        {
            start.ArgumentList.Add(argument);
        }

        // The connection string holds the account key: it goes by environment, not on a command line others can read.
        start.Environment["BASELINE_STORAGE"] = storageConnection;
        start.Environment["BASELINE_STORAGE_PID"] = storageProcessId.ToString(CultureInfo.InvariantCulture);
        using var child = Process.Start(start) ?? throw new InvalidOperationException("The baseline process did not start.");
        ThroughputResult? result = null;
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(ResultMark, StringComparison.Ordinal))
            {
                var parts = line[ResultMark.Length..].Split(' ', 4);
                result = new ThroughputResult(parts[3], int.Parse(parts[0], CultureInfo.InvariantCulture), TimeSpan.FromSeconds(double.Parse(parts[1], CultureInfo.InvariantCulture)))
                {
                    AzuriteCpu = parts[2] == "-" ? null : TimeSpan.FromSeconds(double.Parse(parts[2], CultureInfo.InvariantCulture)),
                };
                break;
            }

            Console.Error.WriteLine(line);
        }

        // Its engine finishes stopping on a thread of its own once the round is over; nothing it does then is measured.
        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await child.WaitForExitAsync(exit.Token);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
        }

        return result ?? throw new InvalidOperationException($"The baseline process ended ({(child.HasExited ? child.ExitCode : -1)}) without a result.");
    }

    /// <summary>The child's side: one round on the store and task hub it was given.</summary>
    public static async Task<int> RunRoundAsync(string[] args)
    {
        var count = args.SkipWhile(a => a != "--apps").Skip(1).Select(int.Parse).First();
        var hub = args.SkipWhile(a => a != "--hub").Skip(1).First();
        var storage = Environment.GetEnvironmentVariable("BASELINE_STORAGE") ?? throw new InvalidOperationException("BASELINE_STORAGE is not set.");
        var storageProcess = int.TryParse(Environment.GetEnvironmentVariable("BASELINE_STORAGE_PID"), CultureInfo.InvariantCulture, out var pid) ? pid : (int?)null;
        var result = await Throughput.BaselineAsync(storage, storageProcess, hub, count);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ResultMark}{result.Count} {result.Elapsed.TotalSeconds:R} {(result.AzuriteCpu is { } cpu ? cpu.TotalSeconds.ToString("R", CultureInfo.InvariantCulture) : "-")} {result.Name}"));
        await Console.Out.FlushAsync();
        return 0;
    }
}
