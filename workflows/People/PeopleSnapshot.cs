using Azure;
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
/// The directory, read once and kept in memory, so that a picker's search per keystroke, or a list naming everyone on it,
/// costs at most one point read (the directory's change stamp) instead of a read of the whole directory or one per row.
/// The stamp is asked at most every <see cref="StampEvery"/> unless this process wrote to the directory since (then at
/// once), so a change here is seen at the next read and a change on another instance within that time. The copy is read
/// again when the stamp moved, and at least every <see cref="MaxAge"/>, which bounds how stale it can be if a process
/// died between writing a person and the stamp. Names, the picker's choices and whether someone has left (which stops
/// them starting or submitting applications, nothing else): nothing here decides what anyone may see.
/// </summary>
public sealed class PeopleSnapshot(PeopleDirectory directory, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    /// <summary>How long a stamp read is believed when no write went through this process: what a list pays for fresh names.</summary>
    public static readonly TimeSpan StampEvery = TimeSpan.FromSeconds(5);

    readonly SemaphoreSlim reading = new(1, 1);

    Copy? current;

    /// <summary>The active people as the picker searches them, and everyone's name (leavers too: they stay named on what they did).</summary>
    sealed record Copy(ETag Stamp, DateTimeOffset ReadAt, IReadOnlyList<SearchablePerson> People, IReadOnlyDictionary<string, string> Names)
    {
        /// <summary>When the stamp last said this copy is the directory, and how many local writes there had been then.</summary>
        public (DateTimeOffset At, long Writes) Checked { get; init; }
    }

    /// <summary>The active people in kana order, as the directory is now.</summary>
    public async Task<IReadOnlyList<SearchablePerson>> ReadAsync(CancellationToken cancellationToken = default) =>
        (await CurrentAsync(cancellationToken)).People;

    /// <summary>The names of the people with these sign-in ids, as the directory is now; an id nobody has ("system") has none.</summary>
    public async Task<NameBook> NamesAsync(IEnumerable<string?> ids, CancellationToken cancellationToken = default)
    {
        var names = (await CurrentAsync(cancellationToken)).Names;
        return new NameBook(ids.OfType<string>().Distinct().Where(names.ContainsKey).ToDictionary(id => id, id => names[id]));
    }

    /// <summary>Whether the directory, as it is now, lists this person as having left (inactive); someone it does not list has not.</summary>
    public async Task<bool> IsInactiveAsync(string id, CancellationToken cancellationToken = default)
    {
        var copy = await CurrentAsync(cancellationToken);
        return copy.Names.ContainsKey(id) && !copy.People.Any(p => p.Choice.Id == id);
    }

    async Task<Copy> CurrentAsync(CancellationToken cancellationToken)
    {
        var writes = directory.Writes;
        var now = clock.GetUtcNow();
        if (current is { } known && known.Checked.Writes == writes && now - known.Checked.At < StampEvery && now - known.ReadAt < MaxAge)
        {
            return known;
        }

        // The stamp is read before the list: a write the list then misses has moved the stamp, so the next search reads again.
        var stamp = await directory.ChangeStampAsync(cancellationToken);
        if (Fresh(current, stamp) is { } fresh)
        {
            current = fresh with { Checked = (now, writes) };
            return current;
        }

        // One read at a time: a burst of keystrokes after a change waits for one read of the directory instead of making many.
        await reading.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(current, stamp) is { } readMeanwhile)
            {
                return readMeanwhile;
            }

            var readAt = clock.GetUtcNow();
            var everyone = await directory.ListAsync(cancellationToken).ToListAsync(cancellationToken);
            var active = everyone.Where(p => p.Active).Select(SearchablePerson.Of);
            current = new Copy(
                stamp,
                readAt,
                [.. active.OrderBy(p => p.SortKey, StringComparer.Ordinal).ThenBy(p => p.Choice.Id, StringComparer.Ordinal)],
                everyone.ToDictionary(p => p.Id, p => p.Name)) { Checked = (readAt, writes) };
            return current;
        }
        finally
        {
            reading.Release();
        }
    }

    public void Dispose() => reading.Dispose();

    Copy? Fresh(Copy? copy, ETag stamp) =>
        copy is not null && copy.Stamp == stamp && clock.GetUtcNow() - copy.ReadAt < MaxAge ? copy : null;
}
