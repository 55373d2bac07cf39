using Grants.Workflows.Money;

namespace Grants.Workflows.Payouts;

/// <summary>Where a payout is on its way to the bank.</summary>
public enum PayoutStatus
{
    Approved,
    Batched,
}

/// <summary>Money owed to one payee for one approved application.</summary>
public sealed record Payout(
    string Id,
    string ApplicationId,
    string PayeeId,
    string PayeeName,
    string PayeeKana,
    string FundId,
    string BudgetCode,
    FiscalYear FiscalYear,
    Yen Amount,
    PayoutStatus Status,
    DateTimeOffset CreatedAt,
    string? BatchId = null)
{
    /// <summary>
    /// The payout id follows from the application alone, so an activity that runs twice, or a process that
    /// restarts mid-approval, finds the payout it already created instead of creating a second one.
    /// </summary>
    public static string IdFor(string applicationId) => $"PO-{applicationId}";
}

/// <summary>A set of payouts exported together to the bank; frozen once created.</summary>
public sealed record PayoutBatch(string Id, DateTimeOffset CreatedAt, string CreatedBy, int Count, Yen Total);
