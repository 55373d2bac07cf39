using Azure;
using Azure.Data.Tables;

namespace Grants.Workflows.Storage;

/// <summary>
/// Index partitions of one person's items (an applicant's applications, a payee's payouts) whose rows are keyed
/// <c>~{status}|{id}</c>: "mine" is the whole partition and "mine with this status" one range of it, so neither reads a
/// row it does not return. A status change moves the row with one transaction of the partition (write the new, delete the
/// old). Rows written before this key existed are keyed by id alone (they sort before <c>~</c>); they are still read, and
/// the first write that does not find the row where it expects it replaces whatever rows the item has, in one transaction
/// (or, for an index too large to read to repair, does what <c>repair</c> says instead).
/// </summary>
/// <param name="repair">What a write that does not find the row where it expects it does instead of reading the partition: given the row to write, the item and the status its row was expected under.</param>
public sealed class StatusKeyedIndex<T>(DocumentTable<T> table, Func<T, string> idOf, Func<T, string> statusOf, Func<TableEntity, T, string, CancellationToken, Task>? repair = null)
{
    const string Mark = "~";

    /// <summary>Writes the item's row. <paramref name="previousStatus"/> is the status its row was last written under; null for a new item, which has no row yet.</summary>
    public async Task WriteAsync(string partition, T item, string? previousStatus, CancellationToken cancellationToken)
    {
        var entity = DocumentTable<T>.ToEntity(partition, Key(statusOf(item), idOf(item)), item);
        try
        {
            if (previousStatus is null)
            {
                await table.Client.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
            }
            else if (previousStatus == statusOf(item))
            {
                // Replace (not upsert): it fails when the row is not where it should be, which sends this write to the repair below.
                await table.Client.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Replace, cancellationToken);
            }
            else
            {
                var former = new TableEntity(entity.PartitionKey, TableKey.Encode(Key(previousStatus, idOf(item))));
                await table.Client.SubmitTransactionAsync([new(TableTransactionActionType.UpsertReplace, entity), new(TableTransactionActionType.Delete, former, ETag.All)], cancellationToken);
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            await (repair is null ? ReplaceAllAsync(entity, idOf(item), cancellationToken) : repair(entity, item, previousStatus!, cancellationToken));
        }
    }

    /// <summary>Removes the item's rows from a partition it no longer belongs in (a person no longer named on it); removing nothing is not an error.</summary>
    public async Task RemoveAsync(string partition, string id, string status, CancellationToken cancellationToken) =>
        await Task.WhenAll(table.DeleteAsync(partition, Key(status, id), cancellationToken), table.DeleteAsync(partition, id, cancellationToken));

    /// <summary>Every item in the partition; an item caught with two rows by concurrent writers is returned once, as <paramref name="newest"/> picks.</summary>
    public async Task<List<T>> ListAsync(string partition, Func<IEnumerable<T>, T> newest, CancellationToken cancellationToken) =>
        (await table.QueryPartitionAsync(partition, cancellationToken).ToListAsync(cancellationToken)).GroupBy(idOf).Select(newest).ToList();

    /// <summary>The items with one status: one range of the partition, plus the rows written before status keys (normally none).</summary>
    public async Task<List<T>> ListAsync(string partition, string status, CancellationToken cancellationToken)
    {
        var keyed = table.QueryPartitionAsync(partition, $"{Mark}{status}|", cancellationToken).ToListAsync(cancellationToken).AsTask();
        var older = table.QueryPartitionBelowAsync(partition, Mark, cancellationToken).Where(i => statusOf(i) == status).ToListAsync(cancellationToken).AsTask();
        return [.. await keyed, .. await older];
    }

    /// <summary>Makes <paramref name="entity"/> the item's only row in its partition: one transaction writes it and deletes every other row of the item, as read just before.</summary>
    async Task ReplaceAllAsync(TableEntity entity, string id, CancellationToken cancellationToken)
    {
        var encodedId = TableKey.Encode(id);
        for (var attempt = 0; ; attempt++)
        {
            var stale = new List<TableTransactionAction>();
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {entity.PartitionKey}");
            await foreach (var row in table.Client.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                var rowId = row.RowKey.StartsWith(Mark, StringComparison.Ordinal) && row.RowKey.IndexOf('|', StringComparison.Ordinal) is var bar and > 0 ? row.RowKey[(bar + 1)..] : row.RowKey;
                if (rowId == encodedId && row.RowKey != entity.RowKey)
                {
                    stale.Add(new(TableTransactionActionType.Delete, row, row.ETag));
                }
            }

            try
            {
                await table.Client.SubmitTransactionAsync([new(TableTransactionActionType.UpsertReplace, entity), .. stale], cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412 && attempt < 5)
            {
                // A concurrent write moved a row between the read and the transaction: read again.
            }
        }
    }

    /// <summary>The row key of an item with this status, for a caller that writes many rows in transactions of its own.</summary>
    public static string Key(string status, string id) => $"{Mark}{status}|{id}";
}
