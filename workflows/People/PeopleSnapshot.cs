using Grants.Workflows.Storage;

namespace Grants.Workflows.People;

/// <summary>One active person as the people picker searches them: what it may show, and their folded names and addresses.</summary>
public sealed record SearchablePerson(PersonChoice Choice, string SortKey, IReadOnlyList<string> Names, IReadOnlyList<string> Addresses)
{
    public static SearchablePerson Of(Person person)
    {
        var names = new[] { person.Name, person.NameKana }.Where(n => n.Length > 0).Select(SearchText.Fold).ToList();
        // 田中花子 finds 田中 花子: each name is searched also with its spaces taken out.
        names.AddRange([.. names.Select(n => string.Concat(n.Where(c => !char.IsWhiteSpace(c))))]);
        return new(
            new PersonChoice(person.Id, person.Name, person.Department),
            SearchText.Fold(person.NameKana.Length > 0 ? person.NameKana : person.Name),
            [.. names.Distinct()],
            [.. new[] { person.Email, person.Id }.Select(SearchText.Fold).Distinct()]);
    }
}

/// <summary>
/// The directory, read once and kept in memory (<see cref="StampedCopy{T}"/>), so that a picker's search per keystroke,
/// or a list naming everyone on it, reads nothing of the directory: the copy is checked against the directory's change
/// stamp in the background while in use, so a change here is seen at the next read and a change on another instance
/// within <see cref="StampEvery"/>. Names, the picker's choices, positions (whether a program is for the reader) and
/// whether someone has left (which stops them starting or submitting applications, nothing else): nothing here decides
/// what anyone may see.
/// </summary>
public sealed class PeopleSnapshot : IDisposable
{
    public static readonly TimeSpan MaxAge = StampedCopy<Copy>.MaxAge;

    /// <summary>How late a change made on another instance may be seen.</summary>
    public static readonly TimeSpan StampEvery = StampedCopy<Copy>.StampEvery;

    readonly StampedCopy<Copy> copy;

    readonly PeopleDirectory directory;

    public PeopleSnapshot(PeopleDirectory directory, TimeProvider clock)
    {
        this.directory = directory;
        copy = new StampedCopy<Copy>(directory.ChangeStampAsync, async cancellationToken => Copy.Of(await directory.ListAsync(cancellationToken).ToListAsync(cancellationToken)), () => directory.Writes, clock);
    }

    /// <summary>
    /// The active people as the picker searches them, everyone (leavers too: they stay named on what they did) by sign-in
    /// id with their name and position, and who has left (a set, so every submit's check is one look-up).
    /// </summary>
    sealed record Copy(IReadOnlyList<SearchablePerson> People, IReadOnlyDictionary<string, Person> Everyone, IReadOnlyDictionary<string, string> Names, IReadOnlyDictionary<string, Position> Positions, IReadOnlySet<string> Left)
    {
        public static Copy Of(IReadOnlyList<Person> everyone) => new(
            [.. everyone.Where(p => p.Active).Select(SearchablePerson.Of).OrderBy(p => p.SortKey, StringComparer.Ordinal).ThenBy(p => p.Choice.Id, StringComparer.Ordinal)],
            everyone.ToDictionary(p => p.Id),
            everyone.ToDictionary(p => p.Id, p => p.Name),
            everyone.ToDictionary(p => p.Id, p => p.Position),
            everyone.Where(p => !p.Active).Select(p => p.Id).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>The active people in kana order, as the directory is now.</summary>
    public async Task<IReadOnlyList<SearchablePerson>> ReadAsync(CancellationToken cancellationToken = default) =>
        (await copy.ReadAsync(cancellationToken)).People;

    /// <summary>
    /// The person as the directory now is: the name, addresses and position a workflow step judges, mails and pays with,
    /// from the copy (no request); someone the copy does not have (added on another instance within <see cref="StampEvery"/>)
    /// is read from the directory. Null for an id nobody has.
    /// </summary>
    public async Task<Person?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        (await copy.ReadAsync(cancellationToken)).Everyone.GetValueOrDefault(id) ?? await directory.FindAsync(id, cancellationToken);

    /// <summary>The names of the people with these sign-in ids, as the directory is now; an id nobody has ("system") has none.</summary>
    public async Task<NameBook> NamesAsync(IEnumerable<string?> ids, CancellationToken cancellationToken = default)
    {
        var names = (await copy.ReadAsync(cancellationToken)).Names;
        return new NameBook(ids.OfType<string>().Distinct().Where(names.ContainsKey).ToDictionary(id => id, id => names[id]));
    }

    /// <summary>The person's position as the directory now says, or null for someone not in it: what a program's offer to its reader depends on.</summary>
    public async Task<Position?> PositionOfAsync(string id, CancellationToken cancellationToken = default) =>
        (await copy.ReadAsync(cancellationToken)).Positions.TryGetValue(id, out var position) ? position : null;

    /// <summary>Whether the directory, as it is now, lists this person as having left (inactive); someone it does not list has not.</summary>
    public async Task<bool> IsInactiveAsync(string id, CancellationToken cancellationToken = default) =>
        (await copy.ReadAsync(cancellationToken)).Left.Contains(id);

    public void Dispose() => copy.Dispose();
}
