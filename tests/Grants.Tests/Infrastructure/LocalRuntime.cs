using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using Grants.Api;

namespace Grants.Tests.Infrastructure;

/// <summary>
/// The local runtime (local/) started as a real process on a free port, against the shared Azurite with its own
/// table prefix and task hub. It can be killed with SIGKILL and started again on the same storage.
/// </summary>
public sealed class LocalRuntime : IAsyncDisposable
{
    readonly string[] arguments;
    readonly ConcurrentQueue<string> output = new();
    Process? process;

    LocalRuntime(string[] arguments, int port, string taskHub)
    {
        this.arguments = arguments;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        TaskHub = taskHub;
    }

    public Uri BaseAddress { get; }

    /// <summary>The Durable Task hub the runtime keeps its workflows in (tables <c>{TaskHub}History</c> and <c>{TaskHub}Instances</c>).</summary>
    public string TaskHub { get; }

    /// <summary>Whether the process, in any of its runs so far, wrote a line containing the text.</summary>
    public bool Logged(string text) => output.Any(line => line.Contains(text, StringComparison.Ordinal));

    /// <summary>What the process wrote, for the failure message when a test fails.</summary>
    public string Output => string.Join('\n', output.TakeLast(200));

    public static async Task<LocalRuntime> StartAsync(Azurite azurite, params string[] extraArguments)
    {
        var port = FreePort.Next();
        var prefix = Azurite.NewPrefix();
        var taskHub = "hub" + prefix;
        string[] arguments =
        [
            "--urls", $"http://127.0.0.1:{port}",
            "--GrantsStorage", azurite.ConnectionString,
            "--StoragePrefix", prefix,
            "--Durable:TaskHub", taskHub,
            "--Durable:WorkerId", "e2e-" + prefix,
            .. extraArguments,
        ];
        var runtime = new LocalRuntime(arguments, port, taskHub);
        await runtime.StartAsync();
        return runtime;
    }

    public async Task StartAsync()
    {
        var dll = Path.Combine(Repository.OutputOf("local"), "Grants.Local.dll");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Repository.Root, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        process = Process.Start(start) ?? throw new InvalidOperationException("The local runtime did not start.");
        process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The local runtime exited with {process.ExitCode}:\n{Output}");
            }

            try
            {
                if ((await http.GetAsync("/api/health")).IsSuccessStatusCode)
                {
                    return;
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
                throw new TimeoutException($"The local runtime did not answer /api/health:\n{Output}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Kills the process the hard way (SIGKILL): no shutdown code runs, as in a crash or a pulled plug.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process?.Dispose();
        process = null;
    }

    /// <summary>An HTTP client signed in (through the local Easy Auth stand-in) as the given person and roles.</summary>
    public HttpClient ClientFor(string personId, params string[] roles)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(100) };
        client.DefaultRequestHeaders.Add(EasyAuthPrincipal.Header, EasyAuthPrincipal.Encode(personId, roles));
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public async ValueTask DisposeAsync() => await KillAsync();
}
