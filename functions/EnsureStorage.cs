using Grants.Workflows.Storage;
using Microsoft.Extensions.Hosting;

namespace Grants.Functions;

/// <summary>Creates Grants' tables and blob container on start, before any function runs.</summary>
internal sealed class EnsureStorage(GrantsStorage storage) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => storage.EnsureCreatedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
