using Azure.Data.Tables;

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
/// </summary>
public sealed class AuditTrail(GrantsStorage storage)
{
    /// <summary>Appends the entry once; an entry written while an API request is served carries that request's correlation id unless it has one.</summary>
    public Task AppendAsync(string subject, string stepKey, AuditEntry entry, CancellationToken cancellationToken = default) =>
        storage.Audit.TryInsertAsync(subject, RowKey(stepKey, entry.At), Correlated(entry), cancellationToken);

    /// <summary>
    /// Appends the entries of one subject, each once: one transaction of the subject's partition; when a repeated step finds
    /// any of them written already, each is appended on its own (inserting only what is missing).
    /// </summary>
    public async Task AppendAllAsync(string subject, IReadOnlyList<(string StepKey, AuditEntry Entry)> entries, CancellationToken cancellationToken = default)
    {
        try
        {
            await storage.Audit.Client.SubmitTransactionAsync(
                entries.Select(e => new TableTransactionAction(TableTransactionActionType.Add, DocumentTable<AuditEntry>.ToEntity(subject, RowKey(e.StepKey, e.Entry.At), Correlated(e.Entry)))),
                cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            foreach (var (stepKey, entry) in entries)
            {
                await AppendAsync(subject, stepKey, entry, cancellationToken);
            }
        }
    }

    /// <summary>Whether the step's entry is written: a step whose entry is its last write knows from it that it finished.</summary>
    public async Task<bool> HasAsync(string subject, string stepKey, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        await storage.Audit.GetAsync(subject, RowKey(stepKey, at), cancellationToken) is not null;

    public IAsyncEnumerable<AuditEntry> ReadAsync(string subject, CancellationToken cancellationToken = default) =>
        storage.Audit.QueryPartitionAsync(subject, cancellationToken);

    /// <summary>The row key of a step's entry: its time first, so the subject's partition reads in order.</summary>
    public static string RowKey(string stepKey, DateTimeOffset at) => $"{at.UtcTicks:D19}-{stepKey}";

    static AuditEntry Correlated(AuditEntry entry) =>
        entry.CorrelationId is null && RequestCorrelation.Current is { } correlationId ? entry with { CorrelationId = correlationId } : entry;
}
