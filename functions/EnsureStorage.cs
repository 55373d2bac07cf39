using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using Microsoft.Extensions.Hosting;

namespace Grants.Functions;

/// <summary>
/// Creates Grants' tables and blob container on start, before any function runs, and publishes the shipped program
/// definitions that are missing (never touching a published version), as the local runtime does.
/// </summary>
public sealed class EnsureStorage(GrantsStorage storage, ProgramCatalog programs) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        await ShippedPrograms.PublishMissingAsync(programs, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
