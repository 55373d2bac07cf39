using System.Net;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;

namespace Grants.Local;

/// <summary>Settings of the durable engine the local runtime runs.</summary>
public sealed class DurableOptions
{
    public string TaskHub { get; set; } = "GrantsHub";

    /// <summary>Kept stable across restarts, so a restarted process takes its partitions back at once instead of waiting for the old lease to expire.</summary>
    public string WorkerId { get; set; } = "grants-local";

    /// <summary>Loopback port of the gRPC sidecar; 0 picks a free one.</summary>
    public int SidecarPort { get; set; }

    public int MaxConcurrentWorkItems { get; set; } = 32;

    /// <summary>
    /// How long a message taken by a process stays hidden from others. After a crash, the work it held becomes
    /// visible again after this long; the engine renews it while the work is still running. Activities are idempotent, so a short value is safe.
    /// </summary>
    public TimeSpan MessageVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// The Durable Task engine of the local runtime: the production Azure Storage backend (on Azurite), served to the
/// Durable Task SDK's worker and client through the in-process gRPC sidecar. The same orchestrations that run in
/// Azure Functions run here, durably.
/// </summary>
public sealed class DurableSidecar(IHost host, Uri address) : IAsyncDisposable
{
    public Uri Address => address;

    public static async Task<DurableSidecar> StartAsync(string storageConnectionString, DurableOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(storageConnectionString),
            TaskHubName = options.TaskHub,
            WorkerId = options.WorkerId,
            MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
            MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentWorkItems,
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentWorkItems,
            LoggerFactory = loggerFactory,

            // One process owns the hub; an app lease would make a restarted process wait for the killed one's lease to expire.
            UseAppLease = false,
            CustomMessageTypeBinder = new ProtobufTagsTypeBinder(),
            ControlQueueVisibilityTimeout = options.MessageVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = options.MessageVisibilityTimeout,
        });

        // Only create the task hub here: the sidecar starts the service itself, and a second start would crash the process.
        await service.CreateIfNotExistsAsync();

        var port = options.SidecarPort == 0 ? FreePort() : options.SidecarPort;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<IOrchestrationService>(new StorableHistoryService(service));
        builder.Services.AddSingleton<IOrchestrationServiceClient>(service);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        var app = builder.Build();
        app.MapGrpcService<TaskHubGrpcServer>();
        await app.StartAsync(cancellationToken);
        return new DurableSidecar(app, new Uri($"http://127.0.0.1:{port}"));
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }

    static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// The gRPC sidecar hands the engine a sub-orchestration's tags as a protobuf <c>MapField</c>; the Azure Storage
/// engine writes every queued message with its CLR type name and cannot resolve that type when it reads the message
/// back, so a sub-orchestration (an approved application's award) would never start. Tags are plain strings: they are
/// written, and read, as a <see cref="Dictionary{TKey, TValue}"/>.
/// </summary>
sealed class ProtobufTagsTypeBinder : ICustomTypeBinder
{
    const string MapField = "Google.Protobuf.Collections.MapField`2";

    public void BindToName(Type serializedType, out string? assemblyName, out string? typeName)
    {
        assemblyName = null;
        typeName = (serializedType.FullName ?? "").StartsWith(MapField, StringComparison.Ordinal)
            ? typeof(Dictionary<string, string>).FullName
            : serializedType.FullName;
    }

    public Type? BindToType(string? assemblyName, string typeName) =>
        typeName.StartsWith(MapField, StringComparison.Ordinal) ? typeof(Dictionary<string, string>) : Type.GetType(typeName, throwOnError: true);
}
