using Grants.Workflows.People;

namespace Grants.Workflows.Storage;

/// <summary>
/// The institute's directory of people, keyed by sign-in name, all in one partition so it can be listed and searched.
/// Workflow steps read people through <see cref="FindRecentAsync"/> (a short-lived cache); access checks and edits read storage.
/// </summary>
public sealed class PeopleDirectory(GrantsStorage storage)
{
    const string Partition = "person";

    readonly ReferenceCache<Person> cache = new();

    public Task<Person?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        storage.People.FindAsync(Partition, id, cancellationToken);

    /// <summary>
    /// The person as read at most 30 s ago (<see cref="ReferenceCache{T}"/>), or as changed since through this process: for
    /// the names, addresses and positions a workflow step mails and judges, which every step would otherwise read again.
    /// </summary>
    public Task<Person?> FindRecentAsync(string id, CancellationToken cancellationToken = default) =>
        cache.GetAsync(id, () => FindAsync(id, cancellationToken));

    public async Task<Stored<Person>?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        await storage.People.GetAsync(Partition, id, cancellationToken);

    public async Task UpsertAsync(Person person, CancellationToken cancellationToken = default)
    {
        cache.Forget(person.Id);
        await storage.People.UpsertAsync(Partition, person.Id, person, cancellationToken);
        cache.Forget(person.Id);
    }

    /// <summary>Adds a person unless someone with the same sign-in name is there; returns whether this call added them.</summary>
    public Task<bool> TryAddAsync(Person person, CancellationToken cancellationToken = default) =>
        storage.People.TryInsertAsync(Partition, person.Id, person, cancellationToken);

    /// <summary>Replaces a person only if their row still has the ETag <paramref name="ifMatch"/>; a lost race throws with status 412.</summary>
    public async Task<Azure.ETag> ReplaceAsync(Person person, Azure.ETag ifMatch, CancellationToken cancellationToken = default)
    {
        cache.Forget(person.Id);
        var etag = await storage.People.ReplaceAsync(Partition, person.Id, person, ifMatch, cancellationToken);
        cache.Forget(person.Id);
        return etag;
    }

    /// <summary>Everyone, in sign-in name order: one partition read.</summary>
    public IAsyncEnumerable<Person> ListAsync(CancellationToken cancellationToken = default) =>
        storage.People.QueryPartitionAsync(Partition, cancellationToken);
}
