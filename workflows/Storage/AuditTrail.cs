using Azure.Data.Tables;
using Grants.Workflows.Applications;

namespace Grants.Workflows.Storage;

/// <summary>One line of the append-only audit trail: who did what to which subject, and when.</summary>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string Detail, string? CorrelationId = null)
{
    /// <summary>The actor's name from the directory, added when the trail is read for a person; never stored.</summary>
    public string? ActorName { get; init; }

    /// <summary>The detail in words, Japanese and English, with people by name, added when the trail is read for a person; never stored.</summary>
    public string? DetailJa { get; init; }

    public string? DetailEn { get; init; }
}

/// <summary>
/// The append-only record of every change. Each subject (an application, a batch) is one partition,
/// so its history is a single partition query; a step's key is deterministic so a retried activity writes it once.
/// A line that records a save of an application is written in the application's own partition of the applications table
/// instead (<see cref="InApplication"/>), in the same transaction as the save; a subject's history reads both places.
/// </summary>
public sealed class AuditTrail(GrantsStorage storage)
{
    /// <summary>What the row keys of an application's lines in its own partition start with (the application's row is <c>application</c>).</summary>
    const string ApplicationLines = "trail|";

    /// <summary>Appends the entry once; an entry written while an API request is served carries that request's correlation id unless it has one.</summary>
    public Task AppendAsync(string subject, string stepKey, AuditEntry entry, CancellationToken cancellationToken = default) =>
        storage.Audit.TryInsertAsync(subject, RowKey(stepKey, entry.At), Correlated(entry), cancellationToken);

    /// <summary>
    /// Appends the entries of one subject, each once: one transaction of the subject's partition; when a repeated step finds
    /// any of them written already, each is appended on its own (inserting only what is missing).
    /// </summary>
    public Task AppendAllAsync(string subject, IReadOnlyList<(string StepKey, AuditEntry Entry)> entries, CancellationToken cancellationToken = default) =>
        RowsOnce.AddAsync(storage.Audit.Client, [.. entries.Select(e => DocumentTable<AuditEntry>.ToEntity(subject, RowKey(e.StepKey, e.Entry.At), Correlated(e.Entry)))], cancellationToken);

    /// <summary>Whether the step's entry is written: a step whose entry is its last write knows from it that it finished.</summary>
    public async Task<bool> HasAsync(string subject, string stepKey, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        await storage.Audit.GetAsync(subject, RowKey(stepKey, at), cancellationToken) is not null;

    /// <summary>
    /// The subject's history in time order: its partition of the audit table and, for an application, the lines written
    /// with its saves in its own partition, read at the same time (a line found in both, by a rerun across a deploy, once).
    /// </summary>
    public async IAsyncEnumerable<AuditEntry> ReadAsync(string subject, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var (_, entry) in await ReadKeyedAsync(subject, cancellationToken))
        {
            yield return entry;
        }
    }

    /// <summary>As <see cref="ReadAsync"/>, each line with its key (<see cref="RowKey"/>), from one query of each place.</summary>
    public Task<List<(string Key, AuditEntry Entry)>> ReadKeyedAsync(string subject, CancellationToken cancellationToken = default) =>
        MergeAsync(subject, QueryApplicationPartitionAsync(subject, ApplicationLines, cancellationToken), cancellationToken);

    /// <summary>
    /// An application's row (with its ETag; null when there is none) and its history, read at the same time: one query of
    /// the application's partition, from its row to the last of its lines (its versions sort after them and are not read),
    /// and one of its partition of the audit table.
    /// </summary>
    public async Task<(Stored<Application>? Application, List<AuditEntry> History)> ReadWithApplicationAsync(string applicationId, CancellationToken cancellationToken = default)
    {
        var partition = QueryApplicationPartitionAsync(applicationId, ApplicationStore.Row, cancellationToken);
        var history = MergeAsync(applicationId, partition, cancellationToken);
        var row = (await partition).SingleOrDefault(r => r.Key == ApplicationStore.Row).Row;
        return (row is null ? null : new Stored<Application>(DocumentTable<Application>.Read(row), row.ETag), [.. (await history).Select(l => l.Entry)]);
    }

    /// <summary>The rows of the application's partition from <paramref name="from"/> to the last line, each keyed as stored (a line's key without its prefix).</summary>
    async Task<List<(string Key, TableEntity Row)>> QueryApplicationPartitionAsync(string applicationId, string from, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Encode(applicationId)} and RowKey ge {from} and RowKey lt {TableKey.After(ApplicationLines)}");
        return await storage.Applications.Client.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken)
            .Select(e => (e.RowKey.StartsWith(ApplicationLines, StringComparison.Ordinal) ? e.RowKey[ApplicationLines.Length..] : e.RowKey, e))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The subject's lines in the audit table and those of <paramref name="saved"/> (the application's partition, read at the same time), in key order, each once.</summary>
    async Task<List<(string Key, AuditEntry Entry)>> MergeAsync(string subject, Task<List<(string Key, TableEntity Row)>> saved, CancellationToken cancellationToken)
    {
        var partition = TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Encode(subject)}");
        var here = await storage.Audit.Client.QueryAsync<TableEntity>(partition, cancellationToken: cancellationToken).Select(e => (Key: e.RowKey, Row: e)).ToListAsync(cancellationToken);
        var lines = (await saved).Where(r => r.Key != ApplicationStore.Row);
        return [.. here.Concat(lines).DistinctBy(l => l.Key).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => (l.Key, DocumentTable<AuditEntry>.Read(l.Row)))];
    }

    /// <summary>The stored key of a line that records a save of an application, in the application's own partition (for a test that takes one away).</summary>
    public static string InApplicationKey(string stepKey, DateTimeOffset at) => ApplicationLines + RowKey(stepKey, at);

    /// <summary>The row of a line that records a save of application <paramref name="applicationId"/>, in the application's own partition, for the save's transaction.</summary>
    public static TableEntity InApplication(string applicationId, string stepKey, AuditEntry entry) =>
        DocumentTable<AuditEntry>.ToEntity(applicationId, InApplicationKey(stepKey, entry.At), Correlated(entry));

    /// <summary>The row key of a step's entry: its time first, so the subject's partition reads in order.</summary>
    public static string RowKey(string stepKey, DateTimeOffset at) => $"{at.UtcTicks:D19}-{stepKey}";

    static AuditEntry Correlated(AuditEntry entry) =>
        entry.CorrelationId is null && RequestCorrelation.Current is { } correlationId ? entry with { CorrelationId = correlationId } : entry;
}
