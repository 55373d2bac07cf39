using Azure;
using Grants.Workflows.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Grants.Tests.Storage;

/// <summary>
/// What a copy kept in memory costs and how fresh it is: a request past the first reads nothing while the copy is in use
/// (the stamp is asked in the background), a local write makes the next read ask at once, a moved stamp makes the copy be
/// read again, and an idle copy asks nothing.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class StampedCopyTests
{
    sealed class Source
    {
        public int StampReads { get; private set; }

        public int CopyReads { get; private set; }

        public long Writes { get; set; }

        public string Rows { get; set; } = "first";

        public ETag Stamp { get; set; } = new("1");

        /// <summary>While set, a stamp read waits for it: a store too busy to answer at once.</summary>
        public TaskCompletionSource? Busy { get; set; }

        public async Task<ETag> ReadStampAsync(CancellationToken cancellationToken)
        {
            StampReads++;
            if (Busy is { } busy)
            {
                await busy.Task;
            }

            return Stamp;
        }

        public Task<string> ReadCopyAsync(CancellationToken cancellationToken)
        {
            CopyReads++;
            return Task.FromResult(Rows);
        }
    }

    [Fact]
    public async Task Requests_read_nothing_while_the_copy_is_checked_in_the_background_and_a_change_anywhere_is_seen_in_time()
    {
        var source = new Source();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        using var copy = new StampedCopy<string>(source.ReadStampAsync, source.ReadCopyAsync, () => source.Writes, clock);

        Assert.Equal("first", await copy.ReadAsync());
        Assert.Equal((1, 1), (source.StampReads, source.CopyReads));

        // In use: the timer asks the stamp before StampEvery runs out, so the requests themselves ask nothing.
        for (var i = 0; i < 5; i++)
        {
            clock.Advance(StampedCopy<string>.CheckEvery);
            Assert.Equal("first", await copy.ReadAsync());
        }

        Assert.Equal((6, 1), (source.StampReads, source.CopyReads));

        // Another instance changed the rows and moved the stamp: the next check reads the copy again, before any request sees it stale for longer than StampEvery.
        (source.Rows, source.Stamp) = ("changed elsewhere", new ETag("2"));
        clock.Advance(StampedCopy<string>.CheckEvery);
        Assert.Equal((7, 2), (source.StampReads, source.CopyReads));
        Assert.Equal("changed elsewhere", await copy.ReadAsync());

        // A write through this process is seen by the very next read, with no time passing.
        (source.Rows, source.Stamp, source.Writes) = ("changed here", new ETag("3"), source.Writes + 1);
        Assert.Equal("changed here", await copy.ReadAsync());
        Assert.Equal((8, 3), (source.StampReads, source.CopyReads));

        // Idle for KeepWarmFor: the timer stops asking; the next request asks for itself.
        clock.Advance(StampedCopy<string>.KeepWarmFor + StampedCopy<string>.CheckEvery);
        var idle = source.StampReads;
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(idle, source.StampReads);
        Assert.Equal("changed here", await copy.ReadAsync());
        Assert.Equal(idle + 1, source.StampReads);
    }

    /// <summary>A copy read once, at 9:00 on a clock the test moves.</summary>
    static async Task<(Source Source, FakeTimeProvider Clock, StampedCopy<string> Copy)> ReadOnceAsync()
    {
        var source = new Source();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        var copy = new StampedCopy<string>(source.ReadStampAsync, source.ReadCopyAsync, () => source.Writes, clock);
        await copy.ReadAsync();
        return (source, clock, copy);
    }

    [Fact]
    public async Task An_unchanged_copy_is_still_read_again_once_it_is_MaxAge_old()
    {
        var (source, clock, copy) = await ReadOnceAsync();
        using var _ = copy;

        // A row written behind the stamp's back (a process that died between the row and the stamp).
        source.Rows = "unstamped";
        clock.Advance(StampedCopy<string>.StampEvery);
        Assert.Equal("first", await copy.ReadAsync());
        clock.Advance(StampedCopy<string>.MaxAge);
        Assert.Equal("unstamped", await copy.ReadAsync());

        // In use all the while, it is read again within MaxAge too.
        source.Rows = "unstamped again";
        for (var used = TimeSpan.Zero; used < StampedCopy<string>.MaxAge; used += StampedCopy<string>.CheckEvery)
        {
            clock.Advance(StampedCopy<string>.CheckEvery);
            await copy.ReadAsync();
        }

        Assert.Equal("unstamped again", await copy.ReadAsync());
    }

    [Fact]
    public async Task Requests_that_find_the_copy_due_while_the_store_is_slow_wait_for_one_stamp_read_and_a_local_write_still_asks_again()
    {
        var (source, clock, copy) = await ReadOnceAsync();
        using var _ = copy;

        // The store is slow: the timer's check at CheckEvery is still waiting when requests find the copy due at StampEvery.
        source.Busy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        clock.Advance(StampedCopy<string>.StampEvery);
        var waiting = Enumerable.Range(0, 32).Select(_ => copy.ReadAsync()).ToList();
        Assert.Equal(2, source.StampReads);

        // A write through this process meanwhile: a request after it does not take the earlier check's answer.
        (source.Rows, source.Stamp, source.Writes) = ("changed here", new ETag("2"), 1);
        var afterWrite = copy.ReadAsync();
        Assert.Equal(3, source.StampReads);

        source.Busy.SetResult();
        Assert.Equal("changed here", await afterWrite);
        Assert.All(await Task.WhenAll(waiting), rows => Assert.Contains(rows, new[] { "first", "changed here" }));
        Assert.Equal(3, source.StampReads);
    }
}
