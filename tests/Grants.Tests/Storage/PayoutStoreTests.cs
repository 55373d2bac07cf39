using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Grants.Tests.Infrastructure;
using Grants.Tests.Orchestration;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;
using Grants.Workflows.Storage;

namespace Grants.Tests.Storage;

[Trait("Kind", "Storage")]
public sealed class PayoutStoreTests
{
    static readonly DateTimeOffset At = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    static Payout Approved(string applicationId, long yen = 100_000, string payee = "tanaka@example.ac.jp") =>
        new(Payout.IdFor(applicationId), applicationId, payee, "田中 花子", "タナカ ハナコ", "director-discretionary", "DIR-001",
            new FiscalYear(2026), new Yen(yen), PayoutStatus.Approved, At);

    static async Task<PayoutStore> NewStoreAsync() => new(await (await Azurite.SharedAsync()).NewStorageAsync());

    [Fact]
    public async Task Creating_the_same_payout_twice_keeps_one()
    {
        var store = await NewStoreAsync();

        var first = await store.CreateIfMissingAsync(Approved("APP-1", 120_000));
        var second = await store.CreateIfMissingAsync(Approved("APP-1", 999_999) with { CreatedAt = At.AddHours(1) });

        Assert.Equal(first, second);
        Assert.Equal(new Yen(120_000), second.Amount);
        Assert.Equal(new Yen(120_000), (await store.GetAsync(Payout.IdFor("APP-1")))!.Amount);
        Assert.Equal("PO-APP-1", Assert.Single(await store.ListByStatusAsync(PayoutStatus.Approved).ToListAsync()).Id);
        Assert.Single(await store.ListByPayeeAsync("tanaka@example.ac.jp").ToListAsync());
    }

    [Fact]
    public async Task A_new_payout_is_written_once_with_its_three_copies_and_creating_it_again_leaves_each_list_holding_it_once()
    {
        var (storage, prefix) = await PayoutIndexTests.NewStorageAsync();
        var requests = new PayoutIndexTests.Traffic(prefix);
        var store = PayoutIndexTests.StoreWith(prefix, requests);

        var created = await store.CreateIfMissingAsync(Approved("APP-1", 120_000));

        // The record once, then its status, payee and year copies in one transaction of inserts; nothing read back, nothing deleted.
        Assert.Equal(["POST payouts", "POST payoutindex"], requests.Requests);

        var copies = await IndexRowsAsync(storage, created.Id);
        var again = await store.CreateIfMissingAsync(Approved("APP-1", 999_999));

        Assert.Equal(created, again);
        Assert.Equal(["payouts payee|tanaka@example.ac.jp|~Approved|PO-APP-1", "payouts year|2026|PO-APP-1", "payouts ~Approved|PO-APP-1"], copies.Select(c => c.Key));
        Assert.Equal(copies, await IndexRowsAsync(storage, created.Id));
        Assert.Equal(created, Assert.Single(await store.ListByStatusAsync(PayoutStatus.Approved).ToListAsync()));
        Assert.Equal(created, Assert.Single(await store.ListByPayeeAsync("tanaka@example.ac.jp").ToListAsync()));
        Assert.Equal(created, Assert.Single(await store.ListByFiscalYearAsync(new FiscalYear(2026)).ToListAsync()));
    }

    /// <summary>Every index row of one payout, as "partition row" with its document, in key order (its keys need no encoding).</summary>
    static async Task<List<(string Key, string Data)>> IndexRowsAsync(GrantsStorage storage, string payoutId) =>
        await storage.PayoutIndex.Client.QueryAsync<TableEntity>()
            .Where(e => e.RowKey.EndsWith(payoutId, StringComparison.Ordinal))
            .Select(e => ($"{e.PartitionKey} {e.RowKey}", e.GetString("Data")))
            .OrderBy(r => r.Item1, StringComparer.Ordinal)
            .ToListAsync();

    [Fact]
    public async Task A_payee_lists_one_status_as_one_range_that_follows_each_step()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var store = new PayoutStore(storage);
        var old = Approved("APP-0");
        await storage.Payouts.TryInsertAsync(old.Id, "payout", old);
        await storage.PayoutIndex.UpsertAsync("status|Approved", old.Id, old);
        await storage.PayoutIndex.UpsertAsync("payee|tanaka@example.ac.jp", old.Id, old); // as written before status keys
        await store.CreateIfMissingAsync(Approved("APP-1"));
        await store.CreateIfMissingAsync(Approved("APP-2"));

        Assert.Equal(["PO-APP-0", "PO-APP-1", "PO-APP-2"], (await store.ListByPayeeAsync("tanaka@example.ac.jp", PayoutStatus.Approved)).Select(p => p.Id).Order());
        await store.CreateBatchAsync("B-1", "finance@example.ac.jp", At);

        Assert.Empty(await store.ListByPayeeAsync("tanaka@example.ac.jp", PayoutStatus.Approved));
        Assert.Equal(["PO-APP-0", "PO-APP-1", "PO-APP-2"], (await store.ListByPayeeAsync("tanaka@example.ac.jp", PayoutStatus.Batched)).Select(p => p.Id).Order());
        Assert.Equal(["PO-APP-0", "PO-APP-1", "PO-APP-2"], await store.ListByPayeeAsync("tanaka@example.ac.jp").Select(p => p.Id).ToArrayAsync());
        foreach (var id in new[] { "PO-APP-0", "PO-APP-1", "PO-APP-2" })
        {
            // The copies written before the index's one partition went when the claim found none there.
            Assert.Equal(PayoutIndexTests.Three(PayoutStatus.Batched, id), await PayoutIndexTests.RowsAsync(storage, id));
        }
    }

    [Fact]
    public async Task A_batch_claims_every_approved_payout_and_the_next_batch_finds_none()
    {
        var store = await NewStoreAsync();
        await store.CreateIfMissingAsync(Approved("APP-1", 100_000));
        await store.CreateIfMissingAsync(Approved("APP-2", 250_000, "suzuki@example.ac.jp"));
        await store.CreateIfMissingAsync(Approved("APP-3", 80_000));

        var batch = await store.CreateBatchAsync("B-1", "finance@example.ac.jp", At);

        Assert.NotNull(batch);
        Assert.Equal("B-1", batch.Id);
        Assert.Equal(3, batch.Count);
        Assert.Equal(new Yen(430_000), batch.Total);
        Assert.Equal(["PO-APP-1", "PO-APP-2", "PO-APP-3"], await store.ListBatchItemsAsync("B-1").Select(p => p.Id).ToArrayAsync());
        foreach (var id in new[] { "PO-APP-1", "PO-APP-2", "PO-APP-3" })
        {
            var payout = (await store.GetAsync(id))!;
            Assert.Equal(PayoutStatus.Batched, payout.Status);
            Assert.Equal("B-1", payout.BatchId);
        }

        Assert.Empty(await store.ListByStatusAsync(PayoutStatus.Approved).ToListAsync());
        Assert.Equal(3, await store.ListByStatusAsync(PayoutStatus.Batched).CountAsync());
        Assert.All(await store.ListByPayeeAsync("tanaka@example.ac.jp").ToListAsync(), p => Assert.Equal(PayoutStatus.Batched, p.Status));

        Assert.Null(await store.CreateBatchAsync("B-2", "finance@example.ac.jp", At.AddMinutes(1)));
        Assert.Null(await store.GetBatchAsync("B-2"));

        // A payout approved later goes into the next batch, not the old one.
        await store.CreateIfMissingAsync(Approved("APP-4", 50_000));
        var next = await store.CreateBatchAsync("B-3", "finance@example.ac.jp", At.AddMinutes(2));
        Assert.Equal(1, next!.Count);
        Assert.Equal(3, await store.ListBatchItemsAsync("B-1").CountAsync());
    }

    [Fact]
    public async Task Repeating_a_batch_id_returns_the_same_batch()
    {
        var store = await NewStoreAsync();
        await store.CreateIfMissingAsync(Approved("APP-1"));
        var first = await store.CreateBatchAsync("B-1", "finance@example.ac.jp", At);

        await store.CreateIfMissingAsync(Approved("APP-2"));
        var repeated = await store.CreateBatchAsync("B-1", "finance@example.ac.jp", At.AddMinutes(10));

        Assert.Equal(first, repeated);
        Assert.Equal(1, repeated!.Count);
        Assert.Equal(["PO-APP-1"], await store.ListBatchItemsAsync("B-1").Select(p => p.Id).ToArrayAsync());
        Assert.Equal(PayoutStatus.Approved, (await store.GetAsync("PO-APP-2"))!.Status);
    }

    [Fact]
    public async Task The_same_batch_requested_twice_at_once_describes_exactly_the_payouts_it_holds()
    {
        // Two requests for batch B-1 (a double click with one Idempotency-Key, or a retry racing the first try),
        // interleaved at the worst moment: B reads PO-APP-1, A claims it, B's claim loses (412) and B must decide
        // again from what A saved. Both must count PO-APP-1 (its item is written before any claim).
        var azurite = await Azurite.SharedAsync();
        var prefix = Azurite.NewPrefix();
        await azurite.NewStorageAsync(prefix);
        var bReadFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aClaimedFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var storeA = StoreWith(azurite, prefix, new Gate(prefix,
            beforeClaim: () => bReadFirst.Task, afterClaim: aClaimedFirst.SetResult));
        var storeB = StoreWith(azurite, prefix, new Gate(prefix,
            afterRead: bReadFirst.SetResult, beforeClaim: () => aClaimedFirst.Task));
        await storeA.CreateIfMissingAsync(Approved("APP-1", 100_000));
        await storeA.CreateIfMissingAsync(Approved("APP-2", 250_000));

        var a = Task.Run(() => storeA.CreateBatchAsync("B-1", "finance@example.ac.jp", At));
        var b = Task.Run(() => storeB.CreateBatchAsync("B-1", "finance@example.ac.jp", At));
        var batches = await Task.WhenAll(a, b).WaitAsync(TimeSpan.FromSeconds(30));

        var items = await storeA.ListBatchItemsAsync("B-1").Select(p => p.Id).ToArrayAsync();
        Assert.Equal(["PO-APP-1", "PO-APP-2"], items);
        var stored = (await storeA.GetBatchAsync("B-1"))!;
        Assert.Equal(2, stored.Count);
        Assert.Equal(new Yen(350_000), stored.Total);
        Assert.All(batches, batch => Assert.Equal(stored, batch));
    }

    static PayoutStore StoreWith(Azurite azurite, string prefix, HttpPipelinePolicy gate)
    {
        var options = new TableClientOptions();
        options.AddPolicy(gate, HttpPipelinePosition.PerCall);
        return new PayoutStore(new GrantsStorage(new TableServiceClient(azurite.ConnectionString, options), new BlobServiceClient(azurite.ConnectionString), prefix));
    }

    /// <summary>Holds or signals the first read and claim (conditional replace) of PO-APP-1 that one store sends.</summary>
    sealed class Gate(string prefix, Action? afterRead = null, Func<Task>? beforeClaim = null, Action? afterClaim = null)
        : HttpPipelinePolicy
    {
        int reads;
        int claims;

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("The stores call storage asynchronously.");

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var path = Uri.UnescapeDataString(message.Request.Uri.Path);
            var method = message.Request.Method;
            var payoutRow = path.Contains($"/{prefix}payouts(PartitionKey='PO-APP-1'", StringComparison.Ordinal);
            var isClaim = payoutRow && method == RequestMethod.Put && Interlocked.Increment(ref claims) == 1;
            var isRead = payoutRow && method == RequestMethod.Get && Interlocked.Increment(ref reads) == 1;
            if (isClaim && beforeClaim is not null)
            {
                await beforeClaim().WaitAsync(TimeSpan.FromSeconds(20));
            }

            await ProcessNextAsync(message, pipeline);
            if (isRead)
            {
                afterRead?.Invoke();
            }

            if (isClaim)
            {
                afterClaim?.Invoke();
            }
        }
    }

    [Fact]
    public async Task Two_concurrent_batches_never_claim_the_same_payout()
    {
        var store = await NewStoreAsync();
        const int payouts = 30;
        await Task.WhenAll(Enumerable.Range(0, payouts).Select(i => store.CreateIfMissingAsync(Approved($"APP-{i:D2}", 1_000 + i))));

        var batches = await Task.WhenAll(
            Task.Run(() => store.CreateBatchAsync("B-A", "finance@example.ac.jp", At)),
            Task.Run(() => store.CreateBatchAsync("B-B", "finance2@example.ac.jp", At)));

        var itemsA = await store.ListBatchItemsAsync("B-A").Select(p => p.Id).ToListAsync();
        var itemsB = await store.ListBatchItemsAsync("B-B").Select(p => p.Id).ToListAsync();
        Assert.Empty(itemsA.Intersect(itemsB));
        Assert.Equal(payouts, itemsA.Count + itemsB.Count);
        Assert.Equal(payouts, batches.Sum(b => b?.Count ?? 0));
        Assert.Equal(Yen.Sum(Enumerable.Range(0, payouts).Select(i => new Yen(1_000 + i))), Yen.Sum(batches.Select(b => b?.Total ?? Yen.Zero)));
        foreach (var (batchId, items) in new[] { ("B-A", itemsA), ("B-B", itemsB) })
        {
            foreach (var id in items)
            {
                Assert.Equal(batchId, (await store.GetAsync(id))!.BatchId);
            }
        }

        Assert.Empty(await store.ListByStatusAsync(PayoutStatus.Approved).ToListAsync());
        Assert.Null(await store.CreateBatchAsync("B-C", "finance@example.ac.jp", At));
    }
}
