using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Grants.Bench;

// `-- --memory [--azurite]`: one run of each export with the managed heap sampled (and, with --azurite, read from Table Storage).
// Anything else goes to BenchmarkDotNet, in process with a short job (3 warm-ups, 3 measured iterations), e.g. `-- --filter '*'`.
if (args.Contains("--memory"))
{
    await PeakMemory.RunAsync(withAzurite: args.Contains("--azurite"));
    return;
}

var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).AsDefault());
BenchmarkSwitcher.FromAssembly(typeof(ExportBenchmarks).Assembly).Run(args, config);
