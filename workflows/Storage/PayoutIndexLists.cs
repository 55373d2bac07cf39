using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;

namespace Grants.Workflows.Storage;

/// <summary>The payout index's lists, and the move of the copies written before its one partition existed.</summary>
public sealed partial class PayoutIndex
{
    /// <summary>The payouts with one status, in id order: one range of the partition.</summary>
    public IAsyncEnumerable<Payout> ListByStatusAsync(PayoutStatus status, CancellationToken cancellationToken) =>
        WithOldCopies(table.QueryPartitionAsync(Partition, StatusKey(status, ""), cancellationToken), () => table.QueryPartitionAsync(OldStatusPartition(status), cancellationToken), cancellationToken);

    /// <summary>Every payout charged to a fiscal year, whatever its status, in id order: one range of the partition.</summary>
    public IAsyncEnumerable<Payout> ListByFiscalYearAsync(FiscalYear year, CancellationToken cancellationToken) =>
        WithOldCopies(table.QueryPartitionAsync(Partition, YearPrefix(year), cancellationToken), () => table.QueryPartitionAsync(OldYearPartition(year), cancellationToken), cancellationToken);

    /// <summary>The payee's payouts, in id order: one range of the partition (ordered by status, so sorted here).</summary>
    public async Task<List<Payout>> ListByPayeeAsync(string payeeId, CancellationToken cancellationToken) =>
        await WithOldCopies(table.QueryPartitionAsync(Partition, PayeePrefix(payeeId), cancellationToken), () => table.QueryPartitionAsync(OldPayeePartition(payeeId), cancellationToken), cancellationToken)
            .OrderBy(p => p.Id, StringComparer.Ordinal).ToListAsync(cancellationToken);

    /// <summary>The payee's payouts with one status, in id order: one narrower range of the partition.</summary>
    public async Task<List<Payout>> ListByPayeeAsync(string payeeId, PayoutStatus status, CancellationToken cancellationToken) =>
        await WithOldCopies(
            table.QueryPartitionAsync(Partition, PayeeKey(payeeId, status, ""), cancellationToken),
            // In a payee's old partition, rows written before status keys were keyed by id alone, sorting before "~".
            () => table.QueryPartitionAsync(OldPayeePartition(payeeId), StatusKey(status, ""), cancellationToken)
                .Concat(table.QueryPartitionBelowAsync(OldPayeePartition(payeeId), "~", cancellationToken).Where(p => p.Status == status)),
            cancellationToken).ToListAsync(cancellationToken);

    /// <summary>
    /// The list read from this partition, and until the old copies are moved, the old partition's copies of payouts it
    /// does not hold, all in id order. This partition's copy wins: it is projected from the record by this code, after
    /// any copy written before; of two old copies of one payout (concurrent steps crossed), the one furthest along stands.
    /// </summary>
    IAsyncEnumerable<Payout> WithOldCopies(IAsyncEnumerable<Payout> current, Func<IAsyncEnumerable<Payout>> old, CancellationToken cancellationToken) =>
        oldCopiesMoved ? current : MergeAsync(current, old(), cancellationToken);

    static async IAsyncEnumerable<Payout> MergeAsync(IAsyncEnumerable<Payout> current, IAsyncEnumerable<Payout> old, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reading = old.ToListAsync(cancellationToken).AsTask();
        var listed = await current.ToListAsync(cancellationToken);
        var held = listed.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var older = (await reading).Where(p => !held.Contains(p.Id)).GroupBy(p => p.Id).Select(copies => copies.MaxBy(p => p.Status)!);
        foreach (var payout in listed.Concat(older).OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            yield return payout;
        }
    }

    /// <summary>
    /// Moves every copy out of the old partitions. For each payout found there, its rows are inserted here from its record
    /// as it is now (nothing is written when a projection put them here first: they stand, kept current by it), then the
    /// record is read again and projected anew if it changed meanwhile; only then does the old copy go, so no list loses the
    /// payout while it moves. A copy whose payout has no record goes too. Safe to repeat, to cut short (the next start
    /// finishes it) and beside another process's move. Run on start, before requests are served.
    /// </summary>
    public async Task MoveOldCopiesAsync(CancellationToken cancellationToken)
    {
        if (!await TableExistsAsync(cancellationToken))
        {
            // A first start whose tables are created next: there is nothing to move.
            oldCopiesMoved = true;
            return;
        }

        var moves = new ConcurrentDictionary<string, Lazy<Task>>(StringComparer.Ordinal);
        var options = new ParallelOptions { MaxDegreeOfParallelism = BulkParallelism, CancellationToken = cancellationToken };
        foreach (var kind in new[] { "status|", "payee|", "year|" })
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey ge {kind} and PartitionKey lt {TableKey.After(kind)}");
            var copies = table.Client.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey", "Data"], cancellationToken: cancellationToken);
            await Parallel.ForEachAsync(copies, options, async (copy, token) =>
            {
                var id = DocumentTable<Payout>.Read(copy).Id;
                await moves.GetOrAdd(id, _ => new Lazy<Task>(() => MoveInAsync(id, token))).Value;
                try
                {
                    await table.Client.DeleteEntityAsync(copy.PartitionKey, copy.RowKey, ETag.All, token);
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    // A projection that repaired the payout meanwhile deleted it already.
                }
            });
        }

        oldCopiesMoved = true;
    }

    /// <summary>Inserts the payout's rows here from its record, unless they are here already, and projects the record again if it changed meanwhile.</summary>
    async Task MoveInAsync(string id, CancellationToken cancellationToken)
    {
        if (await records.GetAsync(id, PayoutStore.Row, cancellationToken) is not { } stored)
        {
            return;
        }

        try
        {
            await table.Client.SubmitTransactionAsync(Actions(stored.Value, previous: null), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return;
        }

        if (await records.GetAsync(id, PayoutStore.Row, cancellationToken) is { } now && now.ETag != stored.ETag)
        {
            await ProjectAsync(now, stored.Value.Status, cancellationToken);
        }
    }

    async Task<bool> TableExistsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
            await table.Client.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken).AsPages().FirstOrDefaultAsync(cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    /// <summary>Deletes every copy the payout can have in the old partitions, by key; deleting nothing is not an error.</summary>
    Task DeleteOldCopiesAsync(Payout payout, CancellationToken cancellationToken) =>
        Task.WhenAll(Statuses
            .SelectMany(s => new[] { table.DeleteAsync(OldStatusPartition(s), payout.Id, cancellationToken), table.DeleteAsync(OldPayeePartition(payout.PayeeId), StatusKey(s, payout.Id), cancellationToken) })
            .Append(table.DeleteAsync(OldPayeePartition(payout.PayeeId), payout.Id, cancellationToken))
            .Append(table.DeleteAsync(OldYearPartition(payout.FiscalYear), payout.Id, cancellationToken)));

    static string OldStatusPartition(PayoutStatus status) => $"status|{status}";

    /// <summary>A payee's old partition, whose rows were keyed <c>~{status}|{id}</c> (before that, by id alone).</summary>
    static string OldPayeePartition(string payeeId) => $"payee|{payeeId}";

    static string OldYearPartition(FiscalYear year) => $"year|{year.Year}";
}
