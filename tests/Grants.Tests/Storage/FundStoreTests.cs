using Azure.Data.Tables;
using Grants.Tests.Infrastructure;
using Grants.Workflows.Funds;
using Grants.Workflows.Money;
using Grants.Workflows.Storage;

namespace Grants.Tests.Storage;

[Trait("Kind", "Storage")]
public sealed class FundStoreTests
{
    const string FundId = "director-discretionary";
    static readonly FiscalYear Year = new(2026);
    static readonly DateTimeOffset At = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);

    static async Task<(GrantsStorage Storage, FundStore Funds)> NewFundAsync(long allocation)
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var funds = new FundStore(storage);
        Assert.True(await funds.TryCreateBudgetAsync(new FundBudget(FundId, Year, new Yen(allocation), Yen.Zero, Yen.Zero)));
        return (storage, funds);
    }

    static async Task<int> ReservationRowsAsync(GrantsStorage storage) =>
        (await storage.Budgets.Client.QueryAsync<TableEntity>(e => e.PartitionKey == FundId).ToListAsync())
            .Count(e => e.RowKey.StartsWith("reservation|", StringComparison.Ordinal));

    [Fact]
    public async Task Reserves_from_the_budget_and_records_the_reservation()
    {
        var (storage, funds) = await NewFundAsync(1_000_000);

        var outcome = await funds.ReserveAsync("APP-1", FundId, Year, new Yen(300_000), At);

        Assert.True(outcome.Reserved);
        Assert.Null(outcome.Problem);
        Assert.Equal(new Yen(700_000), outcome.Remaining);
        var budget = (await funds.GetBudgetAsync(FundId, Year))!;
        Assert.Equal(new Yen(300_000), budget.Reserved);
        Assert.Equal(new Yen(700_000), budget.Remaining);
        var reservation = (await funds.GetReservationAsync(FundId, "APP-1"))!;
        Assert.Equal(new Yen(300_000), reservation.Amount);
        Assert.Equal(Year, reservation.FiscalYear);
        Assert.Equal(1, await ReservationRowsAsync(storage));
    }

    [Fact]
    public async Task Reserving_again_for_the_same_application_does_not_reserve_twice()
    {
        var (storage, funds) = await NewFundAsync(1_000_000);
        await funds.ReserveAsync("APP-1", FundId, Year, new Yen(300_000), At);

        var again = await funds.ReserveAsync("APP-1", FundId, Year, new Yen(300_000), At.AddMinutes(5));

        Assert.True(again.Reserved);
        Assert.Equal(new Yen(700_000), again.Remaining);
        Assert.Equal(new Yen(300_000), (await funds.GetBudgetAsync(FundId, Year))!.Reserved);
        Assert.Equal(1, await ReservationRowsAsync(storage));
    }

    [Fact]
    public async Task Reserving_again_after_other_approvals_moved_or_used_up_the_budget_still_says_reserved_and_reserves_nothing()
    {
        var (storage, funds) = await NewFundAsync(1_000_000);
        await funds.ReserveAsync("APP-1", FundId, Year, new Yen(300_000), At);
        await funds.ReserveAsync("APP-2", FundId, Year, new Yen(100_000), At);

        // The budget's ETag is not the one APP-1's reservation left: the repeat learns it was reserved from its own row.
        var afterAnother = await funds.ReserveAsync("APP-1", FundId, Year, new Yen(300_000), At.AddMinutes(5));
        await funds.ReserveAsync("APP-3", FundId, Year, new Yen(600_000), At);
        var afterAll = await funds.ReserveAsync("APP-1", FundId, Year, new Yen(300_000), At.AddMinutes(10));

        Assert.True(afterAnother.Reserved);
        Assert.True(afterAll.Reserved);
        Assert.Null(afterAll.Problem);
        Assert.Equal(Yen.Zero, afterAll.Remaining);
        Assert.Equal(new Yen(1_000_000), (await funds.GetBudgetAsync(FundId, Year))!.Reserved);
        Assert.Equal(3, await ReservationRowsAsync(storage));
    }

    [Fact]
    public async Task Concurrent_retries_for_one_application_reserve_once()
    {
        var (storage, funds) = await NewFundAsync(1_000_000);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => funds.ReserveAsync("APP-1", FundId, Year, new Yen(250_000), At)));

        Assert.All(outcomes, o => Assert.True(o.Reserved));
        Assert.Equal(new Yen(250_000), (await funds.GetBudgetAsync(FundId, Year))!.Reserved);
        Assert.Equal(1, await ReservationRowsAsync(storage));
    }

    [Fact]
    public async Task Refuses_more_than_remains_and_leaves_the_budget_alone()
    {
        var (storage, funds) = await NewFundAsync(1_000_000);
        await funds.ReserveAsync("APP-1", FundId, Year, new Yen(300_000), At);

        var refused = await funds.ReserveAsync("APP-2", FundId, Year, new Yen(700_001), At);

        Assert.False(refused.Reserved);
        Assert.False(string.IsNullOrWhiteSpace(refused.Problem));
        Assert.Equal(new Yen(700_000), refused.Remaining);
        var budget = (await funds.GetBudgetAsync(FundId, Year))!;
        Assert.Equal(new Yen(300_000), budget.Reserved);
        Assert.Equal(new Yen(700_000), budget.Remaining);
        Assert.Null(await funds.GetReservationAsync(FundId, "APP-2"));
        Assert.Equal(1, await ReservationRowsAsync(storage));

        // What exactly remains can still be reserved.
        Assert.True((await funds.ReserveAsync("APP-3", FundId, Year, new Yen(700_000), At)).Reserved);
        Assert.Equal(Yen.Zero, (await funds.GetBudgetAsync(FundId, Year))!.Remaining);
    }

    [Fact]
    public async Task Refuses_a_year_without_a_budget_and_a_non_positive_amount()
    {
        var (_, funds) = await NewFundAsync(1_000_000);

        var otherYear = await funds.ReserveAsync("APP-1", FundId, new FiscalYear(2027), new Yen(1_000), At);
        Assert.False(otherYear.Reserved);
        Assert.Null(await funds.GetBudgetAsync(FundId, new FiscalYear(2027)));

        Assert.False((await funds.ReserveAsync("APP-2", FundId, Year, Yen.Zero, At)).Reserved);
        Assert.False((await funds.ReserveAsync("APP-3", FundId, Year, new Yen(-5), At)).Reserved);
        Assert.Equal(Yen.Zero, (await funds.GetBudgetAsync(FundId, Year))!.Reserved);
    }

    [Fact]
    public async Task A_budget_is_created_once_and_never_reset()
    {
        var (_, funds) = await NewFundAsync(1_000_000);
        await funds.ReserveAsync("APP-1", FundId, Year, new Yen(100_000), At);

        Assert.False(await funds.TryCreateBudgetAsync(new FundBudget(FundId, Year, new Yen(5_000_000), Yen.Zero, Yen.Zero)));

        var budget = (await funds.GetBudgetAsync(FundId, Year))!;
        Assert.Equal(new Yen(1_000_000), budget.Allocation);
        Assert.Equal(new Yen(100_000), budget.Reserved);
    }

    [Fact]
    public async Task Fifty_concurrent_approvals_for_ten_slots_reserve_exactly_ten()
    {
        var (storage, funds) = await NewFundAsync(1_000_000);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(i => Task.Run(() => funds.ReserveAsync($"APP-{i:D2}", FundId, Year, new Yen(100_000), At))));

        Assert.Equal(10, outcomes.Count(o => o.Reserved));
        Assert.All(outcomes, o => Assert.False(o.Remaining.IsNegative));
        Assert.All(outcomes.Where(o => !o.Reserved), o => Assert.NotNull(o.Problem));
        var budget = (await funds.GetBudgetAsync(FundId, Year))!;
        Assert.Equal(new Yen(1_000_000), budget.Reserved);
        Assert.Equal(Yen.Zero, budget.Remaining);
        Assert.Equal(10, await ReservationRowsAsync(storage));
    }

    [Fact]
    public async Task Approvals_racing_on_two_instances_for_ten_slots_reserve_exactly_ten()
    {
        var (storage, here) = await NewFundAsync(1_000_000);
        var elsewhere = new FundStore(storage);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40)
            .Select(i => Task.Run(() => (i % 2 == 0 ? here : elsewhere).ReserveAsync($"APP-{i:D2}", FundId, Year, new Yen(100_000), At))));

        Assert.Equal(10, outcomes.Count(o => o.Reserved));
        var budget = (await here.GetBudgetAsync(FundId, Year))!;
        Assert.Equal(new Yen(1_000_000), budget.Reserved);
        Assert.Equal(Yen.Zero, budget.Remaining);
        Assert.Equal(10, await ReservationRowsAsync(storage));
    }

    [Fact]
    public async Task A_run_of_reservations_reads_the_budget_once_and_a_change_elsewhere_is_caught_by_its_ETag()
    {
        var reads = new RequestCounter(r => r.Method == Azure.Core.RequestMethod.Get && Uri.UnescapeDataString(r.Uri.Path).Contains("RowKey='budget|", StringComparison.Ordinal));
        var storage = await reads.StorageAsync();
        var here = new FundStore(storage);
        var elsewhere = new FundStore(storage);
        await here.TryCreateBudgetAsync(new FundBudget(FundId, Year, new Yen(400_000), Yen.Zero, Yen.Zero));

        foreach (var id in new[] { "APP-1", "APP-2", "APP-3" })
        {
            Assert.True((await here.ReserveAsync(id, FundId, Year, new Yen(100_000), At)).Reserved);
        }

        Assert.Equal(1, reads.Count);

        // Another process gives back APP-1's money: this one's last budget says 100,000 remains, the stored one 200,000.
        await elsewhere.ReleaseAsync("APP-1", FundId, Year, new Yen(100_000), At);
        var outcome = await here.ReserveAsync("APP-4", FundId, Year, new Yen(200_000), At);
        Assert.True(outcome.Reserved);
        Assert.Equal(Yen.Zero, outcome.Remaining);

        // And another reserves: the budget this process last wrote is stale, its ETag fails, and it is read again.
        await here.ReleaseAsync("APP-2", FundId, Year, new Yen(100_000), At);
        await elsewhere.ReserveAsync("APP-5", FundId, Year, new Yen(50_000), At);
        Assert.False((await here.ReserveAsync("APP-6", FundId, Year, new Yen(60_000), At)).Reserved);
        Assert.True((await here.ReserveAsync("APP-7", FundId, Year, new Yen(50_000), At)).Reserved);
        var budget = (await here.GetBudgetAsync(FundId, Year))!;
        Assert.Equal(new Yen(400_000), budget.Reserved);
        Assert.Equal(6, await ReservationRowsAsync(storage));
    }
}
