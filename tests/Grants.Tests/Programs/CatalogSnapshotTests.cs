using System.Diagnostics;
using Grants.Tests.Infrastructure;
using Grants.Workflows.Access;
using Grants.Workflows.Demo;
using Grants.Workflows.Money;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Grants.Tests.Programs;

/// <summary>
/// The programs on offer and their calls, kept in memory: a program published or a call changed through this process is
/// listed by the next read; one changed by another instance (its own storage clients on the same tables) within seconds.
/// </summary>
[Trait("Kind", "Storage")]
public sealed class CatalogSnapshotTests
{
    static readonly Actor Office = new("office@example.ac.jp", new HashSet<string> { Roles.Admin });

    sealed record Instance(ProgramCatalog Catalog, CallService Calls, CatalogSnapshot Offered);

    static Instance On(GrantsStorage storage, TimeProvider clock)
    {
        var (catalog, calls) = (new ProgramCatalog(storage), new CallStore(storage));
        var offered = new CatalogSnapshot(catalog, calls, clock);
        return new Instance(catalog, new CallService(calls, catalog, offered, new AuditTrail(storage), clock), offered);
    }

    static async Task<(GrantsStorage Here, GrantsStorage Elsewhere)> TwoClientsAsync()
    {
        var azurite = await Azurite.SharedAsync();
        var prefix = Azurite.NewPrefix();
        return (await azurite.NewStorageAsync(prefix), await azurite.NewStorageAsync(prefix));
    }

    static OpenCallRequest WholeYear(DateTimeOffset now) =>
        new(FiscalYear.Of(now).Year, null, FiscalYear.Of(now).End);

    [Fact]
    public async Task A_program_published_or_a_call_opened_or_closed_here_is_listed_by_the_next_read()
    {
        var (storage, _) = await TwoClientsAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var instance = On(storage, clock);
        using var here = instance.Offered;
        var calls = instance.Calls;
        Assert.Empty((await here.ReadAsync()).Programs);

        // No time passes between a change and the read that must see it: only this process's own writes can make it look.
        await ShippedPrograms.PublishMissingAsync(instance.Catalog);
        Assert.Equal(DemoData.Programs.Select(p => p.Id).Order(), (await here.ReadAsync()).Programs.Select(p => p.Id).Order());
        Assert.Empty(await calls.ListAsync(Office));

        Assert.True((await calls.OpenAsync(Office, DemoData.ImaGaTaisetsu, WholeYear(clock.GetUtcNow()))).Succeeded);
        Assert.Equal(CallStatus.Open, Assert.Single(await calls.ListAsync(Office)).Status);

        Assert.True((await calls.CloseAsync(Office, DemoData.ImaGaTaisetsu, FiscalYear.Of(clock.GetUtcNow()).Year.ToString(System.Globalization.CultureInfo.InvariantCulture))).Succeeded);
        Assert.NotNull(Assert.Single(await calls.ListAsync(Office)).ClosedAt);

        var renamed = DemoData.Programs.Single(p => p.Id == DemoData.ImaGaTaisetsu) with { Version = 2, NameEn = "Renamed here" };
        Assert.Equal(PublishResult.Published, await instance.Catalog.PublishAsync(renamed));
        Assert.Equal("Renamed here", (await here.ReadAsync()).Programs.Single(p => p.Id == DemoData.ImaGaTaisetsu).NameEn);
    }

    [Fact]
    public async Task A_program_or_call_changed_by_another_instance_is_listed_within_seconds()
    {
        var (storage, otherClients) = await TwoClientsAsync();
        var here = On(storage, TimeProvider.System);
        var elsewhere = On(otherClients, TimeProvider.System);
        using var _ = here.Offered;
        using var __ = elsewhere.Offered;
        await ShippedPrograms.PublishMissingAsync(here.Catalog);
        Assert.Empty(await here.Calls.ListAsync(Office));

        Assert.True((await elsewhere.Calls.OpenAsync(Office, DemoData.ImaGaTaisetsu, WholeYear(DateTimeOffset.UtcNow))).Succeeded);
        var renamed = DemoData.Programs.Single(p => p.Id == DemoData.ImaGaTaisetsu) with { Version = 2, NameEn = "Renamed elsewhere" };
        Assert.Equal(PublishResult.Published, await elsewhere.Catalog.PublishAsync(renamed));

        // Stated: within StampedCopy.StampEvery (5 s); waited on far longer, so a slow machine does not fail it.
        var waited = Stopwatch.StartNew();
        while (!((await here.Calls.ListAsync(Office)).SingleOrDefault() is { ProgramNameEn: "Renamed elsewhere" }))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "Another instance's call and program never showed here.");
            await Task.Delay(100);
        }
    }
}
