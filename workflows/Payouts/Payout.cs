using System.Text.Json.Serialization;
using Grants.Workflows.Money;
using Grants.Workflows.People;

namespace Grants.Workflows.Payouts;

/// <summary>
/// Where a payout is on its way to the bank: approved → batched → exported → paid, or cancelled. A transfer the
/// bank returns goes back to approved, with the reason in <see cref="Payout.Returns"/>, and can be batched again.
/// </summary>
public enum PayoutStatus
{
    Approved,
    Batched,
    Exported,
    Paid,
    Cancelled,
}

/// <summary>A transfer the bank returned: from which batch, why, and whether the money had been booked as paid.</summary>
public sealed record PayoutReturn(string BatchId, string Reason, DateTimeOffset At, string By, bool WasPaid);

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
    /// <summary>What the money is for — the paper, talk or project of the application — written when the payout is issued, as its payee's name is.</summary>
    public string? Purpose { get; init; }

    /// <summary>The fund's name when the payout was issued, beside its budget code.</summary>
    public string? FundNameJa { get; init; }

    public string? FundNameEn { get; init; }

    /// <summary>The date the bank transferred the money, once paid.</summary>
    public DateOnly? PaidOn { get; init; }

    /// <summary>Every time the bank returned this payout, oldest first; null until the first return (so stored copies compare equal).</summary>
    public IReadOnlyList<PayoutReturn>? Returns { get; init; }

    /// <summary>Why finance cancelled it, once cancelled.</summary>
    public string? CancelReason { get; init; }

    /// <summary>Since when it has waited for a batch: its approval, or the bank's latest return.</summary>
    public DateTimeOffset WaitingSince => Returns is [.., var last] ? last.At : CreatedAt;

    /// <summary>
    /// The payout id follows from the application alone, so an activity that runs twice, or a process that
    /// restarts mid-approval, finds the payout it already created instead of creating a second one.
    /// </summary>
    public static string IdFor(string applicationId) => $"PO-{applicationId}";

    /// <summary>The payout of one month of monthly support; a month is paid once however often its step runs.</summary>
    public static string IdFor(string applicationId, int month) => $"PO-{applicationId}-M{month:D2}";
}

/// <summary>Where a batch is: created (contents frozen), exported (a file was downloaded), paid (the bank transferred it).</summary>
public enum BatchStatus
{
    Created,
    Exported,
    Paid,
}

/// <summary>A set of payouts exported together to the bank; frozen once created.</summary>
public sealed record PayoutBatch(string Id, DateTimeOffset CreatedAt, string CreatedBy, int Count, Yen Total)
{
    public BatchStatus Status { get; init; } = BatchStatus.Created;

    /// <summary>The transfer date requested from the bank (the Zengin header's MMDD).</summary>
    public DateOnly? TransferDate { get; init; }

    public DateTimeOffset? ExportedAt { get; init; }

    /// <summary>The date the bank actually transferred the money; set when finance starts marking the batch paid.</summary>
    public DateOnly? PaidOn { get; init; }

    public string? PaidBy { get; init; }

    /// <summary>The names of who created it and who recorded it paid, added when it is read for a person; never stored.</summary>
    public string? CreatedByName { get; init; }

    public string? PaidByName { get; init; }

    /// <summary>
    /// Whether every record of the frozen contents fits a Zengin file, as checked when the batch was created (null
    /// for a batch created before that check: its download checks the records first).
    /// </summary>
    public bool? ZenginWritable { get; init; }

    /// <summary>The date written into the bank file: the requested transfer date, or the creation date in Japan.</summary>
    [JsonIgnore]
    public DateOnly FileTransferDate => TransferDate ?? JapanTime.DateOf(CreatedAt);
}

/// <summary>
/// One payout as its batch holds it: the payout when it was claimed, and the payee's bank account at that moment,
/// so every download of the batch writes the same account even if the payee changes theirs later.
/// </summary>
public sealed record BatchItem(Payout Payout, BankAccount? Bank);
