using System.Collections.Concurrent;
using System.Diagnostics;
using Grants.Workflows.Money;
using Grants.Workflows.Programs;

namespace Grants.Workflows.Storage;

/// <summary>
/// The calls: one partition per program, one row per fiscal year, so a program has at most one call a year. The open-call
/// check every submission makes reads a program's calls from a copy kept in memory: a call opened, moved or closed through
/// this process is seen by the next check, one changed on another instance within <see cref="RecheckEvery"/>.
/// </summary>
public sealed class CallStore(GrantsStorage storage)
{
    /// <summary>How long a program's calls, as read, are believed when no call was changed through this process since.</summary>
    public static readonly TimeSpan RecheckEvery = TimeSpan.FromSeconds(5);

    readonly ConcurrentDictionary<string, (Task<List<Call>> Calls, long Changes, long ReadAt)> recent = new(StringComparer.Ordinal);

    long changes;

    public IAsyncEnumerable<Call> ListAsync(string programId, CancellationToken cancellationToken = default) =>
        storage.Calls.QueryPartitionAsync(programId, cancellationToken);

    public Task<Stored<Call>?> GetAsync(string programId, FiscalYear year, CancellationToken cancellationToken = default) =>
        storage.Calls.GetAsync(programId, Row(year), cancellationToken);

    /// <summary>Adds the call unless the program already has one for that fiscal year; returns whether this call added it.</summary>
    public Task<bool> TryAddAsync(Call call, CancellationToken cancellationToken = default) =>
        ChangingAsync(() => storage.Calls.TryInsertAsync(call.ProgramId, Row(call.FiscalYear), call, cancellationToken));

    /// <summary>Changes a call from its latest stored version, ETag-guarded; see <see cref="DocumentTable{T}.UpdateAsync"/>.</summary>
    public Task<(Stored<Call> Current, Call? Previous)?> UpdateAsync(string programId, FiscalYear year, Func<Call, Call?> change, CancellationToken cancellationToken = default) =>
        ChangingAsync(() => storage.Calls.UpdateAsync(programId, Row(year), change, cancellationToken));

    /// <summary>The call open on a day in Japan, if any: judged on the day given, from the program's calls as recently read.</summary>
    public async Task<Call?> OpenOnAsync(string programId, DateOnly japanDate, CancellationToken cancellationToken = default) =>
        (await RecentAsync(programId, cancellationToken)).FirstOrDefault(c => c.IsOpenOn(japanDate));

    async Task<List<Call>> RecentAsync(string programId, CancellationToken cancellationToken)
    {
        // Taken before the read: a change that ends after this moves the count, so what this read may have missed is never believed.
        var changesBefore = Interlocked.Read(ref changes);
        if (recent.TryGetValue(programId, out var known) && known.Changes == changesBefore && Stopwatch.GetElapsedTime(known.ReadAt) < RecheckEvery && !known.Calls.IsFaulted && !known.Calls.IsCanceled)
        {
            // Submissions arriving together while the calls are being read wait for that one read.
            return await known.Calls.WaitAsync(cancellationToken);
        }

        var reading = ListAsync(programId, CancellationToken.None).ToListAsync(CancellationToken.None).AsTask();
        recent[programId] = (reading, changesBefore, Stopwatch.GetTimestamp());
        return await reading.WaitAsync(cancellationToken);
    }

    /// <summary>Runs a write of calls, then moves the change count (also when the write failed: it may still have been applied).</summary>
    async Task<T> ChangingAsync<T>(Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        finally
        {
            Interlocked.Increment(ref changes);
        }
    }

    static string Row(FiscalYear year) => year.Year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
}
