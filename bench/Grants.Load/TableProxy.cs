using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace Grants.Load;

/// <summary>Counts of Table Storage traffic for one table.</summary>
sealed class TableCounts
{
    public long Requests;
    public long Queries;
    public long QueryPages;
    public long PointReads;
    public long EntitiesRead;
    public long Writes;
    public long Scans;

    public TableCounts Minus(TableCounts before) => new()
    {
        Requests = Requests - before.Requests,
        Queries = Queries - before.Queries,
        QueryPages = QueryPages - before.QueryPages,
        PointReads = PointReads - before.PointReads,
        EntitiesRead = EntitiesRead - before.EntitiesRead,
        Writes = Writes - before.Writes,
        Scans = Scans - before.Scans,
    };

    public TableCounts Copy() => Minus(new TableCounts());

    public void Add(TableCounts other)
    {
        Requests += other.Requests;
        Queries += other.Queries;
        QueryPages += other.QueryPages;
        PointReads += other.PointReads;
        EntitiesRead += other.EntitiesRead;
        Writes += other.Writes;
        Scans += other.Scans;
    }
}

/// <summary>
/// A pass-through HTTP proxy in front of Azurite's table service. The local runtime's connection string points its
/// TableEndpoint here, so the unchanged runtime is measured: for every request to a table whose name starts with the
/// prefix, it counts the entities Table Storage actually returned (the <c>value</c> array of each query page, 1 for a
/// point read that found its row), query pages (continuations), writes, and queries without a PartitionKey equality (scans).
/// </summary>
sealed partial class TableProxy : IAsyncDisposable
{
    readonly WebApplication app;
    readonly HttpClient azurite;
    /// <summary>
    /// Where point reads of a change stamp (row key <c>changed</c>: the directory's, the catalog's, the funds') are counted,
    /// apart from the step or table they serve: the kept copies' timers make them every 4 s per copy and instance while
    /// the copies are in use, however many requests or applications there are.
    /// </summary>
    public const string StampChecks = "(change-stamp checks)";

    /// <summary>The table name (after the prefix) the stamp checks are counted under.</summary>
    public const string StampTable = "~stampchecks";

    readonly string prefix;
    readonly ConcurrentDictionary<string, TableCounts> tables = new(StringComparer.OrdinalIgnoreCase);
    readonly ConcurrentDictionary<string, TableCounts> steps = new(StringComparer.Ordinal);

    /// <summary>The same counts split by step and table, keyed <c>{step}\t{table}</c>.</summary>
    readonly ConcurrentDictionary<string, TableCounts> stepTables = new(StringComparer.Ordinal);

    TableProxy(WebApplication app, HttpClient azurite, string prefix, int port)
    {
        this.app = app;
        this.azurite = azurite;
        this.prefix = prefix;
        Port = port;
    }

    public int Port { get; }

    public static async Task<TableProxy> StartAsync(int azuriteTablePort, string prefix)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None, UseProxy = false, MaxConnectionsPerServer = 256 })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{azuriteTablePort}"),
            Timeout = TimeSpan.FromSeconds(100),
        };
        var proxy = new TableProxy(app, http, prefix, port);
        app.Run(proxy.ForwardAsync);
        await app.StartAsync();
        return proxy;
    }

    /// <summary>A copy of the counts so far, per table.</summary>
    public Dictionary<string, TableCounts> Snapshot() => Copy(tables);

    /// <summary>A copy of the counts so far, per step (the workflow activity or API route the runtime named in <c>x-grants-step</c>).</summary>
    public Dictionary<string, TableCounts> StepSnapshot() => Copy(steps);

    /// <summary>A copy of the counts so far, per step and table (keyed <c>{step}\t{table}</c>, the table without the run's prefix).</summary>
    public Dictionary<string, TableCounts> StepTableSnapshot() => Copy(stepTables);

    static Dictionary<string, TableCounts> Copy(ConcurrentDictionary<string, TableCounts> counts) =>
        counts.ToDictionary(t => t.Key, t => { lock (t.Value) { return t.Value.Copy(); } }, counts.Comparer);

    public static Dictionary<string, TableCounts> Delta(Dictionary<string, TableCounts> after, Dictionary<string, TableCounts> before) =>
        after.ToDictionary(a => a.Key, a => before.TryGetValue(a.Key, out var b) ? a.Value.Minus(b) : a.Value.Copy());

    public static TableCounts Total(Dictionary<string, TableCounts> counts)
    {
        var total = new TableCounts();
        foreach (var c in counts.Values)
        {
            total.Add(c);
        }

        return total;
    }

    /// <summary>Waits until no counted request arrived for <paramref name="quiet"/> (background workflow steps have finished).</summary>
    public async Task WaitForQuietAsync(TimeSpan quiet, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        var last = Total(Snapshot()).Requests;
        var since = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            var now = Total(Snapshot()).Requests;
            if (now != last)
            {
                (last, since) = (now, DateTime.UtcNow);
            }
            else if (DateTime.UtcNow - since >= quiet)
            {
                return;
            }
        }
    }

    async Task ForwardAsync(HttpContext context)
    {
        // The raw target, exactly as the client sent it (Request.Path would be unescaped), so Azurite sees what was signed.
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(azurite.BaseAddress!, rawTarget));
        byte[]? body = null;
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            body = buffer.ToArray();
            request.Content = new ByteArrayContent(body);
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        using var response = await azurite.SendAsync(request, HttpCompletionOption.ResponseContentRead, context.RequestAborted);
        var content = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
        var step = context.Request.Headers["x-grants-step"].FirstOrDefault() ?? "(no step)";
        Count(context.Request.Method, rawTarget, (int)response.StatusCode, content, step, body);

        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            if (header.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) || header.Key.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            context.Response.Headers[header.Key] = header.Value.ToArray();
        }

        context.Response.ContentLength = content.Length;
        await context.Response.Body.WriteAsync(content, context.RequestAborted);
    }

    void Count(string method, string rawTarget, int status, byte[] content, string step, byte[]? body)
    {
        // /devstoreaccount1/<table>(...)?... or /devstoreaccount1/<table>?... or /devstoreaccount1/$batch
        var path = rawTarget.Split('?', 2)[0];
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2)
        {
            return;
        }

        var resource = Uri.UnescapeDataString(segments[1]);
        var table = resource.Split('(', 2)[0];
        if (table.Equals("$batch", StringComparison.OrdinalIgnoreCase))
        {
            // A batch (entity group transaction) names its one table inside the multipart body: the engine's history
            // batches are not Grants', and Grants' own are counted against their table.
            table = BatchTable().Match(body is null ? "" : System.Text.Encoding.UTF8.GetString(body)).Groups[1].Value;
        }

        if (!table.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var stamp = method.Equals("GET", StringComparison.OrdinalIgnoreCase) && resource.EndsWith("RowKey='changed')", StringComparison.Ordinal);
        Add(tables.GetOrAdd(stamp ? prefix + StampTable : table, _ => new TableCounts()), method, rawTarget, resource, status, content);
        var attributed = stamp ? StampChecks : step;
        Add(steps.GetOrAdd(attributed, _ => new TableCounts()), method, rawTarget, resource, status, content);
        Add(stepTables.GetOrAdd($"{attributed}\t{table[prefix.Length..]}", _ => new TableCounts()), method, rawTarget, resource, status, content);
    }

    static void Add(TableCounts counts, string method, string rawTarget, string resource, int status, byte[] content)
    {
        lock (counts)
        {
            counts.Requests++;
            if (!method.Equals("GET", StringComparison.OrdinalIgnoreCase))
            {
                counts.Writes++;
                return;
            }

            var isPointRead = resource.Contains("PartitionKey=", StringComparison.Ordinal) && resource.Contains("RowKey=", StringComparison.Ordinal);
            if (isPointRead)
            {
                counts.PointReads++;
                counts.EntitiesRead += status == 200 ? 1 : 0;
                return;
            }

            var query = rawTarget.Contains('?', StringComparison.Ordinal) ? Uri.UnescapeDataString(rawTarget.Split('?', 2)[1]) : "";
            var continued = query.Contains("NextPartitionKey", StringComparison.Ordinal) || query.Contains("NextRowKey", StringComparison.Ordinal);
            counts.QueryPages++;
            if (!continued)
            {
                counts.Queries++;
                if (!query.Contains("PartitionKey eq", StringComparison.Ordinal))
                {
                    counts.Scans++;
                }
            }

            if (status == 200 && content.Length > 0)
            {
                using var json = JsonDocument.Parse(content);
                if (json.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array)
                {
                    counts.EntitiesRead += value.GetArrayLength();
                }
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"/devstoreaccount1/([A-Za-z][A-Za-z0-9]*)[(?\s]")]
    private static partial System.Text.RegularExpressions.Regex BatchTable();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        azurite.Dispose();
    }
}
