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

    static async Task<(GrantsStorage Storage, Func<string, Task<Call?>> OpenToday, CallService Calls, string Year)> StartAsync()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var catalog = new ProgramCatalog(storage);
        await ShippedPrograms.PublishMissingAsync(catalog);
        var store = new CallStore(storage);
        var offered = new CatalogSnapshot(catalog, store, TimeProvider.System);
        var calls = new CallService(store, catalog, offered, new AuditTrail(storage), TimeProvider.System);
        var year = FiscalYear.Of(DateTimeOffset.UtcNow);
        await calls.EnsureWholeYearCallAsync(DemoData.ImaGaTaisetsu, year);
        return (storage, async programId => (await offered.OnOfferAsync(programId, calls.JapanToday)).Open, calls, year.Year.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_call_closed_or_reopened_in_this_process_is_seen_by_the_next_check()
    {
        var (_, openToday, calls, year) = await StartAsync();
        Assert.NotNull(await calls.OpenTodayAsync(DemoData.ImaGaTaisetsu));

        Ok(await calls.CloseAsync(Office, DemoData.ImaGaTaisetsu, year));
        Assert.Null(await openToday(DemoData.ImaGaTaisetsu));

        var closes = FiscalYear.Of(DateTimeOffset.UtcNow).End;
        Ok(await calls.MoveDeadlineAsync(Office, DemoData.ImaGaTaisetsu, year, new MoveDeadlineRequest(closes)));
        Assert.NotNull(await openToday(DemoData.ImaGaTaisetsu));
    }

    [Fact]
    public async Task A_call_closed_on_another_instance_is_seen_within_seconds_and_a_program_without_calls_has_none_open()
    {
        var (storage, openToday, calls, year) = await StartAsync();
        Assert.NotNull(await openToday(DemoData.ImaGaTaisetsu));

        var elsewhere = Elsewhere(storage);
        Ok(await elsewhere.CloseAsync(Office, DemoData.ImaGaTaisetsu, year));
        await EventuallyAsync(async () => await openToday(DemoData.ImaGaTaisetsu) is null, () => "the call closed elsewhere to be seen closed");

        Assert.Null(await openToday(DemoData.GraduateFellowship));
    }
}
