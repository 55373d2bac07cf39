using Grants.Tests.Infrastructure;
using Grants.Workflows.Applications;
using Grants.Workflows.Funds;
using Grants.Workflows.Money;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using static Grants.Tests.Storage.PersonGrantLedgerTests;

namespace Grants.Tests.Storage;

/// <summary>
/// The one-time copy of grants made before the person-grants ledger existed: they count against the cap once it has run,
/// every line is copied once however often or however many instances run it, and a marker makes later starts one read.
/// </summary>
[Trait("Kind", "Storage")]
public sealed class PersonGrantBackfillTests
{
    const string Uncapped = "ukeire-fellowship";

    static readonly Yen Cap = new(1_000_000);

    /// <summary>Tables holding what Tanaka was granted before the ledger existed (no rows in it), with the shipped programs published.</summary>
    static async Task<GrantsStorage> GrantedBeforeTheLedgerAsync(RequestCounter? counter = null)
    {
        var storage = counter is null ? await (await Azurite.SharedAsync()).NewStorageAsync() : await counter.StorageAsync();
        await ShippedPrograms.PublishMissingAsync(new ProgramCatalog(storage));
        var applications = new ApplicationStore(storage);
        foreach (var application in new[]
        {
            Applied("APP-A", 300_000, ApplicationStatus.Approved),
            Applied("APP-B", 400_000, ApplicationStatus.Completed),
            Applied("APP-C", 200_000, ApplicationStatus.Rejected),
            Applied("APP-D", 500_000, ApplicationStatus.Approved, year: 2025),
            Applied("APP-E", 600_000, ApplicationStatus.Approved, person: "sato@example.ac.jp"),
            Applied("APP-F", 900_000, ApplicationStatus.Approved, program: Uncapped),
        })
        {
            Assert.True(await applications.TryCreateAsync(application));
        }

        return storage;
    }

    static (PersonGrantLedger Ledger, PersonGrantBackfill Backfill) Start(GrantsStorage storage)
    {
        var applications = new ApplicationStore(storage);
        var ledger = new PersonGrantLedger(storage, applications);
        return (ledger, new PersonGrantBackfill(storage, applications, new ProgramCatalog(storage), ledger));
    }

    static async Task<List<string>> KeysAsync(PersonGrantLedger ledger, string person, int year) =>
        [.. ((await ledger.GetAsync(person, Capped, new FiscalYear(year)))?.Lines ?? []).Select(l => l.Key)];

    [Fact]
    public async Task Grants_approved_before_the_ledger_count_against_the_cap_once_the_backfill_has_run()
    {
        var storage = await GrantedBeforeTheLedgerAsync();
        var (ledger, backfill) = Start(storage);

        await backfill.StartAsync(CancellationToken.None);

        Assert.True(ledger.Backfilled);
        Assert.Equal(["APP-A", "APP-B"], await KeysAsync(ledger, Tanaka, 2026));
        Assert.Equal(["APP-D"], await KeysAsync(ledger, Tanaka, 2025));
        Assert.Equal(["APP-E"], await KeysAsync(ledger, "sato@example.ac.jp", 2026));
        Assert.Null(await ledger.GetAsync(Tanaka, Uncapped, Year));

        // ¥700,000 granted before: ¥400,000 more is refused, ¥300,000 more is held.
        Assert.Equal(new CapHold(false, new Yen(700_000)), await ledger.HoldAsync(Applied("APP-G", 400_000), Year, Cap));
        Assert.Equal(new CapHold(true, new Yen(700_000)), await ledger.HoldAsync(Applied("APP-H", 300_000), Year, Cap));
        Assert.Equal(new CapHold(true, new Yen(500_000)), await ledger.HoldAsync(Applied("APP-I", 500_000, year: 2025), new FiscalYear(2025), Cap));
    }

    [Fact]
    public async Task Two_instances_starting_together_after_one_cut_short_copy_each_line_once()
    {
        var storage = await GrantedBeforeTheLedgerAsync();

        // A start that a crash cut short wrote Tanaka's 2025 row and no marker; since then an approval held money the old way
        // (starting Tanaka's 2026 row from the index), and Sato's row holds a line without the grant made before the ledger.
        var (earlier, _) = Start(storage);
        await earlier.AddPastGrantsAsync(Tanaka, Capped, new FiscalYear(2025), [new PersonGrantLine("APP-D", "APP-D", new Yen(500_000))]);
        Assert.True((await earlier.HoldAsync(Applied("APP-G", 100_000), Year, Cap)).Held);
        await earlier.AddPastGrantsAsync("sato@example.ac.jp", Capped, Year, [new PersonGrantLine("APP-S", "APP-S", new Yen(100_000))]);
        Assert.False(earlier.Backfilled);

        var (first, firstBackfill) = Start(storage);
        var (second, secondBackfill) = Start(storage);
        await Task.WhenAll(firstBackfill.StartAsync(CancellationToken.None), secondBackfill.StartAsync(CancellationToken.None));

        Assert.True(first.Backfilled && second.Backfilled);
        Assert.Equal(["APP-A", "APP-B", "APP-G"], (await KeysAsync(first, Tanaka, 2026)).Order().ToList());
        Assert.Equal(new Yen(800_000), (await first.GetAsync(Tanaka, Capped, Year))!.Total);
        Assert.Equal(["APP-D"], await KeysAsync(first, Tanaka, 2025));
        Assert.Equal(["APP-E", "APP-S"], (await KeysAsync(first, "sato@example.ac.jp", 2026)).Order().ToList());
        Assert.Equal(new Yen(700_000), (await first.GetAsync("sato@example.ac.jp", Capped, Year))!.Total);

        // Copying again (as a start that lost the race to the marker would) adds nothing.
        await first.AddPastGrantsAsync(Tanaka, Capped, Year, [new PersonGrantLine("APP-A", "APP-A", new Yen(300_000)), new PersonGrantLine("APP-B", "APP-B", new Yen(400_000))]);
        Assert.Equal(new Yen(800_000), (await first.GetAsync(Tanaka, Capped, Year))!.Total);
    }

    [Fact]
    public async Task A_later_start_reads_the_marker_alone_and_holds_first_with_one_insert()
    {
        var counter = new RequestCounter();
        var storage = await GrantedBeforeTheLedgerAsync(counter);
        await Start(storage).Backfill.StartAsync(CancellationToken.None);

        var (ledger, backfill) = Start(storage);
        Assert.False(ledger.Backfilled);
        counter.Reset();
        await backfill.StartAsync(CancellationToken.None);

        Assert.Equal(1, counter.Count);
        Assert.True(ledger.Backfilled);
        counter.Reset();
        Assert.Equal(new CapHold(true, Yen.Zero), await ledger.HoldAsync(Applied("APP-N", 200_000, person: "suzuki@example.ac.jp"), Year, Cap));
        Assert.Equal(1, counter.Count);
    }
}
