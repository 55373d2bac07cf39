using Grants.Tests.Infrastructure;
using Grants.Workflows.Applications;
using Grants.Workflows.Money;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;

namespace Grants.Tests.Storage;

/// <summary>
/// Holding approvals against the per-person yearly cap: once the ledger holds every earlier grant, a person's first hold is
/// one insert; concurrent first holds never pass the cap together, and a hold run again holds once.
/// </summary>
[Trait("Kind", "Storage")]
public sealed class PersonGrantLedgerTests
{
    internal const string Tanaka = "tanaka@example.ac.jp";

    internal const string Capped = "ima-ga-taisetsu";

    internal static readonly FiscalYear Year = new(2026);

    static readonly Yen Cap = new(1_000_000);

    /// <summary>An application of <paramref name="program"/> for <paramref name="amount"/> (a one-time payment, so its commitment), routed to <see cref="Year"/>.</summary>
    internal static Application Applied(string id, long amount, ApplicationStatus status = ApplicationStatus.AwaitingApproval, string person = Tanaka, string program = Capped, int year = 2026) =>
        ApplicationStoreTests.Draft(id, person, status) with
        {
            ProgramId = program,
            Lines = [new ExpenseLine(ExpenseKind.SubmissionFee, new Yen(amount), "投稿料")],
            FiscalYear = new FiscalYear(year),
        };

    /// <summary>A ledger over fresh tables whose backfill has run (there was nothing to copy), as every host's start leaves it.</summary>
    static async Task<(GrantsStorage Storage, PersonGrantLedger Ledger)> BackfilledAsync(RequestCounter? counter = null)
    {
        var storage = counter is null ? await (await Azurite.SharedAsync()).NewStorageAsync() : await counter.StorageAsync();
        var applications = new ApplicationStore(storage);
        var ledger = new PersonGrantLedger(storage, applications);
        await new PersonGrantBackfill(storage, applications, new ProgramCatalog(storage), ledger).StartAsync(CancellationToken.None);
        Assert.True(ledger.Backfilled);
        return (storage, ledger);
    }

    [Fact]
    public async Task A_persons_first_hold_is_one_request_once_the_backfill_is_known_done_and_three_before()
    {
        var counter = new RequestCounter();
        var (storage, ledger) = await BackfilledAsync(counter);

        counter.Reset();
        Assert.Equal(new CapHold(true, Yen.Zero), await ledger.HoldAsync(Applied("APP-1", 300_000), Year, Cap));
        Assert.Equal(1, counter.Count);

        // A ledger that has not seen the marker starts the row from the applicant's index: a read, a query and the insert
        // (its index's old partitions moved, as on start, so that the list is one query).
        var index = new ApplicationStore(storage);
        await index.MoveOldStatusCopiesAsync();
        var unsure = new PersonGrantLedger(storage, index);
        counter.Reset();
        Assert.Equal(new CapHold(true, Yen.Zero), await unsure.HoldAsync(Applied("APP-2", 300_000, person: "sato@example.ac.jp"), Year, Cap));
        Assert.Equal(3, counter.Count);

        Assert.Equal(new Yen(300_000), (await ledger.GetAsync(Tanaka, Capped, Year))!.Total);
        Assert.Equal(new Yen(300_000), (await ledger.GetAsync("sato@example.ac.jp", Capped, Year))!.Total);
    }

    [Fact]
    public async Task Ten_concurrent_first_holds_of_300000_yen_against_a_1000000_yen_cap_hold_exactly_three()
    {
        var (_, ledger) = await BackfilledAsync();
        var applications = Enumerable.Range(1, 10).Select(i => Applied($"APP-{i:D2}", 300_000)).ToList();

        var holds = await Task.WhenAll(applications.Select(a => ledger.HoldAsync(a, Year, Cap)));

        Assert.Equal(3, holds.Count(h => h.Held));
        Assert.All(holds.Where(h => !h.Held), h => Assert.Equal(new Yen(900_000), h.GrantedBefore));
        var row = (await ledger.GetAsync(Tanaka, Capped, Year))!;
        Assert.Equal(new Yen(900_000), row.Total);
        Assert.Equal(3, row.Lines.Select(l => l.Key).Distinct().Count());
        Assert.Equal(3, row.Lines.Count);
    }

    [Fact]
    public async Task A_hold_run_again_after_its_insert_landed_holds_once_and_says_what_others_were_granted()
    {
        var counter = new RequestCounter();
        var (_, ledger) = await BackfilledAsync(counter);
        var first = Applied("APP-1", 400_000);
        Assert.Equal(new CapHold(true, Yen.Zero), await ledger.HoldAsync(first, Year, Cap));

        // The step is run again (its insert landed, its answer was lost): the insert fails, the read finds the line.
        counter.Reset();
        Assert.Equal(new CapHold(true, Yen.Zero), await ledger.HoldAsync(first, Year, Cap));
        Assert.Equal(2, counter.Count);
        Assert.Equal(new CapHold(true, new Yen(400_000)), await ledger.HoldAsync(Applied("APP-2", 500_000), Year, Cap));
        Assert.Equal(new CapHold(true, new Yen(500_000)), await ledger.HoldAsync(first, Year, Cap));

        var row = (await ledger.GetAsync(Tanaka, Capped, Year))!;
        Assert.Equal(["APP-1", "APP-2"], row.Lines.Select(l => l.Key));
        Assert.Equal(new Yen(900_000), row.Total);
    }

    [Fact]
    public async Task A_hold_over_the_cap_on_its_own_is_refused_with_what_was_granted_and_writes_nothing()
    {
        var (_, ledger) = await BackfilledAsync();

        Assert.Equal(new CapHold(false, Yen.Zero), await ledger.HoldAsync(Applied("APP-1", 1_200_000), Year, Cap));
        Assert.Null(await ledger.GetAsync(Tanaka, Capped, Year));

        Assert.True((await ledger.HoldAsync(Applied("APP-2", 300_000), Year, Cap)).Held);
        Assert.Equal(new CapHold(false, new Yen(300_000)), await ledger.HoldAsync(Applied("APP-3", 1_200_000), Year, Cap));
        Assert.Equal(new Yen(300_000), (await ledger.GetAsync(Tanaka, Capped, Year))!.Total);
    }

    [Fact]
    public async Task Without_the_marker_a_first_hold_still_counts_what_was_granted_before_the_ledger()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var applications = new ApplicationStore(storage);
        Assert.True(await applications.TryCreateAsync(Applied("APP-OLD", 700_000, ApplicationStatus.Approved)));
        var ledger = new PersonGrantLedger(storage, applications);

        Assert.False(ledger.Backfilled);
        Assert.Equal(new CapHold(false, new Yen(700_000)), await ledger.HoldAsync(Applied("APP-NEW", 400_000), Year, Cap));
        Assert.Equal(new CapHold(true, new Yen(700_000)), await ledger.HoldAsync(Applied("APP-SMALL", 300_000), Year, Cap));
        Assert.Equal(new Yen(1_000_000), (await ledger.GetAsync(Tanaka, Capped, Year))!.Total);
    }
}
