using Azure;

namespace Grants.Workflows.Storage;

/// <summary>
/// A copy of rarely changed rows (the directory, the programs on offer) kept in memory and trusted while a change stamp
/// beside them has not moved. The stamp is asked at most every <see cref="StampEvery"/> unless this process wrote since
/// (then at once), so a change here is seen at the next read and a change on another instance within that time. While
/// the copy is in use, a timer asks the stamp every <see cref="CheckEvery"/> (and reads the copy again when it moved), so
/// a request finds the copy already checked and reads nothing itself: the cost of freshness is one point read per
/// instance every few seconds, not one per request. The copy is read again at least every <see cref="MaxAge"/> (by the
/// timer, while in use), which bounds how stale it can be if a process died between writing a row and the stamp.
/// </summary>
public sealed class StampedCopy<T> : IDisposable
    where T : class
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    /// <summary>How long a stamp read is believed when no write went through this process: how late another instance's change may be seen.</summary>
    public static readonly TimeSpan StampEvery = TimeSpan.FromSeconds(5);

    /// <summary>How often the timer asks the stamp: sooner than <see cref="StampEvery"/>, so a request never waits for it while the copy is in use.</summary>
    public static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(4);

    /// <summary>How long after its last use the timer keeps asking; an idle process asks nothing.</summary>
    public static readonly TimeSpan KeepWarmFor = TimeSpan.FromMinutes(1);

    readonly Func<CancellationToken, Task<ETag>> readStamp;
    readonly Func<CancellationToken, Task<T>> readCopy;
    readonly Func<long> localWrites;
    readonly TimeProvider clock;
    readonly SemaphoreSlim reading = new(1, 1);
    readonly Lock gate = new();

    Copy? current;
    Check? inflight;
    ITimer? timer;
    long lastUseTicks;
    int checking;

    /// <param name="readStamp">Reads a value that differs after every write (a stamp row's ETag); read before the copy, so a write the copy misses moves it.</param>
    /// <param name="readCopy">Reads the rows themselves.</param>
    /// <param name="localWrites">How many writes went through this process, counted once each write and its stamp are stored.</param>
    public StampedCopy(Func<CancellationToken, Task<ETag>> readStamp, Func<CancellationToken, Task<T>> readCopy, Func<long> localWrites, TimeProvider clock)
    {
        (this.readStamp, this.readCopy, this.localWrites, this.clock) = (readStamp, readCopy, localWrites, clock);
    }

    sealed record Copy(ETag Stamp, DateTimeOffset ReadAt, T Value)
    {
        /// <summary>When the stamp last said this copy is current, and how many local writes there had been then.</summary>
        public (DateTimeOffset At, long Writes) Checked { get; init; }
    }

    /// <summary>A stamp check under way, and how many local writes there had been when it asked.</summary>
    sealed record Check(long Writes, TimeSpan ReadAgainAfter, TaskCompletionSource<Copy> Done);

    /// <summary>The rows as they are now (within <see cref="StampEvery"/> for a change made elsewhere).</summary>
    public async Task<T> ReadAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        Interlocked.Exchange(ref lastUseTicks, now.UtcTicks);
        var known = current;
        if (known is null || known.Checked.Writes != localWrites() || now - known.Checked.At >= StampEvery || now - known.ReadAt >= MaxAge)
        {
            known = await SharedCheckAsync(MaxAge).WaitAsync(cancellationToken);
        }

        KeepChecking();
        return known.Value;
    }

    /// <summary>
    /// Joins the check under way when it asked after this process's last write and reads the copy again at least as soon
    /// (so its answer is as fresh as a new one), or starts one: a burst of requests that find the copy due (the timer's
    /// check late on a busy store) waits for one stamp read instead of adding a read each to the queue of the store they
    /// all wait for. The check is not cancelled with any one request, since others may wait for it.
    /// </summary>
    Task<Copy> SharedCheckAsync(TimeSpan readAgainAfter)
    {
        Check mine;
        lock (gate)
        {
            var writes = localWrites();
            if (inflight is { } running && running.Writes == writes && running.ReadAgainAfter <= readAgainAfter)
            {
                return running.Done.Task;
            }

            inflight = mine = new Check(writes, readAgainAfter, new TaskCompletionSource<Copy>(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        _ = RunAsync();
        return mine.Done.Task;

        async Task RunAsync()
        {
            try
            {
                mine.Done.SetResult(await CheckAsync(mine.Writes, readAgainAfter, CancellationToken.None));
            }
            catch (Exception e)
            {
                mine.Done.SetException(e);
            }
            finally
            {
                lock (gate)
                {
                    if (inflight == mine)
                    {
                        inflight = null;
                    }
                }
            }
        }
    }

    /// <summary>Asks the stamp; reads the copy again when the stamp moved or the copy is <paramref name="readAgainAfter"/> old.</summary>
    async Task<Copy> CheckAsync(long writes, TimeSpan readAgainAfter, CancellationToken cancellationToken)
    {
        var askedAt = clock.GetUtcNow();
        var stamp = await readStamp(cancellationToken);
        if (Fresh(current, stamp, readAgainAfter) is { } fresh)
        {
            current = fresh with { Checked = (askedAt, writes) };
            return current;
        }

        // One read at a time: a burst of requests after a change waits for one read of the rows instead of making many.
        await reading.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(current, stamp, readAgainAfter) is { } readMeanwhile)
            {
                return readMeanwhile;
            }

            var value = await readCopy(cancellationToken);
            current = new Copy(stamp, askedAt, value) { Checked = (askedAt, writes) };
            return current;
        }
        finally
        {
            reading.Release();
        }
    }

    Copy? Fresh(Copy? copy, ETag stamp, TimeSpan readAgainAfter) =>
        copy is not null && copy.Stamp == stamp && clock.GetUtcNow() - copy.ReadAt < readAgainAfter ? copy : null;

    bool Idle() => clock.GetUtcNow().UtcTicks - Interlocked.Read(ref lastUseTicks) > KeepWarmFor.Ticks;

    void KeepChecking()
    {
        if (Volatile.Read(ref timer) is not null)
        {
            return;
        }

        lock (gate)
        {
            timer ??= clock.CreateTimer(_ => _ = TickAsync(), null, CheckEvery, CheckEvery);
        }
    }

    async Task TickAsync()
    {
        if (Idle())
        {
            lock (gate)
            {
                // Asked again under the lock: a request that came meanwhile keeps the timer it found.
                if (Idle())
                {
                    timer?.Dispose();
                    timer = null;
                }
            }

            return;
        }

        if (Interlocked.Exchange(ref checking, 1) == 1)
        {
            return;
        }

        try
        {
            // Read again a little before MaxAge, so no request in use has to.
            await SharedCheckAsync(MaxAge - StampEvery);
        }
        catch (Exception e) when (e is RequestFailedException or OperationCanceledException or ObjectDisposedException)
        {
            // Nobody waits for this check: the copy keeps its last check, and the next request past StampEvery asks itself.
        }
        finally
        {
            Volatile.Write(ref checking, 0);
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            timer?.Dispose();
            timer = null;
        }

        reading.Dispose();
    }
}
