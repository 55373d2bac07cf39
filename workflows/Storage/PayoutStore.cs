using Azure;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;
using Grants.Workflows.People;

namespace Grants.Workflows.Storage;

/// <summary>
/// Payouts and batches. A payout's row is authoritative (partition = its id); copies in index partitions — per
/// status, per payee and per fiscal year — serve the lists. A batch claims each payout with an ETag-guarded update, so a payout can be
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

        await IndexAsync(payout, previous: null, cancellationToken);
        return payout;
    }

    public IAsyncEnumerable<Payout> ListByPayeeAsync(string payeeId, CancellationToken cancellationToken = default) =>
        storage.PayoutIndex.QueryPartitionAsync(PayeePartition(payeeId), cancellationToken);

    public IAsyncEnumerable<Payout> ListByStatusAsync(PayoutStatus status, CancellationToken cancellationToken = default) =>
        storage.PayoutIndex.QueryPartitionAsync(StatusPartition(status), cancellationToken);

    public async Task<PayoutBatch?> GetBatchAsync(string batchId, CancellationToken cancellationToken = default) =>
        (await storage.Batches.GetAsync(batchId, BatchRow, cancellationToken))?.Value;

    /// <summary>Every batch (the batches table holds one batch row per partition and nothing else), newest first.</summary>
    public async Task<List<PayoutBatch>> ListBatchesAsync(CancellationToken cancellationToken = default) =>
        (await storage.Batches.QueryRowsKeyedAsync(BatchRow, cancellationToken).ToListAsync(cancellationToken)).OrderByDescending(b => b.CreatedAt).ToList();

    /// <summary>The payouts a batch holds, as they were when it claimed them, in payout-id order.</summary>
    public IAsyncEnumerable<Payout> ListBatchItemsAsync(string batchId, CancellationToken cancellationToken = default) =>
        ListBatchContentsAsync(batchId, cancellationToken).Select(i => i.Payout);

    /// <summary>A batch's frozen contents: each payout with the bank account it is paid to, in payout-id order.</summary>
    public IAsyncEnumerable<BatchItem> ListBatchContentsAsync(string batchId, CancellationToken cancellationToken = default) =>
        storage.BatchItems.QueryPartitionAsync(batchId, cancellationToken);

    /// <summary>Every payout charged to a fiscal year, whatever its status: one partition.</summary>
    public IAsyncEnumerable<Payout> ListByFiscalYearAsync(FiscalYear year, CancellationToken cancellationToken = default) =>
        storage.PayoutIndex.QueryPartitionAsync(YearPartition(year), cancellationToken);

    /// <summary>
    /// Gathers every approved payout not yet in a batch into batch <paramref name="batchId"/>. Repeating the call
    /// with the same id completes an interrupted attempt instead of starting another. Returns null when nothing was due.
    /// </summary>
    public Task<PayoutBatch?> CreateBatchAsync(string batchId, string createdBy, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        CreateBatchAsync(batchId, createdBy, at, transferDate: null, bankOf: null, cancellationToken);

    /// <summary>
    /// Gathers approved payouts into a batch, freezing with each the bank account <paramref name="bankOf"/> gives for it;
    /// with <paramref name="bankOf"/>, a payout whose payee has no account stays approved, out of the batch.
    /// </summary>
    public async Task<PayoutBatch?> CreateBatchAsync(
        string batchId, string createdBy, DateTimeOffset at, DateOnly? transferDate, Func<Payout, CancellationToken, Task<BankAccount?>>? bankOf, CancellationToken cancellationToken = default)
    {
        var existing = await GetBatchAsync(batchId, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        await foreach (var candidate in ListByStatusAsync(PayoutStatus.Approved, cancellationToken))
        {
            BankAccount? bank = null;
            if (bankOf is not null && (bank = await bankOf(candidate, cancellationToken)) is null)
            {
                continue;
            }

            await TryClaimAsync(candidate.Id, batchId, bank, cancellationToken);
        }

        var count = 0;
        var total = Yen.Zero;
        await foreach (var item in ListBatchContentsAsync(batchId, cancellationToken))
        {
            count++;
            total += item.Payout.Amount;
        }

        if (count == 0)
        {
            return null;
        }

        var batch = new PayoutBatch(batchId, at, createdBy, count, total) { TransferDate = transferDate };
        await storage.Batches.TryInsertAsync(batchId, BatchRow, batch, cancellationToken);
        return await GetBatchAsync(batchId, cancellationToken);
    }

    /// <summary>
    /// Applies a change computed from the latest stored payout, retrying when a concurrent writer wins, and moves its
    /// index copies. <paramref name="change"/> returns null when the payout is not in a state it applies to; the
    /// result is then the payout as it is. Null when no such payout exists.
    /// </summary>
    public async Task<(Payout Payout, bool Changed)?> UpdateAsync(string id, Func<Payout, Payout?> change, CancellationToken cancellationToken = default)
    {
        if (await storage.Payouts.UpdateAsync(id, Row, change, cancellationToken) is not { } result)
        {
            return null;
        }

        if (result.Previous is { } previous)
        {
            await IndexAsync(result.Current.Value, previous.Status, cancellationToken);
        }

        return (result.Current.Value, result.Previous is not null);
    }

    /// <summary>Changes a batch's own row (its status and dates, never its contents), ETag-guarded like a payout.</summary>
    public async Task<(PayoutBatch Batch, bool Changed)?> UpdateBatchAsync(string batchId, Func<PayoutBatch, PayoutBatch?> change, CancellationToken cancellationToken = default) =>
        await storage.Batches.UpdateAsync(batchId, BatchRow, change, cancellationToken) is { } result ? (result.Current.Value, result.Previous is not null) : null;

    async Task TryClaimAsync(string payoutId, string batchId, BankAccount? bank, CancellationToken cancellationToken)
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
                await TryClaimAsync(payoutId, batchId, bank, cancellationToken);
                return;
            }
        }
        else if (payout.BatchId != batchId)
        {
            await storage.PayoutIndex.DeleteAsync(StatusPartition(PayoutStatus.Approved), payoutId, cancellationToken);
            return;
        }

        await storage.BatchItems.TryInsertAsync(batchId, payoutId, new BatchItem(payout, bank), cancellationToken);
        await IndexAsync(payout, PayoutStatus.Approved, cancellationToken);
    }

    async Task IndexAsync(Payout payout, PayoutStatus? previous, CancellationToken cancellationToken)
    {
        await storage.PayoutIndex.UpsertAsync(StatusPartition(payout.Status), payout.Id, payout, cancellationToken);
        await storage.PayoutIndex.UpsertAsync(PayeePartition(payout.PayeeId), payout.Id, payout, cancellationToken);
        await storage.PayoutIndex.UpsertAsync(YearPartition(payout.FiscalYear), payout.Id, payout, cancellationToken);
        if (previous is { } was && was != payout.Status)
        {
            await storage.PayoutIndex.DeleteAsync(StatusPartition(was), payout.Id, cancellationToken);
        }
    }

    static string PayeePartition(string payeeId) => $"payee|{payeeId}";

    static string StatusPartition(PayoutStatus status) => $"status|{status}";

    static string YearPartition(FiscalYear year) => $"year|{year.Year}";
}
