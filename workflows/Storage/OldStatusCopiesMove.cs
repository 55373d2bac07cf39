using Microsoft.Extensions.Hosting;

namespace Grants.Workflows.Storage;

/// <summary>
/// On start, before requests are served, moves the application index copies written before the one index partition
/// existed into it (<see cref="ApplicationLists.MoveOldCopiesAsync"/>), so every list by status is then one query.
/// </summary>
public sealed class OldStatusCopiesMove(ApplicationStore applications) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => applications.MoveOldStatusCopiesAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
