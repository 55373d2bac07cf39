using Azure;
using Azure.Data.Tables;
using Grants.Workflows.Applications;

namespace Grants.Workflows.Storage;

/// <summary>
/// The staff's lists by status: one partition of the application index whose rows are keyed <c>~{status}|{id}</c>, as a
/// person's partition is (<see cref="StatusKeyedIndex{T}"/>), so one status is one range, every status the whole partition,
/// and a status change one transaction (write the new row, delete the old) instead of a write and a delete. Copies written
/// before this partition existed sit in a partition per status (<c>status|{status}</c>, keyed by id): lists read them
/// beside it until they are moved (<see cref="MoveOldCopiesAsync"/>, on start), and a save that does not find the
/// application's row where it expects it deletes its old copy by key. Nothing here reads a partition to repair one.
/// </summary>
public sealed class ApplicationStatusIndex
{
    const string Partition = "status";

    readonly DocumentTable<Application> table;

    readonly DocumentTable<Application> applications;

    readonly StatusKeyedIndex<Application> rows;

    public ApplicationStatusIndex(DocumentTable<Application> table, DocumentTable<Application> applications)
    {
        (this.table, this.applications) = (table, applications);
        rows = new StatusKeyedIndex<Application>(table, a => a.Id, a => a.Status.ToString(), RepairAsync);
    }

    /// <summary>Set once this process has moved every copy out of the old partitions: lists then read the one partition alone.</summary>
    volatile bool oldCopiesMoved;

    /// <summary>Writes the application's row under its status; <paramref name="previous"/> is the application as its row was last written (null for a new one, which has none).</summary>
    public Task WriteAsync(Application? previous, Application current, CancellationToken cancellationToken) =>
        rows.WriteAsync(Partition, current, previous?.Status.ToString(), cancellationToken);

    /// <summary>
    /// The row was not under the previous status: written before this partition existed (then its copy is in the old
    /// partition, which goes now), or by a save a crash cut short before its copies.
    /// </summary>
    Task RepairAsync(TableEntity entity, Application current, string previousStatus, CancellationToken cancellationToken) =>
        Task.WhenAll(table.Client.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken), table.DeleteAsync(OldPartition(previousStatus), current.Id, cancellationToken));

    /// <summary>Removes the application's rows under <paramref name="statuses"/>, in this partition and the old ones; removing nothing is not an error.</summary>
    public Task RemoveAsync(string id, IEnumerable<ApplicationStatus> statuses, CancellationToken cancellationToken) =>
        Task.WhenAll(statuses.Distinct().SelectMany(status => new[] { table.DeleteAsync(Partition, Key(status, id), cancellationToken), table.DeleteAsync(OldPartition(status), id, cancellationToken) }));

    /// <summary>The applications with one status, in id order: one range of the partition (and, until they are moved, the old partition of the status).</summary>
    public async Task<List<Application>> ListAsync(ApplicationStatus status, CancellationToken cancellationToken)
    {
        var keyed = table.QueryPartitionAsync(Partition, Key(status, ""), cancellationToken).ToListAsync(cancellationToken).AsTask();
        var old = oldCopiesMoved ? Task.FromResult(new List<Application>()) : table.QueryPartitionAsync(OldPartition(status), cancellationToken).ToListAsync(cancellationToken).AsTask();
        return [.. (await keyed).Concat(await old).DistinctBy(a => a.Id).OrderBy(a => a.Id, StringComparer.Ordinal)];
    }

    /// <summary>Every application under every status: the whole partition (and, until they are moved, every old partition).</summary>
    public async Task<List<Application>> ListAllAsync(CancellationToken cancellationToken)
    {
        var keyed = table.QueryPartitionAsync(Partition, cancellationToken).ToListAsync(cancellationToken).AsTask();
        var old = oldCopiesMoved ? [] : await Task.WhenAll(Enum.GetValues<ApplicationStatus>().Select(s => table.QueryPartitionAsync(OldPartition(s), cancellationToken).ToListAsync(cancellationToken).AsTask()));
        return [.. (await keyed).Concat(old.SelectMany(l => l)).DistinctBy(a => (a.Id, a.Status))];
    }

    /// <summary>
    /// Moves every copy out of the old partitions into this one, each inserted unless a newer save wrote it already, then
    /// deleted where it was, and kept only while the application itself still has that status (a copy left stale by a crash
    /// goes); safe to repeat, and a move cut short is finished by the next. Run on start.
    /// </summary>
    public async Task MoveOldCopiesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(Enum.GetValues<ApplicationStatus>().Select(async status =>
            {
                await foreach (var application in table.QueryPartitionAsync(OldPartition(status), cancellationToken))
                {
                    await table.TryInsertAsync(Partition, Key(status, application.Id), application, cancellationToken);
                    await table.DeleteAsync(OldPartition(status), application.Id, cancellationToken);

                    // A save that moved the application meanwhile found no row here to delete and wrote its own: the moved copy goes.
                    if ((await applications.FindAsync(application.Id, ApplicationStore.Row, cancellationToken))?.Status != status)
                    {
                        await table.DeleteAsync(Partition, Key(status, application.Id), cancellationToken);
                    }
                }
            }));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No index table yet (a first start whose tables are created next): there is nothing to move.
        }

        oldCopiesMoved = true;
    }

    static string Key(ApplicationStatus status, string id) => StatusKeyedIndex<Application>.Key(status.ToString(), id);

    static string OldPartition(ApplicationStatus status) => OldPartition(status.ToString());

    static string OldPartition(string status) => $"status|{status}";
}
