using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Grants.Workflows.Storage;

namespace Grants.Tests.Infrastructure;

/// <summary>
/// Azurite on free ports, in memory, killed when the process exits. The tests share one (<see cref="SharedAsync"/>),
/// each isolating itself with its own table prefix (<see cref="NewStorageAsync"/>); the load driver (bench/Grants.Load,
/// which compiles this file in) starts its own with <see cref="StartAsync"/>.
/// </summary>
public sealed class Azurite : IDisposable
{
    const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    static readonly Lazy<Task<Azurite>> Instance = new(StartAsync);

    readonly Process process;

    Azurite(Process process, int blob, int queue, int table)
    {
        this.process = process;
        (BlobPort, QueuePort, TablePort) = (blob, queue, table);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    /// <summary>Its process (the load driver reads its CPU time beside a throughput run).</summary>
    public int ProcessId => process.Id;

    public string ConnectionString => ConnectionStringWithTablePort(TablePort);

    /// <summary>The same account with table traffic sent to another port (the load driver's counting proxy in front of Azurite's table service).</summary>
    public string ConnectionStringWithTablePort(int tablePort) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AccountKey
        + $";BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1";

    public static Task<Azurite> SharedAsync() => Instance.Value;

    /// <summary>A fresh, created set of Grants tables and containers that no other test sees.</summary>
    public async Task<GrantsStorage> NewStorageAsync(string? prefix = null)
    {
        var storage = new GrantsStorage(new TableServiceClient(ConnectionString), new BlobServiceClient(ConnectionString), prefix ?? NewPrefix());
        await storage.EnsureCreatedAsync();
        return storage;
    }

    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>Starts a new Azurite of its own (the tests use <see cref="SharedAsync"/>).</summary>
    public static async Task<Azurite> StartAsync()
    {
        var executable = Path.Combine(Repository.Root, "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"{executable} is missing: run 'npm ci' in {Repository.Root} (the README's test command does).");
        }

        // A test process killed before its Azurite's cleanup ran leaves its runtimes' mail folders: gone once a day old.
        DeleteMailFolders(folder => Directory.GetLastWriteTimeUtc(folder) < DateTime.UtcNow.AddDays(-1));
        var (blob, queue, table) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        var start = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            "--silent", "--inMemoryPersistence", "--skipApiVersionCheck", "--disableProductStyleUrl",
            "--blobHost", "127.0.0.1", "--blobPort", $"{blob}",
            "--queueHost", "127.0.0.1", "--queuePort", $"{queue}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{table}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await FreePort.ListensAsync(blob) && await FreePort.ListensAsync(queue) && await FreePort.ListensAsync(table)))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Azurite did not start listening (exit: {(process.HasExited ? process.ExitCode : -1)}).");
            }

            await Task.Delay(100);
        }

        return new Azurite(process, blob, queue, table);
    }

    public void Dispose()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }

        DeleteMailFolders(folder => folder == MailRoot);
    }

    /// <summary>
    /// Where a local runtime on this Azurite keeps the mail it captures (<c>Mail:CaptureFolder</c>, local/MailCapture.cs):
    /// a folder of the prefix's under this Azurite's own, which goes when it stops.
    /// </summary>
    public string MailFolder(string prefix) => Path.Combine(MailRoot, prefix);

    string MailRoot => Path.Combine(MailRoots, $"azurite-{TablePort}");

    static string MailRoots => Path.Combine(Path.GetTempPath(), "grants-test-mail");

    static void DeleteMailFolders(Func<string, bool> which)
    {
        foreach (var folder in Directory.Exists(MailRoots) ? Directory.EnumerateDirectories(MailRoots).Where(which).ToList() : [])
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }
}
