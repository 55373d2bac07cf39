using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Grants.Workflows.Applications;
using Grants.Workflows.BankAccounts;
using Grants.Workflows.Funds;
using Grants.Workflows.Payouts;
using Grants.Workflows.People;
using Grants.Workflows.Programs;

namespace Grants.Workflows.Storage;

/// <summary>
/// Every table and container Grants keeps, named in one place. A prefix (letters and digits) gives a test or a
/// second environment its own set in the same account.
/// </summary>
public sealed class GrantsStorage(TableServiceClient tables, BlobServiceClient blobs, string prefix = "")
{
    public DocumentTable<Person> People { get; } = new(tables.GetTableClient(prefix + "people"));

    public DocumentTable<GrantProgram> Programs { get; } = new(tables.GetTableClient(prefix + "programs"));

    /// <summary>Calls (募集) per program and fiscal year, apart from the programs' rule versions.</summary>
    public DocumentTable<Call> Calls { get; } = new(tables.GetTableClient(prefix + "calls"));

    public DocumentTable<Fund> Funds { get; } = new(tables.GetTableClient(prefix + "funds"));

    public DocumentTable<FundBudget> Budgets { get; } = new(tables.GetTableClient(prefix + "budgets"));

    /// <summary>Reservations share the budgets table and partition with the budget they draw on, so one transaction covers both.</summary>
    public DocumentTable<Reservation> Reservations { get; } = new(tables.GetTableClient(prefix + "budgets"));

    /// <summary>The history of each fund's allocations, beside its budgets so a change and the budget it changes are one transaction.</summary>
    public DocumentTable<AllocationChange> AllocationChanges { get; } = new(tables.GetTableClient(prefix + "budgets"));

    public DocumentTable<Application> Applications { get; } = new(tables.GetTableClient(prefix + "applications"));

    public DocumentTable<Application> ApplicationVersions { get; } = new(tables.GetTableClient(prefix + "applicationversions"));

    public DocumentTable<Application> ApplicationIndex { get; } = new(tables.GetTableClient(prefix + "applicationindex"));

    public DocumentTable<Payout> Payouts { get; } = new(tables.GetTableClient(prefix + "payouts"));

    public DocumentTable<Payout> PayoutIndex { get; } = new(tables.GetTableClient(prefix + "payoutindex"));

    public DocumentTable<PayoutBatch> Batches { get; } = new(tables.GetTableClient(prefix + "batches"));

    public DocumentTable<BatchItem> BatchItems { get; } = new(tables.GetTableClient(prefix + "batchitems"));

    /// <summary>Payees' bank accounts, apart from applications and the directory.</summary>
    public DocumentTable<PayeeBankAccount> BankAccounts { get; } = new(tables.GetTableClient(prefix + "bankaccounts"));

    public DocumentTable<AuditEntry> Audit { get; } = new(tables.GetTableClient(prefix + "audit"));

    public DocumentTable<SentMail> SentMail { get; } = new(tables.GetTableClient(prefix + "sentmail"));

    public BlobContainerClient Documents { get; } = blobs.GetBlobContainerClient(prefix.ToLowerInvariant() + "documents");

    /// <summary>Creates what does not exist yet; safe to call on every start.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        var clients = new[]
        {
            People.Client, Programs.Client, Calls.Client, Funds.Client, Budgets.Client, Applications.Client, ApplicationVersions.Client, ApplicationIndex.Client,
            Payouts.Client, PayoutIndex.Client, Batches.Client, BatchItems.Client, BankAccounts.Client, Audit.Client, SentMail.Client,
        };
        await Task.WhenAll(clients.Select(c => c.CreateIfNotExistsAsync(cancellationToken)));
        await Documents.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }
}

/// <summary>A record that a mail was handed to SendGrid, so a retried activity does not send it twice.</summary>
public sealed record SentMail(string To, string Subject, DateTimeOffset SentAt);
