using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace Grants.Workflows.Storage;

/// <summary>A value read from a table together with the ETag that guards the next update of it.</summary>
public sealed record Stored<T>(T Value, ETag ETag);

/// <summary>
/// A Table Storage table whose rows each hold one JSON document, keyed by partition and row.
/// Keeping the shape in JSON lets records evolve without a column mapping per type. Every key given here is written
/// through <see cref="TableKey.Encode"/>, so callers use people's sign-in names and other free text as keys as they are.
/// </summary>
public sealed class DocumentTable<T>(TableClient table)
{
    const string DataColumn = "Data";

    /// <summary>The most rows Table Storage returns in one page.</summary>
    const int MaxPage = 1000;

    public TableClient Client => table;

    public async Task<Stored<T>?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(TableKey.Encode(partitionKey), TableKey.Encode(rowKey), [DataColumn], cancellationToken);
        return response.HasValue ? new Stored<T>(Read(response.Value!), response.Value!.ETag) : null;
    }

    /// <summary>The row's value without its ETag, or null when there is no such row.</summary>
    public async Task<T?> FindAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default) =>
        await GetAsync(partitionKey, rowKey, cancellationToken) is { } stored ? stored.Value : default;

    /// <summary>Inserts the row unless one with the same keys exists; returns whether this call inserted it.</summary>
    public async Task<bool> TryInsertAsync(string partitionKey, string rowKey, T value, CancellationToken cancellationToken = default) =>
        await TryAddAsync(partitionKey, rowKey, value, cancellationToken) is not null;

    /// <summary>Inserts the row unless one with the same keys exists; returns the inserted row's ETag, so the caller need not read it back, or null when the row existed.</summary>
    public async Task<ETag?> TryAddAsync(string partitionKey, string rowKey, T value, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await table.AddEntityAsync(ToEntity(partitionKey, rowKey, value), cancellationToken);
            return response.Headers.ETag ?? default;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return null;
        }
    }

    public async Task<ETag> UpsertAsync(string partitionKey, string rowKey, T value, CancellationToken cancellationToken = default)
    {
        var response = await table.UpsertEntityAsync(ToEntity(partitionKey, rowKey, value), TableUpdateMode.Replace, cancellationToken);
        return response.Headers.ETag ?? default;
    }

    /// <summary>Replaces the row only if nobody changed it since it was read; a lost race throws with status 412.</summary>
    public async Task<ETag> ReplaceAsync(string partitionKey, string rowKey, T value, ETag ifMatch, CancellationToken cancellationToken = default)
    {
        var response = await table.UpdateEntityAsync(ToEntity(partitionKey, rowKey, value), ifMatch, TableUpdateMode.Replace, cancellationToken);
        return response.Headers.ETag ?? default;
    }

    /// <summary>
    /// Applies a change computed from the latest stored version, ETag-guarded, recomputing it when a concurrent writer
    /// wins. <paramref name="change"/> returns null when there is nothing to change. Null when the row does not exist.
    /// </summary>
    public async Task<(Stored<T> Current, T? Previous)?> UpdateAsync(string partitionKey, string rowKey, Func<T, T?> change, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var stored = await GetAsync(partitionKey, rowKey, cancellationToken);
            if (stored is null)
            {
                return null;
            }

            if (change(stored.Value) is not { } changed)
            {
                return (stored, default);
            }

            try
            {
                return (new Stored<T>(changed, await ReplaceAsync(partitionKey, rowKey, changed, stored.ETag, cancellationToken)), stored.Value);
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // Someone else saved first; decide again from what they saved.
            }
        }
    }

    /// <summary>Deletes the row if it is there; deleting a missing row is not an error, so retries are safe.</summary>
    public async Task DeleteAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        try
        {
            await table.DeleteEntityAsync(TableKey.Encode(partitionKey), TableKey.Encode(rowKey), ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }

    /// <summary>Reads one partition in row-key order; every list the API serves goes through here, so none scans a table.</summary>
    public async IAsyncEnumerable<T> QueryPartitionAsync(string partitionKey, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Encode(partitionKey)}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: [DataColumn], cancellationToken: cancellationToken))
        {
            yield return Read(entity);
        }
    }

    /// <summary>
    /// Reads one partition in row-key order in the largest pages, asking for the next page while the caller consumes
    /// this one: a large partition (a batch of 100,000 payouts) streams at the speed of the reads alone.
    /// </summary>
    public IAsyncEnumerable<T> StreamPartitionAsync(string partitionKey, CancellationToken cancellationToken = default) =>
        StreamAsync(TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Encode(partitionKey)}"), [DataColumn], Read, cancellationToken);

    /// <summary>Streams the rows of one partition from <paramref name="firstRowKey"/> to <paramref name="lastRowKey"/> (stored keys, as <see cref="StreamRowKeysAsync"/> gives them), in order.</summary>
    public IAsyncEnumerable<T> StreamRangeAsync(string partitionKey, string firstRowKey, string lastRowKey, CancellationToken cancellationToken = default) =>
        StreamAsync(TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Encode(partitionKey)} and RowKey ge {firstRowKey} and RowKey le {lastRowKey}"), [DataColumn], Read, cancellationToken);

    /// <summary>The stored (encoded) row keys of one partition, in order, reading no document.</summary>
    public IAsyncEnumerable<string> StreamRowKeysAsync(string partitionKey, CancellationToken cancellationToken = default) =>
        StreamAsync(TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Encode(partitionKey)}"), ["RowKey"], e => e.RowKey, cancellationToken);

    async IAsyncEnumerable<TOut> StreamAsync<TOut>(string filter, string[] columns, Func<TableEntity, TOut> read, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pages = table.QueryAsync<TableEntity>(filter, maxPerPage: MaxPage, select: columns, cancellationToken: cancellationToken).AsPages().GetAsyncEnumerator(cancellationToken);
        var next = pages.MoveNextAsync().AsTask();
        try
        {
            while (await next)
            {
                var page = pages.Current;
                next = pages.MoveNextAsync().AsTask();
                foreach (var entity in page.Values)
                {
                    yield return read(entity);
                }
            }
        }
        finally
        {
            // A caller that stops early (a cancelled download) leaves a page in flight: let it end before the enumerator goes.
            await next.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            await pages.DisposeAsync();
        }
    }

    /// <summary>Reads the rows of one partition whose row key starts with <paramref name="rowKeyPrefix"/>, in row-key order: one range of one partition.</summary>
    public async IAsyncEnumerable<T> QueryPartitionAsync(string partitionKey, string rowKeyPrefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var entity in table.QueryAsync<TableEntity>(RangeFilter(partitionKey, rowKeyPrefix), select: [DataColumn], cancellationToken: cancellationToken))
        {
            yield return Read(entity);
        }
    }

    /// <summary>As <see cref="QueryPartitionAsync(string, string, CancellationToken)"/>, each document as stored (its JSON), for a caller that writes it out as it is.</summary>
    public async IAsyncEnumerable<string> QueryPartitionJsonAsync(string partitionKey, string rowKeyPrefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var entity in table.QueryAsync<TableEntity>(RangeFilter(partitionKey, rowKeyPrefix), select: [DataColumn], cancellationToken: cancellationToken))
        {
            yield return entity.GetString(DataColumn) ?? throw new InvalidDataException($"Row {entity.PartitionKey}/{entity.RowKey} in {typeof(T).Name} holds no document.");
        }
    }

    static string RangeFilter(string partitionKey, string rowKeyPrefix)
    {
        // Keys are encoded character by character, so the encoded prefix is a prefix of every encoded key that starts with it.
        var start = TableKey.Encode(rowKeyPrefix);
        return TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Encode(partitionKey)} and RowKey ge {start} and RowKey lt {TableKey.After(start)}");
    }

    /// <summary>Reads the rows of one partition whose row key sorts before <paramref name="rowKeyBelow"/>, in row-key order: the start of one partition.</summary>
    public async IAsyncEnumerable<T> QueryPartitionBelowAsync(string partitionKey, string rowKeyBelow, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Encode(partitionKey)} and RowKey lt {TableKey.Encode(rowKeyBelow)}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: [DataColumn], cancellationToken: cancellationToken))
        {
            yield return Read(entity);
        }
    }

    /// <summary>
    /// Reads every row with this row key. Only for a table whose every row has that key (one row per partition, such as the
    /// batches), where it reads exactly the rows it returns.
    /// </summary>
    public async IAsyncEnumerable<T> QueryRowsKeyedAsync(string rowKey, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey eq {TableKey.Encode(rowKey)}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: [DataColumn], cancellationToken: cancellationToken))
        {
            yield return Read(entity);
        }
    }

    /// <summary>The row as stored, its keys encoded; for callers that write it in a transaction of their own.</summary>
    public static TableEntity ToEntity(string partitionKey, string rowKey, T value) =>
        new(TableKey.Encode(partitionKey), TableKey.Encode(rowKey)) { [DataColumn] = JsonSerializer.Serialize(value, GrantsJson.Options) };

    /// <summary>The document a row holds, for callers that read rows (with their keys) themselves.</summary>
    public static T Read(TableEntity entity) =>
        Deserialize(entity.GetString(DataColumn)) ?? throw new InvalidDataException($"Row {entity.PartitionKey}/{entity.RowKey} in {typeof(T).Name} holds no document.");

    /// <summary>The document a row's JSON holds (as <see cref="QueryPartitionJsonAsync"/> gives it), for callers that keep the JSON too.</summary>
    public static T Parse(string json) => Deserialize(json) ?? throw new InvalidDataException($"A row in {typeof(T).Name} holds no document.");

    static T? Deserialize(string json) => JsonSerializer.Deserialize<T>(json, GrantsJson.Options);
}
