using System.Globalization;
using Grants.Tests.Infrastructure;
using Grants.Workflows.Access;
using Grants.Workflows.Demo;
using Grants.Workflows.Money;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using static Grants.Tests.Orchestration.WorkflowHarness;

namespace Grants.Tests.Applications;

/// <summary>
/// The open-call check every submission makes reads a program's calls from a copy in memory: a call closed or opened
/// through this process is seen by the very next check, one closed on another instance within a few seconds.
/// </summary>
[Trait("Kind", "Storage")]
public sealed class OpenCallCheckTests
{
    static readonly Actor Office = new("office@example.ac.jp", new HashSet<string> { Roles.Admin });

    /// <summary>Calls as another instance changes them: its own store, catalog and copy.</summary>
    static CallService Elsewhere(GrantsStorage storage)
    {
        var (store, catalog) = (new CallStore(storage), new ProgramCatalog(storage));
        return new CallService(store, catalog, new CatalogSnapshot(catalog, store, TimeProvider.System), new AuditTrail(storage), TimeProvider.System);
    }

    static async Task<(GrantsStorage Storage, CallStore Store, CallService Calls, string Year)> StartAsync()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var catalog = new ProgramCatalog(storage);
        await ShippedPrograms.PublishMissingAsync(catalog);
        var store = new CallStore(storage);
        var calls = new CallService(store, catalog, new CatalogSnapshot(catalog, store, TimeProvider.System), new AuditTrail(storage), TimeProvider.System);
        var year = FiscalYear.Of(DateTimeOffset.UtcNow);
        await calls.EnsureWholeYearCallAsync(DemoData.ImaGaTaisetsu, year);
        return (storage, store, calls, year.Year.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_call_closed_or_reopened_in_this_process_is_seen_by_the_next_check()
    {
        var (_, store, calls, year) = await StartAsync();
        Assert.NotNull(await calls.OpenTodayAsync(DemoData.ImaGaTaisetsu));

        Ok(await calls.CloseAsync(Office, DemoData.ImaGaTaisetsu, year));
        Assert.Null(await store.OpenOnAsync(DemoData.ImaGaTaisetsu, calls.JapanToday));

        var closes = FiscalYear.Of(DateTimeOffset.UtcNow).End;
        Ok(await calls.MoveDeadlineAsync(Office, DemoData.ImaGaTaisetsu, year, new MoveDeadlineRequest(closes)));
        Assert.NotNull(await store.OpenOnAsync(DemoData.ImaGaTaisetsu, calls.JapanToday));
    }

    [Fact]
    public async Task A_call_closed_on_another_instance_is_seen_within_seconds_and_a_program_without_calls_has_none_open()
    {
        var (storage, store, calls, year) = await StartAsync();
        Assert.NotNull(await store.OpenOnAsync(DemoData.ImaGaTaisetsu, calls.JapanToday));

        var elsewhere = Elsewhere(storage);
        Ok(await elsewhere.CloseAsync(Office, DemoData.ImaGaTaisetsu, year));
        await EventuallyAsync(async () => await store.OpenOnAsync(DemoData.ImaGaTaisetsu, calls.JapanToday) is null, () => "the call closed elsewhere to be seen closed");

        Assert.Null(await store.OpenOnAsync(DemoData.GraduateFellowship, calls.JapanToday));
    }
}
