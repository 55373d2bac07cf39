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
    readonly string[] storageArguments;
    readonly ConcurrentQueue<string> output = new();
    string[] arguments;
    Process? process;

    LocalRuntime(string[] storageArguments, string[] extraArguments, int port, string prefix)
    {
        this.storageArguments = storageArguments;
        arguments = [.. storageArguments, .. extraArguments];
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        Prefix = prefix;
        TaskHub = "hub" + prefix;
    }

    public Uri BaseAddress { get; }

    /// <summary>The table prefix of its storage, so a test can read the records the runtime wrote.</summary>
    public string Prefix { get; }

    /// <summary>The Durable Task hub the runtime keeps its workflows in (tables <c>{TaskHub}History</c> and <c>{TaskHub}Instances</c>).</summary>
    public string TaskHub { get; }

    /// <summary>Whether the process, in any of its runs so far, wrote a line containing the text.</summary>
    public bool Logged(string text) => output.Any(line => line.Contains(text, StringComparison.Ordinal));

    /// <summary>What the process wrote, for the failure message when a test fails.</summary>
    public string Output => string.Join('\n', output.TakeLast(200));

    public static async Task<LocalRuntime> StartAsync(Azurite azurite, params string[] extraArguments)
    {
        for (var attempt = 1; ; attempt++)
        {
            var runtime = Create(azurite, extraArguments);
            try
            {
                await runtime.StartAsync();
                return runtime;
            }
            catch (InvalidOperationException) when (attempt < 3 && runtime.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                // The free port picked was taken by another process before the runtime bound it (another test run on the machine): pick again.
            }
        }
    }

    static LocalRuntime Create(Azurite azurite, string[] extraArguments)
    {
        var port = FreePort.Next();
        var prefix = Azurite.NewPrefix();
        string[] storageArguments =
        [
            "--urls", $"http://127.0.0.1:{port}",
            "--GrantsStorage", azurite.ConnectionString,
            "--StoragePrefix", prefix,
            "--Durable:TaskHub", "hub" + prefix,
            "--Durable:WorkerId", "e2e-" + prefix,
            "--Mail:CaptureFolder", azurite.MailFolder(prefix),
            // A busy machine may take more than the usual 5 s to finish a finance step; tests that follow 202 pass less (the last value wins).
            "--Workflow:FinanceWait", "00:01:00",
        ];
        return new LocalRuntime(storageArguments, extraArguments, port, prefix);
    }

    /// <summary>Starts it as a fresh deployment starts (<c>./start.sh --no-demo</c>): the shipped programs, no demo people, funds, budgets or calls.</summary>
    public static Task<LocalRuntime> StartWithoutDemoAsync(Azurite azurite, params string[] extraArguments) =>
        StartAsync(azurite, ["--no-demo", .. extraArguments]);

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

    /// <summary>
    /// Stops the process and starts it again on the same port, storage prefix, task hub and worker id, with these extra
    /// arguments instead of the first ones (e.g. <c>--Clock:Now 2027-04-01T09:00:00+09:00</c> to wake up next April).
    /// </summary>
    public async Task RestartAsync(params string[] extraArguments)
    {
        await KillAsync();
        arguments = [.. storageArguments, .. extraArguments];
        await StartAsync();
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

    /// <summary>Runs a test against this runtime; when it fails, the runtime's last output is written to the test's first.</summary>
    public async Task ExplainFailureAsync(Xunit.Abstractions.ITestOutputHelper output, Func<Task> test)
    {
        try
        {
            await test();
        }
        catch
        {
            output.WriteLine(Output);
            throw;
        }
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
