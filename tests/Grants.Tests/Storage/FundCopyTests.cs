using Grants.Tests.Infrastructure;
using Grants.Workflows.Funds;
using Grants.Workflows.Money;
using Grants.Workflows.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Grants.Tests.Storage;

/// <summary>
/// What <see cref="FundStore"/> keeps in memory: the funds (who approves, names), seen at once after a change here and
/// within the stamp interval after one on another instance; and the budgets the approver's queue shows, as this process
/// last moved them, never older than <see cref="FundStore.ShownBudgetAge"/>. Money itself always moves on a fresh read.
/// </summary>
[Trait("Kind", "Storage")]
public sealed class FundCopyTests
{
    static readonly FiscalYear Year = new(2026);
    static readonly DateTimeOffset At = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    static Fund Fund(string approver) => new("publication-support", "論文投稿支援", "Publication support", "B-01", approver, "deputy@example.ac.jp");

    [Fact]
    public async Task A_new_approver_is_seen_at_once_here_within_the_stamp_interval_elsewhere_and_a_fund_added_elsewhere_at_once()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var clock = new FakeTimeProvider(At);
        using var here = new FundStore(storage, clock);
        using var elsewhere = new FundStore(storage, clock);
        Assert.True(await here.TryCreateFundAsync(Fund("director@example.ac.jp")));
        Assert.Equal("director@example.ac.jp", (await here.GetRecentFundAsync("publication-support"))?.ApproverId);

        // Changed on another instance: this copy keeps the old approver until it asks the stamp again.
        await elsewhere.UpsertFundAsync(Fund("new-director@example.ac.jp"));
        Assert.Equal("director@example.ac.jp", (await here.GetRecentFundAsync("publication-support"))?.ApproverId);
        clock.Advance(StampedCopy<object>.StampEvery);
        Assert.Equal("new-director@example.ac.jp", (await here.GetRecentFundAsync("publication-support"))?.ApproverId);

        // Changed here: seen at the next read.
        await here.UpsertFundAsync(Fund("director@example.ac.jp"));
        Assert.Equal("director@example.ac.jp", (await here.GetRecentFundAsync("publication-support"))?.ApproverId);

        // A fund the copy does not know yet is read from storage, not reported missing.
        await elsewhere.UpsertFundAsync(Fund("x@example.ac.jp") with { Id = "new-fund" });
        Assert.Equal("x@example.ac.jp", (await here.GetRecentFundAsync("new-fund"))?.ApproverId);
        Assert.Null(await here.GetRecentFundAsync("no-such-fund"));
    }

    [Fact]
    public async Task The_queue_shows_this_processs_own_reservation_at_once_another_instances_within_the_shown_age_and_money_moves_on_fresh_reads()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        using var here = new FundStore(storage);
        using var elsewhere = new FundStore(storage);
        Assert.True(await here.TryCreateBudgetAsync(new FundBudget("publication-support", Year, new Yen(300_000), Yen.Zero, Yen.Zero)));
        Assert.Equal(new Yen(300_000), (await here.GetShownBudgetAsync("publication-support", Year))?.Remaining);

        Assert.True((await here.ReserveAsync("APP-1", "publication-support", Year, new Yen(100_000), At)).Reserved);
        Assert.Equal(new Yen(200_000), (await here.GetShownBudgetAsync("publication-support", Year))?.Remaining);

        // Another instance reserves: the shown figure may lag, but the next reservation here reads the budget itself, so
        // it sees the money gone and refuses what no longer fits.
        Assert.True((await elsewhere.ReserveAsync("APP-2", "publication-support", Year, new Yen(150_000), At)).Reserved);
        var refused = await here.ReserveAsync("APP-3", "publication-support", Year, new Yen(100_000), At);
        Assert.False(refused.Reserved);
        Assert.Equal(new Yen(50_000), refused.Remaining);

        // A move only another instance made is shown once the shown figure is ShownBudgetAge old; waited on far longer.
        Assert.True((await elsewhere.ReserveAsync("APP-4", "publication-support", Year, new Yen(20_000), At)).Reserved);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((await here.GetShownBudgetAsync("publication-support", Year))?.Remaining != new Yen(30_000))
        {
            Assert.True(waited.Elapsed < FundStore.ShownBudgetAge + TimeSpan.FromSeconds(60), "Another instance's reservation never showed.");
            await Task.Delay(200);
        }
    }
}
