using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Grants.Workflows.Payouts;
using Grants.Workflows.Payouts.Zengin;
using Grants.Workflows.Storage;

namespace Grants.Bench;

/// <summary>
/// Runs each export once and samples the managed heap every millisecond: the peak above the heap at the start shows
/// whether memory stays flat as the batch grows. With <c>--azurite</c> it also stores the batch in Table Storage
/// (an Azurite started from node_modules, in memory) and measures the export as the API does it, reading the batch back.
/// </summary>
public static class PeakMemory
{
    sealed record Measurement(string Source, string Format, int Payouts, TimeSpan Elapsed, long Bytes, long PeakHeapGrowth, long Allocated);

    public static async Task RunAsync(bool withAzurite)
    {
        var results = new List<Measurement>();
        foreach (var count in new[] { 10_000, 100_000 })
        {
            var batch = BatchSource.Batch(count);
            results.Add(await MeasureAsync("memory", "csv", count, output => PayoutCsv.WriteAsync(batch, BatchSource.ItemsAsync(count).Select(i => i.Payout), output)));
            // The records were checked when the batch froze: a download is the one pass that writes.
            results.Add(await MeasureAsync("memory", "zengin", count, output => ZenginFile.WriteAsync(batch, BatchSource.ItemsAsync(count), BatchSource.Originator, output)));
        }

        if (withAzurite)
        {
            using var azurite = await AzuriteProcess.StartAsync();
            var storage = new GrantsStorage(new TableServiceClient(azurite.ConnectionString), new BlobServiceClient(azurite.ConnectionString), "bench");
            await storage.EnsureCreatedAsync();
            var payouts = new PayoutStore(storage);
            foreach (var count in new[] { 10_000, 100_000 })
            {
                var batch = BatchSource.Batch(count);
                var seeding = Stopwatch.StartNew();
                await SeedAsync(storage, batch.Id, count);
                Console.WriteLine($"stored {count} batch items in Azurite in {seeding.Elapsed.TotalSeconds:0.0} s");
                results.Add(await MeasureAsync("azurite", "csv", count, output => PayoutCsv.WriteAsync(batch, payouts.ListBatchItemsAsync(batch.Id), output)));
                results.Add(await MeasureAsync("azurite", "zengin", count, output => ZenginFile.WriteAsync(batch, payouts.ListBatchContentsAsync(batch.Id), BatchSource.Originator, output)));
            }
        }

        Console.WriteLine();
        Console.WriteLine("| source | format | payouts | time | file size | peak managed heap growth | allocated |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var m in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {m.Source} | {m.Format} | {m.Payouts:#,0} | {m.Elapsed.TotalMilliseconds:#,0} ms | {m.Bytes / 1024.0 / 1024.0:0.0} MB | {m.PeakHeapGrowth / 1024.0 / 1024.0:0.0} MB | {m.Allocated / 1024.0 / 1024.0:#,0} MB |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\nprocess peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:0} MB"));
    }

    static async Task<Measurement> MeasureAsync(string source, string format, int count, Func<Stream, Task> export)
    {
        var heap = HeapSampler.Start();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var output = new CountingStream();
        var clock = Stopwatch.StartNew();
        await export(output);
        clock.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        await heap.DisposeAsync();
        Console.WriteLine($"{source} {format} {count}: {clock.ElapsedMilliseconds} ms");
        return new Measurement(source, format, count, clock.Elapsed, output.Written, heap.PeakGrowth, allocated);
    }

    /// <summary>Writes the batch's items as the batch creation does, 100 to a transaction, several transactions at once.</summary>
    static async Task SeedAsync(GrantsStorage storage, string batchId, int count)
    {
        var chunks = Enumerable.Range(0, (count + 99) / 100);
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (chunk, token) =>
        {
            var actions = Enumerable.Range(chunk * 100, Math.Min(100, count - (chunk * 100)))
                .Select(i => BatchSource.Item(i))
                .Select(item => new TableTransactionAction(TableTransactionActionType.UpsertReplace, DocumentTable<BatchItem>.ToEntity(batchId, item.Payout.Id, item)))
                .ToList();
            await storage.BatchItems.Client.SubmitTransactionAsync(actions, token);
        });
    }

    /// <summary>Azurite from the repository's node_modules, in memory, on free loopback ports; killed on dispose.</summary>
    sealed class AzuriteProcess(Process process, string connectionString) : IDisposable
    {
        const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

        public string ConnectionString { get; } = connectionString;

        public static async Task<AzuriteProcess> StartAsync()
        {
            var root = FindRoot();
            var (blob, queue, table) = (FreePort(), FreePort(), FreePort());
            var start = new ProcessStartInfo(Path.Combine(root, "node_modules", ".bin", "azurite")) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[]
            {
                "--silent", "--inMemoryPersistence", "--skipApiVersionCheck", "--disableProductStyleUrl",
                "--blobHost", "127.0.0.1", "--blobPort", $"{blob}", "--queueHost", "127.0.0.1", "--queuePort", $"{queue}", "--tableHost", "127.0.0.1", "--tablePort", $"{table}",
            })
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start; run 'npm ci' at the repository root.");
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            for (var tries = 0; !Listens(table); tries++)
            {
                if (tries > 300 || process.HasExited)
                {
                    throw new InvalidOperationException("Azurite did not start listening.");
                }

                await Task.Delay(100);
            }

            return new AzuriteProcess(process, "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AccountKey
                + $";BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1");
        }

        public void Dispose()
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
        }

        static string FindRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Grants.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("Grants.sln not found above " + AppContext.BaseDirectory);
        }

        static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        static bool Listens(int port)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }
}
