using Grants.Workflows.People;

namespace Grants.Workflows.Storage;

/// <summary>The institute's directory of people, keyed by sign-in name, all in one partition so it can be listed and searched.</summary>
public sealed class PeopleDirectory(GrantsStorage storage)
{
    const string Partition = "person";

    public Task<Person?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        storage.People.FindAsync(Partition, id, cancellationToken);

    public async Task<Stored<Person>?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        await storage.People.GetAsync(Partition, id, cancellationToken);

    public Task UpsertAsync(Person person, CancellationToken cancellationToken = default) =>
        storage.People.UpsertAsync(Partition, person.Id, person, cancellationToken);

    /// <summary>Adds a person unless someone with the same sign-in name is there; returns whether this call added them.</summary>
    public Task<bool> TryAddAsync(Person person, CancellationToken cancellationToken = default) =>
        storage.People.TryInsertAsync(Partition, person.Id, person, cancellationToken);

    /// <summary>Replaces a person only if their row still has the ETag <paramref name="ifMatch"/>; a lost race throws with status 412.</summary>
    public Task<Azure.ETag> ReplaceAsync(Person person, Azure.ETag ifMatch, CancellationToken cancellationToken = default) =>
        storage.People.ReplaceAsync(Partition, person.Id, person, ifMatch, cancellationToken);

    /// <summary>Everyone, in sign-in name order: one partition read.</summary>
    public IAsyncEnumerable<Person> ListAsync(CancellationToken cancellationToken = default) =>
        storage.People.QueryPartitionAsync(Partition, cancellationToken);
}
