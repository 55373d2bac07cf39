using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Grants.Workflows.Storage;

namespace Grants.Tests.Infrastructure;

/// <summary>
/// One Azurite process for the whole test run, on free ports, in memory; started on first use and killed when the
/// test process exits. Each test isolates itself with its own table prefix (<see cref="NewStorageAsync"/>).
/// </summary>
public sealed class Azurite
{
    const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    static readonly Lazy<Task<Azurite>> Instance = new(StartAsync);

    readonly Process process;

    Azurite(Process process, int blob, int queue, int table)
    {
        this.process = process;
        ConnectionString = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AccountKey
            + $";BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1";
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
    }

    public string ConnectionString { get; }

    public static Task<Azurite> SharedAsync() => Instance.Value;

    /// <summary>A fresh, created set of Grants tables and containers that no other test sees.</summary>
    public async Task<GrantsStorage> NewStorageAsync(string? prefix = null)
    {
        var storage = new GrantsStorage(new TableServiceClient(ConnectionString), new BlobServiceClient(ConnectionString), prefix ?? NewPrefix());
        await storage.EnsureCreatedAsync();
        return storage;
    }

    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..10];

    static async Task<Azurite> StartAsync()
    {
        var executable = Path.Combine(Repository.Root, "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"{executable} is missing: run 'npm ci' in {Repository.Root} (the README's test command does).");
        }

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

    void Stop()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }
}
