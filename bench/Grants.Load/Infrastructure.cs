using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using Grants.Api;

namespace Grants.Load;

/// <summary>Where the local runtime this driver starts was built (the shared <see cref="Repository"/> knows the configuration).</summary>
static class LocalRuntimeBuild
{
    /// <summary>The local runtime built in the same configuration as this driver (the project reference builds it first).</summary>
    public static string Dll()
    {
        var dll = Path.Combine(Repository.OutputOf("local"), "Grants.Local.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} is missing: build with 'dotnet build -c {Repository.Configuration} bench/Grants.Load'.");
    }
}

/// <summary>The local runtime (local/) as a process on a free port with its own table prefix and task hub, as the end-to-end tests start it.</summary>
sealed class LocalRuntime : IAsyncDisposable
{
    readonly ConcurrentQueue<string> output = new();
    readonly Process process;

    LocalRuntime(Process process, Uri baseAddress, string prefix, int sidecarPort)
    {
        this.process = process;
        BaseAddress = baseAddress;
        Prefix = prefix;
        SidecarPort = sidecarPort;
    }

    public Uri BaseAddress { get; }

    public string Prefix { get; }

    /// <summary>The loopback port of the runtime's durable engine (its gRPC sidecar), so the driver can time the engine's own client beside the API.</summary>
    public int SidecarPort { get; }

    public string Output => string.Join('\n', output.TakeLast(60));

    public static async Task<LocalRuntime> StartAsync(string storageConnection, string prefix)
    {
        var port = FreePort.Next();
        var sidecarPort = FreePort.Next();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Repository.Root, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            LocalRuntimeBuild.Dll(),
            "--urls", $"http://127.0.0.1:{port}",
            "--GrantsStorage", storageConnection,
            "--StoragePrefix", prefix,
            "--Durable:TaskHub", "hub" + prefix,
            "--Durable:WorkerId", "bench-" + prefix,
            "--Durable:SidecarPort", sidecarPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--Logging:LogLevel:Default", "Warning",
            "--StorageStepHeader", "true",
            "--Mail:CaptureFolder", MailFolder(prefix),
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        var process = Process.Start(start) ?? throw new InvalidOperationException("The local runtime did not start.");
        var runtime = new LocalRuntime(process, new Uri($"http://127.0.0.1:{port}"), prefix, sidecarPort);
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
        if (Directory.Exists(MailFolder(Prefix)))
        {
            Directory.Delete(MailFolder(Prefix), recursive: true);
        }
    }

    /// <summary>Where the runtime's SendGrid stand-in keeps what it would have sent (local/MailCapture.cs): removed with the runtime.</summary>
    static string MailFolder(string prefix) => Path.Combine(Path.GetTempPath(), "grants-bench-mail", prefix);
}
