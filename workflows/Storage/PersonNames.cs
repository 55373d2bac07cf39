using System.Collections.Concurrent;
using System.Diagnostics;

namespace Grants.Workflows.Storage;

/// <summary>
/// People's display names, kept for <see cref="Lifetime"/> per process so a list names each row without reading the
/// directory per row or per request. Names only — never what decides access — so a rename shows within that time,
/// and nothing else can be stale. Lifetime is measured on the monotonic clock: it is not business time.
/// </summary>
public sealed class PersonNames(PeopleDirectory people)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    readonly ConcurrentDictionary<string, (long ReadAt, Task<string?> Name)> names = new();

    /// <summary>The person's name, or null when the directory has nobody by that id.</summary>
    public Task<string?> NameOfAsync(string id)
    {
        if (names.TryGetValue(id, out var known) && Stopwatch.GetElapsedTime(known.ReadAt) < Lifetime && !known.Name.IsFaulted && !known.Name.IsCanceled)
        {
            return known.Name;
        }

        // Not tied to one caller's cancellation: the read is shared with every caller that asks meanwhile.
        var read = ReadAsync(id);
        names[id] = (Stopwatch.GetTimestamp(), read);
        return read;
    }

    async Task<string?> ReadAsync(string id) => (await people.FindAsync(id, CancellationToken.None))?.Name;
}
