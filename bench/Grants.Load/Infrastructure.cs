using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Grants.Api;

namespace Grants.Load;

/// <summary>Loopback ports nobody uses.</summary>
static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<bool> ListensAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

static class Repository
{
    public static readonly string Root = Find();

    static string Find()
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

    /// <summary>The local runtime built in the same configuration as this driver (the project reference builds it first).</summary>
    public static string LocalRuntimeDll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0/
        var dll = Path.Combine(Root, "local", "bin", configuration, "net10.0", "Grants.Local.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} is missing: build with 'dotnet build -c {configuration} bench/Grants.Load'.");
    }
}

/// <summary>One Azurite, in memory, on free ports; killed when the driver exits (as the tests start it).</summary>
sealed class Azurite : IDisposable
{
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

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

    public string ConnectionString => ConnectionStringWithTablePort(TablePort);

    /// <summary>The same account with table traffic sent to another port (the counting proxy in front of Azurite's table service).</summary>
    public string ConnectionStringWithTablePort(int tablePort) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AccountKey
        + $";BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1";

    public static async Task<Azurite> StartAsync()
    {
        var executable = Path.Combine(Repository.Root, "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"{executable} is missing: run 'npm ci' in {Repository.Root}.");
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

    public void Dispose()
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

/// <summary>The local runtime (local/) as a process on a free port with its own table prefix and task hub, as the end-to-end tests start it.</summary>
sealed class LocalRuntime : IAsyncDisposable
{
    readonly ConcurrentQueue<string> output = new();
    readonly Process process;

    LocalRuntime(Process process, Uri baseAddress, string prefix)
    {
        this.process = process;
        BaseAddress = baseAddress;
        Prefix = prefix;
    }

    public Uri BaseAddress { get; }

    public string Prefix { get; }

    public string Output => string.Join('\n', output.TakeLast(60));

    public static async Task<LocalRuntime> StartAsync(string storageConnection, string prefix)
    {
        var port = FreePort.Next();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Repository.Root, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            Repository.LocalRuntimeDll(),
            "--urls", $"http://127.0.0.1:{port}",
            "--GrantsStorage", storageConnection,
            "--StoragePrefix", prefix,
            "--Durable:TaskHub", "hub" + prefix,
            "--Durable:WorkerId", "bench-" + prefix,
            "--Logging:LogLevel:Default", "Warning",
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        var process = Process.Start(start) ?? throw new InvalidOperationException("The local runtime did not start.");
        var runtime = new LocalRuntime(process, new Uri($"http://127.0.0.1:{port}"), prefix);
        process.OutputDataReceived += (_, e) => runtime.output.Enqueue(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => runtime.output.Enqueue(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = runtime.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The local runtime exited with {process.ExitCode}:\n{runtime.Output}");
            }

            try
            {
                if ((await http.GetAsync(new Uri("/api/health", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return runtime;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The local runtime did not answer /api/health:\n{runtime.Output}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>A client signed in (through the local Easy Auth stand-in) as the person with the roles; connections are pooled and shared by concurrent callers.</summary>
    public HttpClient ClientFor(string personId, params string[] roles)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        client.DefaultRequestHeaders.Add(EasyAuthPrincipal.Header, EasyAuthPrincipal.Encode(personId, roles));
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
