using Microsoft.Extensions.Hosting;

namespace Grants.Workflows.Storage;

/// <summary>
/// On start, before requests are served, moves the payout index copies written before the index's one partition existed
/// into it (<see cref="PayoutIndex.MoveOldCopiesAsync"/>), so every payout list is then one range of one partition.
/// </summary>
public sealed class OldPayoutCopiesMove(PayoutStore payouts) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => payouts.MoveOldIndexCopiesAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
