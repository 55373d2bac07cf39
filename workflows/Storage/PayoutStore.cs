using Azure;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;

namespace Grants.Workflows.Storage;

/// <summary>
/// Payouts and batches. A payout's row is authoritative (partition = its id); copies in a per-status index
/// partition serve the lists. A batch claims each payout with an ETag-guarded update, so a payout can be
/// claimed by one batch only, and the batch's contents are its own partition of batch items.
/// </summary>
public sealed class PayoutStore(GrantsStorage storage)
{
    const string Row = "payout";
    const string BatchRow = "batch";

    public async Task<Payout?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        (await storage.Payouts.GetAsync(id, Row, cancellationToken))?.Value;

    /// <summary>Creates the payout unless it exists; returns the stored one either way.</summary>
    public async Task<Payout> CreateIfMissingAsync(Payout payout, CancellationToken cancellationToken = default)
    {
        if (!await storage.Payouts.TryInsertAsync(payout.Id, Row, payout, cancellationToken))
        {
            payout = (await GetAsync(payout.Id, cancellationToken))!;
        }

        await IndexAsync(payout, cancellationToken);
        return payout;
    }

    public IAsyncEnumerable<Payout> ListByPayeeAsync(string payeeId, CancellationToken cancellationToken = default) =>
        storage.PayoutIndex.QueryPartitionAsync(PayeePartition(payeeId), cancellationToken);

    public IAsyncEnumerable<Payout> ListByStatusAsync(PayoutStatus status, CancellationToken cancellationToken = default) =>
        storage.PayoutIndex.QueryPartitionAsync(StatusPartition(status), cancellationToken);

    public async Task<PayoutBatch?> GetBatchAsync(string batchId, CancellationToken cancellationToken = default) =>
        (await storage.Batches.GetAsync(batchId, BatchRow, cancellationToken))?.Value;

    public IAsyncEnumerable<Payout> ListBatchItemsAsync(string batchId, CancellationToken cancellationToken = default) =>
        storage.BatchItems.QueryPartitionAsync(batchId, cancellationToken);

    /// <summary>
    /// Gathers every approved payout not yet in a batch into batch <paramref name="batchId"/>. Repeating the call
    /// with the same id completes an interrupted attempt instead of starting another. Returns null when nothing was due.
    /// </summary>
    public async Task<PayoutBatch?> CreateBatchAsync(string batchId, string createdBy, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var existing = await GetBatchAsync(batchId, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        await foreach (var candidate in ListByStatusAsync(PayoutStatus.Approved, cancellationToken))
        {
            await TryClaimAsync(candidate.Id, batchId, cancellationToken);
        }

        var items = await ListBatchItemsAsync(batchId, cancellationToken).ToListAsync(cancellationToken);
        if (items.Count == 0)
        {
            return null;
        }

        var batch = new PayoutBatch(batchId, at, createdBy, items.Count, Yen.Sum(items.Select(i => i.Amount)));
        await storage.Batches.TryInsertAsync(batchId, BatchRow, batch, cancellationToken);
        return await GetBatchAsync(batchId, cancellationToken);
    }

    async Task TryClaimAsync(string payoutId, string batchId, CancellationToken cancellationToken)
    {
        var stored = await storage.Payouts.GetAsync(payoutId, Row, cancellationToken);
        if (stored is null)
        {
            return;
        }

        var payout = stored.Value;
        if (payout.Status == PayoutStatus.Approved)
        {
            payout = payout with { Status = PayoutStatus.Batched, BatchId = batchId };
            try
            {
                await storage.Payouts.ReplaceAsync(payoutId, Row, payout, stored.ETag, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // Someone claimed it first: another batch, or this same batch requested again concurrently, whose
                // item this call must still list before it counts the batch. Read it again and decide from that.
                await TryClaimAsync(payoutId, batchId, cancellationToken);
                return;
            }
        }
        else if (payout.BatchId != batchId)
        {
            await storage.PayoutIndex.DeleteAsync(StatusPartition(PayoutStatus.Approved), payoutId, cancellationToken);
            return;
        }

        await storage.BatchItems.TryInsertAsync(batchId, payoutId, payout, cancellationToken);
        await IndexAsync(payout, cancellationToken);
        await storage.PayoutIndex.DeleteAsync(StatusPartition(PayoutStatus.Approved), payoutId, cancellationToken);
    }

    async Task IndexAsync(Payout payout, CancellationToken cancellationToken)
    {
        await storage.PayoutIndex.UpsertAsync(StatusPartition(payout.Status), payout.Id, payout, cancellationToken);
        await storage.PayoutIndex.UpsertAsync(PayeePartition(payout.PayeeId), payout.Id, payout, cancellationToken);
    }

    static string PayeePartition(string payeeId) => $"payee|{payeeId}";

    static string StatusPartition(PayoutStatus status) => $"status|{status}";
}
