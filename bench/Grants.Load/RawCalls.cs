using Azure.Data.Tables;
using Grants.Workflows.Demo;
using Grants.Workflows.Storage;
using Grpc.Net.Client;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Grants.Load;

/// <summary>
/// The least each measured endpoint must ask of storage, made directly with the same Azure SDK <see cref="TableClient"/>
/// against the runtime's own tables in the same Azurite (and, for submit, the runtime's own durable engine through the
/// Durable Task SDK's client): the baseline each endpoint's latency is divided by.
/// </summary>
sealed class RawCalls : IAsyncDisposable
{
    readonly TableServiceClient tables;
    readonly string prefix;
    readonly GrpcChannel channel;
    readonly IHost client;
    readonly TableClient scratch;
    string document = "{}";

    RawCalls(TableServiceClient tables, string prefix, GrpcChannel channel, IHost client)
    {
        this.tables = tables;
        this.prefix = prefix;
        this.channel = channel;
        this.client = client;
        scratch = tables.GetTableClient(prefix + "benchraw");
    }

    /// <summary>Raw calls against <paramref name="runtime"/>'s tables and engine; <paramref name="sampleApplicationId"/> gives the size of the entity a raw write writes.</summary>
    public static async Task<RawCalls> StartAsync(LocalRuntime runtime, string storageConnection, string sampleApplicationId)
    {
        var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{runtime.SidecarPort}");
        var host = Host.CreateApplicationBuilder();
        host.Logging.ClearProviders();
        host.Services.AddDurableTaskClient(c => c.UseGrpc(channel));
        var built = host.Build();
        await built.StartAsync();
        var raw = new RawCalls(new TableServiceClient(storageConnection), runtime.Prefix, channel, built);
        await raw.scratch.CreateIfNotExistsAsync();
        var sample = await raw.Table("applications").GetEntityAsync<TableEntity>(TableKey.Encode(sampleApplicationId), "application");
        raw.document = sample.Value.GetString("Data");
        return raw;
    }

    TableClient Table(string name) => tables.GetTableClient(prefix + name);

    /// <summary>
    /// GET /applications/{id}: the application's row with the history lines its saves wrote beside it in its partition
    /// (row keys <c>application</c>, then <c>trail|…</c>: one range), and its audit partition, read at the same time.
    /// </summary>
    public async Task<bool> ViewAsync(string applicationId)
    {
        var key = TableKey.Encode(applicationId);
        var range = TableClient.CreateQueryFilter($"PartitionKey eq {key} and RowKey ge {"application"} and RowKey lt {"trail}"}");
        var rowAndLines = CountAsync(Table("applications").QueryAsync<TableEntity>(range));
        var history = ReadPartitionAsync(Table("audit"), key);
        await Task.WhenAll(rowAndLines, history);
        return rowAndLines.Result > 0;
    }

    /// <summary>
    /// An applicant's list: their applicant and endorser ranges of the index's one partition (rows
    /// <c>applicant|{person}|~{status}|{id}</c> and <c>endorser|…</c>), read at the same time. (Until 2026-12-01 the raw
    /// side read the partitions a person's rows had before they moved into that one, empty since.)
    /// </summary>
    public async Task<bool> ApplicantListAsync(string applicantId)
    {
        var index = Table("applicationindex");
        // An applicant with no application yet has an empty list: still a complete answer.
        await Task.WhenAll(ReadRangeAsync(index, $"applicant|{TableKey.Segment(applicantId)}|"), ReadRangeAsync(index, $"endorser|{TableKey.Segment(applicantId)}|"));
        return true;
    }

    /// <summary>A staff list by status: that status's range of the status partition.</summary>
    public async Task<bool> StatusListAsync(string status) => await ReadRangeAsync(Table("applicationindex"), $"~{status}|") >= 0;

    /// <summary>The rows of the index's one partition (<c>status</c>) whose row key starts with <paramref name="prefix"/>.</summary>
    static Task<int> ReadRangeAsync(TableClient index, string prefix)
    {
        var start = TableKey.Encode(prefix);
        return CountAsync(index.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"status"} and RowKey ge {start} and RowKey lt {TableKey.After(start)}")));
    }

    /// <summary>The approver's queue: the awaiting-approval partition and the budgets of the director's fund, read at the same time.</summary>
    public async Task<bool> QueueAsync()
    {
        var budgets = TableClient.CreateQueryFilter($"PartitionKey eq {DemoData.DirectorFund} and RowKey ge {"budget|"} and RowKey lt {"budget}"}");
        await Task.WhenAll(StatusListAsync("AwaitingApproval"), CountAsync(Table("budgets").QueryAsync<TableEntity>(budgets)));
        return true;
    }

    /// <summary>Submit: one application-sized entity written, then one orchestration scheduled through the engine's own client (to start a day later, so it adds no work).</summary>
    public async Task<bool> WriteAndScheduleAsync(int i)
    {
        var id = $"raw-{Guid.NewGuid():N}";
        await scratch.UpsertEntityAsync(new TableEntity(id, "application") { ["Data"] = document }, TableUpdateMode.Replace);
        var durable = client.Services.GetRequiredService<DurableTaskClient>();
        await durable.ScheduleNewOrchestrationInstanceAsync("RawBaselineStart", i, new StartOrchestrationOptions(id, DateTimeOffset.UtcNow.AddDays(1)));
        return true;
    }

    static Task<int> ReadPartitionAsync(TableClient table, string partitionKey) =>
        CountAsync(table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}")));

    static async Task<int> CountAsync(Azure.AsyncPageable<TableEntity> query)
    {
        var count = 0;
        await foreach (var _ in query)
        {
            count++;
        }

        return count;
    }

    public async ValueTask DisposeAsync()
    {
        await client.StopAsync();
        client.Dispose();
        channel.Dispose();
    }
}
