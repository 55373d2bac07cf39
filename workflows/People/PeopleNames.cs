using Grants.Workflows.Storage;

namespace Grants.Workflows.People;

/// <summary>
/// The names people read in place of sign-in ids. Lists name everyone on them from one copy of the directory (one
/// partition read), kept for <see cref="KeptFor"/> and dropped as soon as this process changes the directory, so a
/// list of a hundred rows costs no read per row. Another instance's rename shows here within <see cref="KeptFor"/>; a
/// person the copy does not know yet (added elsewhere since) is read once on their own.
/// </summary>
public sealed class PeopleNames(PeopleDirectory directory, TimeProvider clock)
{
    /// <summary>How long a copy of the directory's names is used before it is read again.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(1);

    sealed record Copy(Dictionary<string, string?> Names, long Changes, DateTimeOffset ReadAt);

    Copy? copy;

    /// <summary>The names of <paramref name="ids"/> (nulls and blanks skipped), for looking up with <see cref="NameBook"/>.</summary>
    public async Task<NameBook> ForAsync(IEnumerable<string?> ids, CancellationToken cancellationToken = default)
    {
        var current = await CurrentAsync(cancellationToken);
        var wanted = new Dictionary<string, string?>();
        foreach (var id in ids.Where(id => !string.IsNullOrEmpty(id)).Select(id => id!).Distinct())
        {
            string? name;
            bool known;
            lock (current.Names)
            {
                known = current.Names.TryGetValue(id, out name);
            }

            if (!known)
            {
                name = (await directory.FindAsync(id, cancellationToken))?.Name;
                lock (current.Names)
                {
                    // Remembered even when absent ("system", someone not in the directory) so it is not read again.
                    current.Names[id] = name;
                }
            }

            wanted[id] = name;
        }

        return new NameBook(wanted);
    }

    async Task<Copy> CurrentAsync(CancellationToken cancellationToken)
    {
        var held = copy;
        var changes = directory.Changes;
        if (held is not null && held.Changes == changes && clock.GetUtcNow() - held.ReadAt < KeptFor)
        {
            return held;
        }

        var readAt = clock.GetUtcNow();
        var names = new Dictionary<string, string?>();
        await foreach (var person in directory.ListAsync(cancellationToken))
        {
            names[person.Id] = person.Name;
        }

        var fresh = new Copy(names, changes, readAt);
        copy = fresh;
        return fresh;
    }
}

/// <summary>Names by sign-in id, as <see cref="PeopleNames"/> read them; an id nobody is known by has no name.</summary>
public sealed class NameBook(IReadOnlyDictionary<string, string?> names)
{
    /// <summary>The person's name, or null when there is no id or nobody in the directory has it.</summary>
    public string? this[string? id] => id is not null && names.TryGetValue(id, out var name) ? name : null;
}
