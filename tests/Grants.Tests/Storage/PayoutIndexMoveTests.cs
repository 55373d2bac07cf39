using Grants.Tests.Infrastructure;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;
using Grants.Workflows.Storage;
using static Grants.Tests.Storage.PayoutIndexTests;

namespace Grants.Tests.Storage;

/// <summary>Payout copies written before the index's one partition existed: listed until the start-up move, moved once, and never left stale by a step that changes a payout meanwhile.</summary>
[Trait("Kind", "Storage")]
public sealed class PayoutIndexMoveTests
{
    const string Tanaka = "tanaka@example.ac.jp";

    static readonly DateTimeOffset At = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    static Payout Payout(string applicationId, PayoutStatus status = PayoutStatus.Approved) =>
        new(Workflows.Payouts.Payout.IdFor(applicationId), applicationId, Tanaka, "田中 花子", "タナカ ハナコ", "director-discretionary", "DIR-001",
            new FiscalYear(2026), new Yen(100_000), status, At, status == PayoutStatus.Approved ? null : "B-0");

    static Payout? Cancel(Payout p) => p.Status == PayoutStatus.Approved ? p with { Status = PayoutStatus.Cancelled, CancelReason = "取り下げ" } : null;

    /// <summary>A payout as stored before the one partition: its record, and copies in its status's, its payee's and its year's partitions (the payee's keyed by status, or, older still, by id).</summary>
    static async Task<Payout> StoredBeforeAsync(GrantsStorage storage, string applicationId, PayoutStatus status = PayoutStatus.Approved, bool payeeKeyedById = false)
    {
        var payout = Payout(applicationId, status);
        await storage.Payouts.TryInsertAsync(payout.Id, "payout", payout);
        await storage.PayoutIndex.UpsertAsync($"status|{status}", payout.Id, payout);
        await storage.PayoutIndex.UpsertAsync($"payee|{Tanaka}", payeeKeyedById ? payout.Id : $"~{status}|{payout.Id}", payout);
        await storage.PayoutIndex.UpsertAsync("year|2026", payout.Id, payout);
        return payout;
    }

    [Fact]
    public async Task Old_copies_are_listed_until_the_move_and_moved_once_by_moves_run_together_and_again()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var store = new PayoutStore(storage);
        var created = await store.CreateIfMissingAsync(Payout("APP-NEW"));
        var approved = await StoredBeforeAsync(storage, "APP-OLD1");
        var batched = await StoredBeforeAsync(storage, "APP-OLD2", PayoutStatus.Batched, payeeKeyedById: true);
        // A crash of the old code left this one's approved copy beside its batched ones.
        var crossed = await StoredBeforeAsync(storage, "APP-OLD3", PayoutStatus.Batched);
        await storage.PayoutIndex.UpsertAsync("status|Approved", crossed.Id, crossed with { Status = PayoutStatus.Approved, BatchId = null });

        Assert.Equal(["PO-APP-NEW", "PO-APP-OLD1", "PO-APP-OLD2", "PO-APP-OLD3"], await store.ListByPayeeAsync(Tanaka).Select(p => p.Id).ToArrayAsync());
        Assert.Equal([batched, crossed], await store.ListByPayeeAsync(Tanaka, PayoutStatus.Batched));
        Assert.Equal([created, approved], await store.ListByPayeeAsync(Tanaka, PayoutStatus.Approved));
        Assert.Equal([batched, crossed], await store.ListByStatusAsync(PayoutStatus.Batched).ToListAsync());
        Assert.Equal([created, approved, batched, crossed], await store.ListByFiscalYearAsync(new FiscalYear(2026)).ToListAsync());

        await Task.WhenAll(new OldPayoutCopiesMove(store).StartAsync(CancellationToken.None), new PayoutStore(storage).MoveOldIndexCopiesAsync());
        await store.MoveOldIndexCopiesAsync();

        foreach (var payout in new[] { created, approved, batched, crossed })
        {
            Assert.Equal(Three(payout.Status, payout.Id), await RowsAsync(storage, payout.Id));
        }

        Assert.Equal([created, approved], await store.ListByStatusAsync(PayoutStatus.Approved).ToListAsync());
        Assert.Equal([batched, crossed], await store.ListByStatusAsync(PayoutStatus.Batched).ToListAsync());
        Assert.Equal([created, approved, batched, crossed], await store.ListByPayeeAsync(Tanaka).ToListAsync());
        Assert.Equal([created, approved, batched, crossed], await store.ListByFiscalYearAsync(new FiscalYear(2026)).ToListAsync());

        // Moved, the lists read the one partition alone: a copy in an old partition now is not read (a store that has not moved still reads it).
        await storage.PayoutIndex.UpsertAsync("status|Paid", "PO-APP-STRAY", Payout("APP-STRAY", PayoutStatus.Paid));
        Assert.Empty(await store.ListByStatusAsync(PayoutStatus.Paid).ToListAsync());
        Assert.Single(await new PayoutStore(storage).ListByStatusAsync(PayoutStatus.Paid).ToListAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_payout_changed_while_it_is_moved_ends_with_its_current_rows_only(bool changeProjected)
    {
        // The move has read the record and its transaction is held while a step cancels the payout: one that projects
        // (its projection finds no rows here, repairs and deletes the old copies), or one that changes the record only
        // (a step cut short, or a process still running the code before this partition).
        var (storage, prefix) = await NewStorageAsync();
        var payout = await StoredBeforeAsync(storage, "APP-1");
        var moving = new Traffic(prefix, IsIndexTransaction);
        var mover = StoreWith(prefix, moving);

        var move = mover.MoveOldIndexCopiesAsync();
        await moving.Arrived.WaitAsync(TimeSpan.FromSeconds(30));
        var cancelled = changeProjected
            ? (await new PayoutStore(storage).UpdateAsync(payout.Id, Cancel))!.Value.Payout
            : (await storage.Payouts.UpdateAsync(payout.Id, "payout", Cancel))!.Value.Current.Value;
        moving.Release();
        await move.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Three(PayoutStatus.Cancelled, payout.Id), await RowsAsync(storage, payout.Id));
        Assert.Empty(await mover.ListByStatusAsync(PayoutStatus.Approved).ToListAsync());
        Assert.Equal([cancelled], await mover.ListByStatusAsync(PayoutStatus.Cancelled).ToListAsync());
        Assert.Equal([cancelled], await mover.ListByPayeeAsync(Tanaka).ToListAsync());
    }

    [Fact]
    public async Task A_step_on_a_payout_not_yet_moved_writes_its_rows_here_and_deletes_its_old_copies()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var store = new PayoutStore(storage);
        var payout = await StoredBeforeAsync(storage, "APP-1", payeeKeyedById: true);
        var kept = await StoredBeforeAsync(storage, "APP-2");

        var (cancelled, _) = (await store.UpdateAsync(payout.Id, Cancel))!.Value;
        var (amended, _) = (await store.UpdateAsync(kept.Id, p => p with { Purpose = "学会発表" }))!.Value;

        Assert.Equal(Three(PayoutStatus.Cancelled, payout.Id), await RowsAsync(storage, payout.Id));
        Assert.Equal(Three(PayoutStatus.Approved, kept.Id), await RowsAsync(storage, kept.Id));
        Assert.Equal([amended], await store.ListByStatusAsync(PayoutStatus.Approved).ToListAsync());
        Assert.Equal([cancelled], await store.ListByPayeeAsync(Tanaka, PayoutStatus.Cancelled));
        Assert.Equal([cancelled, amended], await store.ListByFiscalYearAsync(new FiscalYear(2026)).ToListAsync());
    }
}
