using System.Net;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;

namespace Grants.Local;

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
        var service = new AzureStorageOrchestrationService(DurableEngineSettings.For(storageConnectionString, options, loggerFactory));

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
