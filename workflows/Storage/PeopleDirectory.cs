using Azure;
using Azure.Data.Tables;
using Grants.Workflows.People;

namespace Grants.Workflows.Storage;

/// <summary>
/// The institute's directory of people, keyed by sign-in name, all in one partition so it can be listed and searched.
/// Every write also touches a change stamp beside that partition, so a copy of the directory kept in memory
/// (<see cref="PeopleSnapshot"/>) knows from one point read whether it is still the directory. Workflow steps read one
/// person from that copy (<see cref="PeopleSnapshot.FindAsync"/>); edits read storage.
/// </summary>
public sealed class PeopleDirectory(GrantsStorage storage)
{
    const string Partition = "person";

    readonly ChangeStamp stamp = new(storage.People.Client, "directory");

    /// <summary>How many writes went through this instance; a copy of the directory read since none went through can skip asking the stamp for a while.</summary>
    public long Writes => stamp.Writes;

    public Task<Person?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        storage.People.FindAsync(Partition, id, cancellationToken);

    public async Task<Stored<Person>?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        await storage.People.GetAsync(Partition, id, cancellationToken);

    public async Task UpsertAsync(Person person, CancellationToken cancellationToken = default)
    {
        await storage.People.UpsertAsync(Partition, person.Id, person, cancellationToken);
        await StampChangeAsync(cancellationToken);
    }

    /// <summary>Adds a person unless someone with the same sign-in name is there; returns whether this call added them.</summary>
    public async Task<bool> TryAddAsync(Person person, CancellationToken cancellationToken = default)
    {
        var added = await storage.People.TryInsertAsync(Partition, person.Id, person, cancellationToken);
        if (added)
        {
            await StampChangeAsync(cancellationToken);
        }

        return added;
    }

    /// <summary>Replaces a person only if their row still has the ETag <paramref name="ifMatch"/>; a lost race throws with status 412.</summary>
    public async Task<ETag> ReplaceAsync(Person person, ETag ifMatch, CancellationToken cancellationToken = default)
    {
        var etag = await storage.People.ReplaceAsync(Partition, person.Id, person, ifMatch, cancellationToken);
        await StampChangeAsync(cancellationToken);
        return etag;
    }

    /// <summary>Everyone, in sign-in name order: one partition read.</summary>
    public IAsyncEnumerable<Person> ListAsync(CancellationToken cancellationToken = default) =>
        storage.People.QueryPartitionAsync(Partition, cancellationToken);

    /// <summary>
    /// A value that differs after every write since it was read (the stamp row's ETag; empty before the first write).
    /// Read it before <see cref="ListAsync"/>: a write the list missed has then changed it.
    /// </summary>
    public Task<ETag> ChangeStampAsync(CancellationToken cancellationToken = default) => stamp.ReadAsync(cancellationToken);

    Task StampChangeAsync(CancellationToken cancellationToken) => stamp.MoveAsync(cancellationToken);
}
