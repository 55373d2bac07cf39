using System.Collections.Concurrent;
using System.Net;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Grants.Local;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;

namespace Grants.Load;

/// <summary>
/// The same durable engine as the local runtime (Azure Storage backend on Azurite behind the in-process gRPC sidecar,
/// with the settings of local/DurableEngineSettings.cs), hosted in this process, running a do-nothing copy of the
/// application workflow's shape: the same activity calls, custom statuses, external event with a timeout and
/// sub-orchestration, but activities that touch nothing.
/// </summary>
sealed class BaselineEngine : IAsyncDisposable
{
    public const string DecisionEvent = "Decision";

    /// <summary>Instances whose third activity ran (the stand-in for "approval requested"); the approver loop raises their decision.</summary>
    public static readonly ConcurrentDictionary<string, byte> Awaiting = new();

    /// <summary>Instances whose reservation ran (the stand-in for ReserveBudget, which issues the payout and records the approval), and when: the finish line.</summary>
    public static readonly ConcurrentDictionary<string, DateTimeOffset> Done = new();

    readonly WebApplication sidecar;
    readonly IHost worker;
    readonly GrpcChannel channel;

    BaselineEngine(WebApplication sidecar, IHost worker, GrpcChannel channel)
    {
        this.sidecar = sidecar;
        this.worker = worker;
        this.channel = channel;
    }

    public DurableTaskClient Client => worker.Services.GetRequiredService<DurableTaskClient>();

    public static async Task<BaselineEngine> StartAsync(string storageConnection, string taskHub)
    {
        var loggerFactory = LoggerFactory.Create(l => l.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole(o => o.SingleLine = true));

        // local/DurableEngineSettings.cs, as the local runtime: the same engine settings, only another hub and worker id.
        var service = new AzureStorageOrchestrationService(DurableEngineSettings.For(storageConnection, new DurableOptions { TaskHub = taskHub, WorkerId = "bench-baseline" }, loggerFactory));
        await service.CreateIfNotExistsAsync();

        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<IOrchestrationService>(service);
        builder.Services.AddSingleton<IOrchestrationServiceClient>(service);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        var sidecar = builder.Build();
        sidecar.MapGrpcService<TaskHubGrpcServer>();
        await sidecar.StartAsync();

        var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var host = Host.CreateApplicationBuilder();
        host.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        host.Services.AddDurableTaskWorker(w =>
        {
            w.AddTasks(r =>
            {
                r.AddOrchestrator<BaselineWorkflow>();
                r.AddOrchestrator<BaselineAward>();
                r.AddActivity<Noop>();
            });
            w.UseGrpc(channel);
        });
        host.Services.AddDurableTaskClient(c => c.UseGrpc(channel));
        var worker = host.Build();
        await worker.StartAsync();
        return new BaselineEngine(sidecar, worker, channel);
    }

    public async ValueTask DisposeAsync()
    {
        await worker.StopAsync();
        worker.Dispose();
        channel.Dispose();
        await sidecar.StopAsync();
        await sidecar.DisposeAsync();
    }
}

/// <summary>ApplicationWorkflow's path for a one-time payment with a report, minus the work: the same activities and custom statuses, 1 external event with a timeout, then the award as a sub-orchestration.</summary>
sealed class BaselineWorkflow : Microsoft.DurableTask.TaskOrchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        Task<string> Step(string name) => context.CallActivityAsync<string>(nameof(Noop), $"{input}|{name}");

        context.SetCustomStatus("checking-eligibility");
        // For a program without endorsement, CheckEligibility also routes the application to its approver and sends the notice of it: one step.
        await Step("CheckEligibility:awaiting");
        context.SetCustomStatus("awaiting-approval");
        // The decision's event names its claim, so the workflow acts on it without reading it (ReadClaimedDecision runs only on a timer's wake).
        await context.WaitForExternalEvent<string>(BaselineEngine.DecisionEvent, TimeSpan.FromDays(3));
        // The reservation records the approval it honours and sends its notice in the same step (RecordOutcome records only other outcomes).
        await Step("ReserveBudget:done");
        context.SetCustomStatus("Approved");

        // ApplicationWorkflow then follows the paper report in AwardWorkflow, a sub-orchestration it waits for (the
        // publication-fee program asks for the DOI); its start message goes through the same tags type binder as Grants'.
        return await context.CallSubOrchestratorAsync<string>(nameof(BaselineAward), input, new SubOrchestrationOptions { InstanceId = $"{input}-award" });
    }
}

/// <summary>AwardWorkflow's first step for a one-time payment: wait for the report, with a reminder timer.</summary>
sealed class BaselineAward : Microsoft.DurableTask.TaskOrchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        context.SetCustomStatus("awaiting-report");
        try
        {
            return await context.WaitForExternalEvent<string>("AwardEvent", TimeSpan.FromDays(30));
        }
        catch (OperationCanceledException)
        {
            return "reminder";
        }
    }
}

/// <summary>An activity that does nothing but mark how far its instance got.</summary>
sealed class Noop : Microsoft.DurableTask.TaskActivity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input)
    {
        var (instance, step) = (input[..input.IndexOf('|', StringComparison.Ordinal)], input[(input.IndexOf('|', StringComparison.Ordinal) + 1)..]);
        if (step.EndsWith(":awaiting", StringComparison.Ordinal))
        {
            BaselineEngine.Awaiting.TryAdd(instance, 0);
        }
        else if (step.EndsWith(":done", StringComparison.Ordinal))
        {
            BaselineEngine.Done.TryAdd(instance, DateTimeOffset.UtcNow);
        }

        return Task.FromResult(step);
    }
}
