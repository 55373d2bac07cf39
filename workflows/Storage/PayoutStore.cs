using Azure;
using Azure.Data.Tables;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;
using Grants.Workflows.Payouts.Zengin;
using Grants.Workflows.People;

namespace Grants.Workflows.Storage;

/// <summary>
/// Payouts and batches. A payout's row is the only truth (partition = its id); its copies in the payout index — by
/// status, by payee and by fiscal year, all in one partition (<see cref="PayoutIndex"/>) — serve the lists and are projected
/// from the row as it is now after every step, also a step that had already applied, so repeating an interrupted step
/// repairs them. A batch claims each payout with an ETag-guarded update, so a payout can be claimed by one batch only, and
/// the batch's contents are its own partition of batch items.
/// </summary>
public sealed class PayoutStore(GrantsStorage storage)
{
    internal const string Row = "payout";
    const string BatchRow = "batch";

    readonly PayoutIndex index = new(storage.PayoutIndex, storage.Payouts);

    public Task<Payout?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        storage.Payouts.FindAsync(id, Row, cancellationToken);

    /// <summary>
    /// Creates the payout unless it exists; returns the stored one either way. A payout this call inserted has no copy
    /// yet, so its three copies are inserted by one transaction from the inserted value, without reading it back (see
    /// <see cref="PayoutIndex"/> for why a writer that changed it meanwhile is never undone); one that existed (a repeated
    /// step) is projected as it is now, repairing what a crash left.
    /// </summary>
    public async Task<Payout> CreateIfMissingAsync(Payout payout, CancellationToken cancellationToken = default)
    {
        if (await storage.Payouts.TryInsertAsync(payout.Id, Row, payout, cancellationToken))
        {
            await index.AddAsync(payout, cancellationToken);
            return payout;
        }

        return await ProjectAsync(payout.Id, cancellationToken) ?? payout;
    }

    /// <summary>The payee's payouts, in id order: one range of the index.</summary>
    public async IAsyncEnumerable<Payout> ListByPayeeAsync(string payeeId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var payout in await index.ListByPayeeAsync(payeeId, cancellationToken))
        {
            yield return payout;
        }
    }

    /// <summary>The payee's payouts with one status: one range of the index.</summary>
    public Task<List<Payout>> ListByPayeeAsync(string payeeId, PayoutStatus status, CancellationToken cancellationToken = default) =>
        index.ListByPayeeAsync(payeeId, status, cancellationToken);

    /// <summary>The payouts with one status, in id order: one range of the index.</summary>
    public IAsyncEnumerable<Payout> ListByStatusAsync(PayoutStatus status, CancellationToken cancellationToken = default) =>
        index.ListByStatusAsync(status, cancellationToken);

    /// <summary>Moves the index copies written before the index's one partition existed into it (<see cref="PayoutIndex.MoveOldCopiesAsync"/>); run on start.</summary>
    public Task MoveOldIndexCopiesAsync(CancellationToken cancellationToken = default) => index.MoveOldCopiesAsync(cancellationToken);

    public Task<PayoutBatch?> GetBatchAsync(string batchId, CancellationToken cancellationToken = default) =>
        storage.Batches.FindAsync(batchId, BatchRow, cancellationToken);

    /// <summary>Every batch (the batches table holds one batch row per partition and nothing else), newest first.</summary>
    public async Task<List<PayoutBatch>> ListBatchesAsync(CancellationToken cancellationToken = default) =>
        (await storage.Batches.QueryRowsKeyedAsync(BatchRow, cancellationToken).ToListAsync(cancellationToken)).OrderByDescending(b => b.CreatedAt).ToList();

    /// <summary>The payouts a batch holds, as they were when it claimed them, in payout-id order.</summary>
    public IAsyncEnumerable<Payout> ListBatchItemsAsync(string batchId, CancellationToken cancellationToken = default) =>
        ListBatchContentsAsync(batchId, cancellationToken).Select(i => i.Payout);

    /// <summary>A batch's frozen contents: each payout with the bank account it is paid to, in payout-id order.</summary>
    public IAsyncEnumerable<BatchItem> ListBatchContentsAsync(string batchId, CancellationToken cancellationToken = default) =>
        storage.BatchItems.StreamPartitionAsync(batchId, cancellationToken);

    /// <summary>
    /// Splits a batch's contents into runs of at most <paramref name="size"/> payouts by payout id, reading only the
    /// keys, so bulk steps can work on the runs side by side.
    /// </summary>
    public async Task<IReadOnlyList<BatchChunk>> ListBatchChunksAsync(string batchId, int size, CancellationToken cancellationToken = default)
    {
        var chunks = new List<BatchChunk>();
        var (first, last, count) = ((string?)null, "", 0);
        await foreach (var key in storage.BatchItems.StreamRowKeysAsync(batchId, cancellationToken))
        {
            (first, last, count) = (first ?? key, key, count + 1);
            if (count == size)
            {
                chunks.Add(new BatchChunk(batchId, first, last));
                (first, count) = (null, 0);
            }
        }

        if (first is not null)
        {
            chunks.Add(new BatchChunk(batchId, first, last));
        }

        return chunks;
    }

    /// <summary>One run of a batch's frozen contents, in payout-id order.</summary>
    public IAsyncEnumerable<BatchItem> ListBatchChunkAsync(BatchChunk chunk, CancellationToken cancellationToken = default) =>
        storage.BatchItems.StreamRangeAsync(chunk.BatchId, chunk.First, chunk.Last, cancellationToken);

    /// <summary>Every payout charged to a fiscal year, whatever its status: one range of the index.</summary>
    public IAsyncEnumerable<Payout> ListByFiscalYearAsync(FiscalYear year, CancellationToken cancellationToken = default) =>
        index.ListByFiscalYearAsync(year, cancellationToken);

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

        // An attempt cut short may have left an item whose claim then went to another batch: only what the records
        // say is in this batch is counted, and the contents are frozen with it.
        var count = 0;
        var total = Yen.Zero;
        var zenginWritable = true;
        await foreach (var item in ListBatchContentsAsync(batchId, cancellationToken))
        {
            if ((await GetAsync(item.Payout.Id, cancellationToken))?.BatchId != batchId)
            {
                await storage.BatchItems.DeleteAsync(batchId, item.Payout.Id, cancellationToken);
                continue;
            }

            await ProjectAsync(item.Payout.Id, cancellationToken);
            count++;
            total += item.Payout.Amount;
            zenginWritable &= !ZenginFile.CheckItem(item).Any();
        }

        if (count == 0)
        {
            return null;
        }

        // Checked once while the contents freeze, so a Zengin download is a single pass that writes as it reads.
        var batch = new PayoutBatch(batchId, at, createdBy, count, total)
        {
            TransferDate = transferDate,
            ZenginWritable = zenginWritable && ZenginFile.FitsTrailer(count, total.Value),
        };
        await storage.Batches.TryInsertAsync(batchId, BatchRow, batch, cancellationToken);
        return await GetBatchAsync(batchId, cancellationToken);
    }

    /// <summary>
    /// Applies a change computed from the latest stored payout, retrying when a concurrent writer wins, then projects
    /// its index copies from the record whether or not this call changed it. <paramref name="change"/> returns null
    /// when the payout is not in a state it applies to; the result is then the payout as it is. Null when no such payout exists.
    /// </summary>
    public async Task<(Payout Payout, bool Changed)?> UpdateAsync(string id, Func<Payout, Payout?> change, CancellationToken cancellationToken = default)
    {
        if (await storage.Payouts.UpdateAsync(id, Row, change, cancellationToken) is not { } result)
        {
            return null;
        }

        // A change this call made moves the copies from its previous status; a step that finds its change already made
        // (a repeat after a crash) puts them right under the status it has, repairing them when they are not there.
        var changed = result.Previous is not null;
        var projected = await index.ProjectAsync(result.Current, (result.Previous ?? result.Current.Value).Status, cancellationToken);
        return (projected ?? result.Current.Value, changed);
    }

    /// <summary>
    /// Changes a payout's record only, as <see cref="UpdateAsync"/> does; the caller projects its copies afterwards,
    /// many at once (<see cref="ProjectManyAsync"/>). Null when no such payout exists.
    /// </summary>
    public async Task<Stored<Payout>?> ChangeRecordAsync(string id, Func<Payout, Payout?> change, CancellationToken cancellationToken = default) =>
        (await storage.Payouts.UpdateAsync(id, Row, change, cancellationToken))?.Current;

    /// <summary>
    /// Projects the index copies of many payouts at once, as <see cref="ProjectAsync"/> does one: each moved from its copies
    /// under <paramref name="before"/>, twenty payouts to a transaction; then each record is read again and one that changed
    /// meanwhile (a concurrent step) is projected again alone.
    /// </summary>
    public Task ProjectManyAsync(IReadOnlyCollection<Stored<Payout>> records, PayoutStatus before, CancellationToken cancellationToken = default) =>
        index.ProjectManyAsync(records, before, cancellationToken);

    /// <summary>
    /// Makes every index copy of a payout say what its record says now, in one transaction, repairing whatever a crash or a
    /// concurrent step left. If the record changed meanwhile, the newer record is projected again, so the last writer's
    /// copies stand. Returns the record projected, or null when there is none.
    /// </summary>
    public async Task<Payout?> ProjectAsync(string id, CancellationToken cancellationToken = default) =>
        await storage.Payouts.GetAsync(id, Row, cancellationToken) is { } stored ? await index.ProjectAsync(stored, stored.Value.Status, cancellationToken) : null;

    /// <summary>Changes a batch's own row (its status and dates, never its contents), ETag-guarded like a payout.</summary>
    public async Task<(PayoutBatch Batch, bool Changed)?> UpdateBatchAsync(string batchId, Func<PayoutBatch, PayoutBatch?> change, CancellationToken cancellationToken = default) =>
        await storage.Batches.UpdateAsync(batchId, BatchRow, change, cancellationToken) is { } result ? (result.Current.Value, result.Previous is not null) : null;

    /// <summary>
    /// Claims one payout for a batch: the batch's item first, then the ETag-guarded claim on the record, so a record
    /// that names a batch always has its item there, whatever point a crash stops this at.
    /// </summary>
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
            await storage.BatchItems.TryInsertAsync(batchId, payoutId, new BatchItem(payout, bank), cancellationToken);
            ETag claimed;
            try
            {
                claimed = await storage.Payouts.ReplaceAsync(payoutId, Row, payout, stored.ETag, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // Someone claimed it first: another batch, or this same batch requested again concurrently. Read it
                // again and decide from that.
                await TryClaimAsync(payoutId, batchId, bank, cancellationToken);
                return;
            }

            await index.ProjectAsync(new Stored<Payout>(payout, claimed), PayoutStatus.Approved, cancellationToken);
            return;
        }

        if (payout.BatchId != batchId)
        {
            // Another batch has it (this batch's item, if an earlier attempt wrote one, goes), or a stale approved
            // copy led here: the record says where the payout is; make the lists say so too.
            await storage.BatchItems.DeleteAsync(batchId, payoutId, cancellationToken);
        }
        else
        {
            await storage.BatchItems.TryInsertAsync(batchId, payoutId, new BatchItem(payout, bank), cancellationToken);
        }

        // Claimed before (a repeated attempt) or by another batch: the copies may be anywhere a crash left them.
        await index.ProjectAsync(stored, payout.Status, cancellationToken);
    }
}
