using Grants.Workflows.People;

namespace Grants.Workflows.Storage;

/// <summary>The institute's directory of people, keyed by sign-in name, all in one partition so it can be listed and searched.</summary>
public sealed class PeopleDirectory(GrantsStorage storage)
{
    const string Partition = "person";

    long changes;

    /// <summary>How many times this process has written the directory; a copy read before a change is stale (see <see cref="People.PeopleNames"/>).</summary>
    public long Changes => Interlocked.Read(ref changes);

    public Task<Person?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        storage.People.FindAsync(Partition, id, cancellationToken);

    public async Task<Stored<Person>?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        await storage.People.GetAsync(Partition, id, cancellationToken);

    public async Task UpsertAsync(Person person, CancellationToken cancellationToken = default)
    {
        await storage.People.UpsertAsync(Partition, person.Id, person, cancellationToken);
        Interlocked.Increment(ref changes);
    }

    /// <summary>Adds a person unless someone with the same sign-in name is there; returns whether this call added them.</summary>
    public async Task<bool> TryAddAsync(Person person, CancellationToken cancellationToken = default)
    {
        var added = await storage.People.TryInsertAsync(Partition, person.Id, person, cancellationToken);
        Interlocked.Increment(ref changes);
        return added;
    }

    /// <summary>Replaces a person only if their row still has the ETag <paramref name="ifMatch"/>; a lost race throws with status 412.</summary>
    public async Task<Azure.ETag> ReplaceAsync(Person person, Azure.ETag ifMatch, CancellationToken cancellationToken = default)
    {
        var etag = await storage.People.ReplaceAsync(Partition, person.Id, person, ifMatch, cancellationToken);
        Interlocked.Increment(ref changes);
        return etag;
    }

    /// <summary>Everyone, in sign-in name order: one partition read.</summary>
    public IAsyncEnumerable<Person> ListAsync(CancellationToken cancellationToken = default) =>
        storage.People.QueryPartitionAsync(Partition, cancellationToken);
}
