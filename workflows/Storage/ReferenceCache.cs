using System.Collections.Concurrent;
using System.Diagnostics;

namespace Grants.Workflows.Storage;

/// <summary>
/// A per-process cache of short-lived rows (the budgets the approver's queue shows, the applications workflow steps just
/// read or saved) that are read again and again. A row is kept for its lifetime (<see cref="Lifetime"/> unless given) at
/// most and replaced when this process reads or changes it; another process's change is seen within that lifetime. A
/// missing row is never cached, so a row added anywhere is found by the next read. Nothing that guards money is read from
/// it: a move of money reads its budget fresh.
/// </summary>
/// <param name="capacity">At most this many rows: a full cache is emptied before the next row (what it held is that old).</param>
public sealed class ReferenceCache<T>(TimeSpan? lifetime = null, int? capacity = null)
    where T : class
{
    /// <summary>How long a row read from storage is believed unless the cache is given a lifetime.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    readonly ConcurrentDictionary<string, (T Value, long Until)> rows = new(StringComparer.Ordinal);

    /// <summary>The cached row, or what <paramref name="read"/> finds (cached when found).</summary>
    public async Task<T?> GetAsync(string key, Func<Task<T?>> read)
    {
        var now = Stopwatch.GetTimestamp();
        if (Find(key) is { } cached)
        {
            return cached;
        }

        var value = await read();
        if (value is not null)
        {
            Remember(key, value, now);
        }
        else
        {
            rows.TryRemove(key, out _);
        }

        return value;
    }

    /// <summary>The row as kept, if within its lifetime; never read.</summary>
    public T? Find(string key) => rows.TryGetValue(key, out var kept) && kept.Until > Stopwatch.GetTimestamp() ? kept.Value : null;

    /// <summary>Keeps a row this process just read or wrote itself.</summary>
    public void Remember(string key, T value) => Remember(key, value, Stopwatch.GetTimestamp());

    void Remember(string key, T value, long now)
    {
        if (rows.Count >= capacity && !rows.ContainsKey(key))
        {
            rows.Clear();
        }

        rows[key] = (value, now + (long)((lifetime ?? Lifetime).TotalSeconds * Stopwatch.Frequency));
    }
}
