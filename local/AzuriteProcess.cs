using System.Diagnostics;
using System.Net.Sockets;

namespace Grants.Local;

/// <summary>Starts the Azure Storage emulator from the repository's node_modules when nothing listens on its ports yet.</summary>
public static class AzuriteProcess
{
    public static async Task EnsureRunningAsync(string connectionString, string repositoryRoot, ILogger logger, CancellationToken cancellationToken)
    {
        var (blob, queue, table) = Ports(connectionString);
        if (await ListensAsync(table, cancellationToken) && await ListensAsync(blob, cancellationToken) && await ListensAsync(queue, cancellationToken))
        {
            return;
        }

        var azurite = Path.Combine(repositoryRoot, "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException($"Azurite is not running and {azurite} is missing: run 'npm ci' in {repositoryRoot} first.");
        }

        var location = Path.Combine(repositoryRoot, ".azurite");
        Directory.CreateDirectory(location);
        var start = new ProcessStartInfo(azurite)
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--silent", "--skipApiVersionCheck", "--location", location,
            "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", table.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        logger.LogInformation("Starting Azurite on ports {Blob}/{Queue}/{Table} with data in {Location}", blob, queue, table, location);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await ListensAsync(table, cancellationToken) && await ListensAsync(blob, cancellationToken) && await ListensAsync(queue, cancellationToken)))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Azurite did not start listening: {await process.StandardError.ReadToEndAsync(cancellationToken)}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>The blob, queue and table ports a storage connection string points at.</summary>
    public static (int Blob, int Queue, int Table) Ports(string connectionString)
    {
        if (connectionString.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase))
        {
            return (10000, 10001, 10002);
        }

        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        int Port(string name, int fallback) => parts.TryGetValue(name, out var uri) ? new Uri(uri).Port : fallback;
        return (Port("BlobEndpoint", 10000), Port("QueueEndpoint", 10001), Port("TableEndpoint", 10002));
    }

    static async Task<bool> ListensAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
