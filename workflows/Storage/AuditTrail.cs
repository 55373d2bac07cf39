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
        storage.Audit.TryInsertAsync(subject, AuditRows.RowKey(stepKey, entry.At), AuditRows.Correlated(entry), cancellationToken);

    public IAsyncEnumerable<AuditEntry> ReadAsync(string subject, CancellationToken cancellationToken = default) =>
        storage.Audit.QueryPartitionAsync(subject, cancellationToken);
}
