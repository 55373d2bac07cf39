using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Grants.Tests.Infrastructure;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;
using Grants.Workflows.Storage;

namespace Grants.Tests.Storage;

/// <summary>The payout index's one partition: what issuing and changing a payout cost, and that concurrent writers and the move of old copies leave each payout listed once, as its record says.</summary>
[Trait("Kind", "Storage")]
public sealed class PayoutIndexTests
{
    const string Tanaka = "tanaka@example.ac.jp";

    static readonly DateTimeOffset At = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    static Payout Approved(string applicationId, string payee = Tanaka) =>
        new(Payout.IdFor(applicationId), applicationId, payee, "田中 花子", "タナカ ハナコ", "director-discretionary", "DIR-001",
            new FiscalYear(2026), new Yen(100_000), PayoutStatus.Approved, At);

    static Payout? Cancel(Payout p) => p.Status == PayoutStatus.Approved ? p with { Status = PayoutStatus.Cancelled, CancelReason = "取り下げ" } : null;

    /// <summary>Every index row of one payout as "partition row", in key order, old partitions and new.</summary>
    internal static async Task<List<string>> RowsAsync(GrantsStorage storage, string payoutId) =>
        await storage.PayoutIndex.Client.QueryAsync<TableEntity>()
            .Where(e => e.RowKey.EndsWith(payoutId, StringComparison.Ordinal))
            .Select(e => $"{e.PartitionKey} {e.RowKey}")
            .OrderBy(k => k, StringComparer.Ordinal)
            .ToListAsync();

    /// <summary>The three rows a payout of <see cref="Tanaka"/> in 2026 has with this status, as <see cref="RowsAsync"/> lists them.</summary>
    internal static List<string> Three(PayoutStatus status, string payoutId) =>
        [$"payouts payee|{Tanaka}|~{status}|{payoutId}", $"payouts year|2026|{payoutId}", $"payouts ~{status}|{payoutId}"];

    /// <summary>Every list holds the payout once, as its record says, and no list of another status holds it.</summary>
    static async Task AssertListedAsAsync(PayoutStore store, Payout record)
    {
        foreach (var status in Enum.GetValues<PayoutStatus>())
        {
            var listed = await store.ListByStatusAsync(status).Where(p => p.Id == record.Id).ToListAsync();
            var payees = (await store.ListByPayeeAsync(record.PayeeId, status)).Where(p => p.Id == record.Id).ToList();
            Assert.Equal(status == record.Status ? [record] : [], listed);
            Assert.Equal(status == record.Status ? [record] : [], payees);
        }

        Assert.Equal(record, await store.ListByPayeeAsync(record.PayeeId).SingleAsync(p => p.Id == record.Id));
        Assert.Equal(record, await store.ListByFiscalYearAsync(record.FiscalYear).SingleAsync(p => p.Id == record.Id));
    }

    [Fact]
    public async Task Issuing_a_payout_is_its_record_and_one_transaction_of_its_three_rows()
    {
        var (storage, prefix) = await NewStorageAsync();
        var traffic = new Traffic(prefix);
        var store = StoreWith(prefix, traffic);

        var created = await store.CreateIfMissingAsync(Approved("APP-1"));

        Assert.Equal(["POST payouts", "POST payoutindex"], traffic.Requests);
        Assert.Equal(Three(PayoutStatus.Approved, created.Id), await RowsAsync(storage, created.Id));
        await AssertListedAsAsync(store, created);
    }

    [Fact]
    public async Task A_status_change_moves_the_rows_in_one_transaction()
    {
        var (storage, prefix) = await NewStorageAsync();
        var traffic = new Traffic(prefix);
        var store = StoreWith(prefix, traffic);
        await store.MoveOldIndexCopiesAsync();
        var created = await store.CreateIfMissingAsync(Approved("APP-1"));
        traffic.Clear();

        var (cancelled, changed) = (await store.UpdateAsync(created.Id, Cancel))!.Value;

        // Read, change, the index's one transaction, and the read that sees nobody changed it meanwhile.
        Assert.True(changed);
        Assert.Equal(["GET payouts", "PUT payouts", "POST payoutindex", "GET payouts"], traffic.Requests);
        Assert.Equal(Three(PayoutStatus.Cancelled, created.Id), await RowsAsync(storage, created.Id));
        await AssertListedAsAsync(store, cancelled);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_payout_changed_by_another_writer_before_its_rows_are_written_ends_with_its_current_rows(bool theirsLandsFirst)
    {
        // A finance step finds the new payout by id and cancels it after its record is inserted and before the issuing
        // step's transaction of rows: its own transaction lands before the issuer's (which then writes nothing) or after
        // (and moves the issuer's rows).
        var (storage, prefix) = await NewStorageAsync();
        var issuing = new Traffic(prefix, IsIndexTransaction);
        var finance = new Traffic(prefix, theirsLandsFirst ? null : IsIndexTransaction);
        var issuer = StoreWith(prefix, issuing);
        var desk = StoreWith(prefix, finance);

        var creating = issuer.CreateIfMissingAsync(Approved("APP-1"));
        await issuing.Arrived.WaitAsync(TimeSpan.FromSeconds(30));
        var cancelling = desk.UpdateAsync("PO-APP-1", Cancel);
        if (!theirsLandsFirst)
        {
            await finance.Arrived.WaitAsync(TimeSpan.FromSeconds(30));
            issuing.Release();
            await creating.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(Three(PayoutStatus.Approved, "PO-APP-1"), await RowsAsync(storage, "PO-APP-1"));
            finance.Release();
        }

        var (cancelled, _) = (await cancelling.WaitAsync(TimeSpan.FromSeconds(30)))!.Value;
        issuing.Release();
        await creating.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(PayoutStatus.Cancelled, (await issuer.GetAsync("PO-APP-1"))!.Status);
        Assert.Equal(Three(PayoutStatus.Cancelled, "PO-APP-1"), await RowsAsync(storage, "PO-APP-1"));
        await AssertListedAsAsync(issuer, cancelled);
    }

    [Fact]
    public async Task A_step_cut_short_between_its_record_and_its_rows_is_repaired_when_repeated()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var store = new PayoutStore(storage);

        // An issue that died after the record: the repeated issue writes the rows.
        await storage.Payouts.TryInsertAsync("PO-APP-1", "payout", Approved("APP-1"));
        var created = await store.CreateIfMissingAsync(Approved("APP-1"));
        Assert.Equal(Three(PayoutStatus.Approved, created.Id), await RowsAsync(storage, created.Id));

        // A cancellation that died after the record: repeated, it finds its change made and moves the rows.
        await storage.Payouts.UpdateAsync(created.Id, "payout", Cancel);
        var (cancelled, changed) = (await store.UpdateAsync(created.Id, Cancel))!.Value;
        Assert.False(changed);
        Assert.Equal(Three(PayoutStatus.Cancelled, created.Id), await RowsAsync(storage, created.Id));
        await AssertListedAsAsync(store, cancelled);

        // Projected again as it is: the rows stay the same three.
        await store.ProjectAsync(created.Id);
        Assert.Equal(Three(PayoutStatus.Cancelled, created.Id), await RowsAsync(storage, created.Id));
    }

    [Fact]
    public async Task A_bulk_step_repeated_after_some_payouts_moved_leaves_each_with_its_three_rows()
    {
        // Reads of the payout index: a repair reads a payout's rows, a move or a replacement reads none.
        var indexReads = new RequestCounter(r => r.Method == RequestMethod.Get && r.Uri.Path.Contains("payoutindex", StringComparison.Ordinal));
        var storage = await indexReads.StorageAsync();
        var store = new PayoutStore(storage);
        var ids = Enumerable.Range(1, 25).Select(i => $"APP-{i:D2}").ToList();
        foreach (var id in ids)
        {
            await store.CreateIfMissingAsync(Approved(id));
        }

        await store.CreateBatchAsync("B-1", "finance@example.ac.jp", At);
        var exported = new List<Stored<Payout>>();
        foreach (var id in ids)
        {
            exported.Add((await store.ChangeRecordAsync(Payout.IdFor(id), p => p with { Status = PayoutStatus.Exported }))!);
        }

        // The first try projected only some before it died; the repeat projects them all.
        await store.ProjectManyAsync(exported.Take(7).ToList(), PayoutStatus.Batched);
        indexReads.Reset();
        await store.ProjectManyAsync(exported, PayoutStatus.Batched);

        // Those moved already (their transaction failed with the others') are found where they now are, not repaired.
        Assert.Equal(0, indexReads.Count);

        foreach (var record in exported)
        {
            Assert.Equal(Three(PayoutStatus.Exported, record.Value.Id), await RowsAsync(storage, record.Value.Id));
        }

        Assert.Equal(25, await store.ListByStatusAsync(PayoutStatus.Exported).CountAsync());
        Assert.Empty(await store.ListByStatusAsync(PayoutStatus.Batched).ToListAsync());
    }

    /// <summary>A transaction whose actions go to the payout index.</summary>
    internal static bool IsIndexTransaction(Request request) => request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal) && TableOf(request).EndsWith("payoutindex", StringComparison.Ordinal);

    /// <summary>The table a request goes to: the last path segment without an entity's keys; for a transaction, the table its first action names.</summary>
    internal static string TableOf(Request request)
    {
        var last = Uri.UnescapeDataString(request.Uri.Path).Split('/')[^1];
        if (last != "$batch" || request.Content is null)
        {
            return last.Split('(')[0];
        }

        using var body = new MemoryStream();
        request.Content.WriteTo(body, CancellationToken.None);
        return Regex.Match(Encoding.UTF8.GetString(body.ToArray()), @"^(?:POST|PUT|PATCH|MERGE|DELETE) \S*/(\w+)(?:[(?]\S*)? HTTP/1\.1", RegexOptions.Multiline).Groups[1].Value;
    }

    internal static async Task<(GrantsStorage Storage, string Prefix)> NewStorageAsync()
    {
        var prefix = Azurite.NewPrefix();
        return (await (await Azurite.SharedAsync()).NewStorageAsync(prefix), prefix);
    }

    internal static PayoutStore StoreWith(string prefix, HttpPipelinePolicy policy) => new(StorageWith(prefix, policy));

    internal static GrantsStorage StorageWith(string prefix, HttpPipelinePolicy policy)
    {
        var azurite = Azurite.SharedAsync().Result;
        var options = new TableClientOptions();
        options.AddPolicy(policy, HttpPipelinePosition.PerCall);
        return new GrantsStorage(new TableServiceClient(azurite.ConnectionString, options), new BlobServiceClient(azurite.ConnectionString), prefix);
    }

    /// <summary>
    /// Records each table request of one storage prefix as "METHOD table" (a transaction by the table its body names), and
    /// holds the first request <paramref name="holds"/> selects until <see cref="Release"/>, saying when it arrived.
    /// </summary>
    internal sealed class Traffic(string prefix, Func<Request, bool>? holds = null) : HttpPipelinePolicy
    {
        readonly ConcurrentQueue<string> seen = new();
        readonly TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        int held;

        public IReadOnlyList<string> Requests => [.. seen];

        /// <summary>Done when the held request has reached this policy, which holds it.</summary>
        public Task Arrived => arrived.Task;

        public void Clear() => seen.Clear();

        public void Release() => released.TrySetResult();

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("The stores call storage asynchronously.");

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var table = TableOf(message.Request);
            if (table.StartsWith(prefix, StringComparison.Ordinal))
            {
                seen.Enqueue($"{message.Request.Method.Method} {table[prefix.Length..]}");
            }

            if (holds is not null && holds(message.Request) && Interlocked.Exchange(ref held, 1) == 0)
            {
                arrived.TrySetResult();
                await released.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }

            await ProcessNextAsync(message, pipeline);
        }
    }
}
