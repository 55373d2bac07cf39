using Azure.Data.Tables;

namespace Grants.Workflows.Storage;

/// <summary>
/// Audit rows a workflow step writes together or looks up by key, in the same form <see cref="AuditTrail.AppendAsync"/>
/// writes them: several entries of one subject in one request, and whether a step's entry is already there.
/// </summary>
public static class AuditRows
{
    /// <summary>The row key of a step's entry: its time first, so the subject's partition reads in order.</summary>
    public static string RowKey(string stepKey, DateTimeOffset at) => $"{at.UtcTicks:D19}-{stepKey}";

    /// <summary>
    /// Appends the entries of one subject, each once: one transaction of the subject's partition; when a repeated step finds
    /// any of them written already, each is appended on its own (inserting only what is missing).
    /// </summary>
    public static async Task AppendAllAsync(this GrantsStorage storage, AuditTrail audit, string subject, IReadOnlyList<(string StepKey, AuditEntry Entry)> entries, CancellationToken cancellationToken = default)
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
                await audit.AppendAsync(subject, stepKey, entry, cancellationToken);
            }
        }
    }

    /// <summary>Whether the step's entry is written: a step whose entry is its last write knows from it that it finished.</summary>
    public static async Task<bool> HasAsync(this GrantsStorage storage, string subject, string stepKey, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        await storage.Audit.GetAsync(subject, RowKey(stepKey, at), cancellationToken) is not null;

    /// <summary>The entry as stored: one written while an API request is served carries that request's correlation id unless it has one.</summary>
    public static AuditEntry Correlated(AuditEntry entry) =>
        entry.CorrelationId is null && RequestCorrelation.Current is { } correlationId ? entry with { CorrelationId = correlationId } : entry;
}
