using Azure;
using Azure.Data.Tables;

namespace Grants.Workflows.Storage;

/// <summary>
/// A row beside a set of rarely changed rows (the directory, the catalog, the funds) whose ETag moves after every change to
/// them, and how many changes went through this process: what a <see cref="StampedCopy{T}"/> of those rows asks to know
/// whether it is still current. Moved after the change it stamps, so a reader that sees the old stamp may have missed the
/// change but sees the new stamp next time; counted after it is stored, so a reader in this process that sees the count
/// move also finds the new stamp.
/// </summary>
public sealed class ChangeStamp(TableClient table, string partition)
{
    const string Row = "changed";

    long writes;

    /// <summary>How many changes went through this process: a copy checked since none went through may skip asking the stamp for a while.</summary>
    public long Writes => Interlocked.Read(ref writes);

    /// <summary>A value that differs after every stamped change (the row's ETag; empty before the first). Read it before the rows it stamps.</summary>
    public async Task<ETag> ReadAsync(CancellationToken cancellationToken = default)
    {
        var stamp = await table.GetEntityIfExistsAsync<TableEntity>(partition, Row, ["PartitionKey"], cancellationToken);
        return stamp.HasValue ? stamp.Value!.ETag : default;
    }

    /// <summary>Moves the stamp, after a change to the rows it stamps.</summary>
    public async Task MoveAsync(CancellationToken cancellationToken = default)
    {
        await table.UpsertEntityAsync(new TableEntity(partition, Row), TableUpdateMode.Replace, cancellationToken);
        Interlocked.Increment(ref writes);
    }
}
