using Grants.Workflows.People;

namespace Grants.Workflows.Storage;

/// <summary>The institute's directory of people, keyed by sign-in name.</summary>
public sealed class PeopleDirectory(GrantsStorage storage)
{
    const string Partition = "person";

    public async Task<Person?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        (await storage.People.GetAsync(Partition, id, cancellationToken))?.Value;

    public Task UpsertAsync(Person person, CancellationToken cancellationToken = default) =>
        storage.People.UpsertAsync(Partition, person.Id, person, cancellationToken);
}
