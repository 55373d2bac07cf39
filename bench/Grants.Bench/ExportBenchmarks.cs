using BenchmarkDotNet.Attributes;
using Grants.Workflows.Payouts;
using Grants.Workflows.Payouts.Zengin;

namespace Grants.Bench;

/// <summary>Time and allocation of writing a batch file from a streamed, in-memory source of payouts.</summary>
[MemoryDiagnoser]
public class ExportBenchmarks
{
    [Params(10_000, 100_000)]
    public int Payouts { get; set; }

    [Benchmark]
    public async Task<long> Csv()
    {
        var output = new CountingStream();
        await PayoutCsv.WriteAsync(BatchSource.Batch(Payouts), BatchSource.ItemsAsync(Payouts).Select(i => i.Payout), output);
        return output.Written;
    }

    [Benchmark]
    public async Task<long> Zengin()
    {
        var output = new CountingStream();
        await ZenginFile.WriteAsync(BatchSource.Batch(Payouts), BatchSource.ItemsAsync(Payouts), BatchSource.Originator, output);
        return output.Written;
    }

    /// <summary>The check of every record that batch creation does once, so downloads need not.</summary>
    [Benchmark]
    public async Task<int> ZenginCheck() =>
        (await ZenginFile.FindProblemsAsync(BatchSource.ItemsAsync(Payouts), BatchSource.Originator)).Count;
}
