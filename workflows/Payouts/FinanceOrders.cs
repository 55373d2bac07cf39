namespace Grants.Workflows.Payouts;

/// <summary>Creating a batch as checked when finance asked: its id (fixed before any payout is claimed), by whom, when, and the transfer date to request.</summary>
public sealed record BatchOrder(string BatchId, string CreatedBy, DateTimeOffset At, DateOnly? TransferDate);

/// <summary>Marking a batch exported on its first download: which batch, by whom, when.</summary>
public sealed record ExportOrder(string BatchId, string By, DateTimeOffset At);

/// <summary>Marking a batch paid: which batch, the date the bank transferred it, by whom, when.</summary>
public sealed record PaymentOrder(string BatchId, DateOnly TransferDate, string By, DateTimeOffset At);

/// <summary>Recording that the bank returned a payout's transfer from a batch: which, why, by whom, when.</summary>
public sealed record ReturnOrder(string PayoutId, string BatchId, string Reason, string By, DateTimeOffset At);

/// <summary>How a finance step ended: done (no refusal), or refused with the reason finance is told (e.g. no payout was waiting).</summary>
public sealed record FinanceStepResult(string? Refusal)
{
    public static readonly FinanceStepResult Done = new((string?)null);
}

/// <summary>A run of a batch's payouts, from the first to the last stored payout key, that one activity of a bulk step handles.</summary>
public sealed record BatchChunk(string BatchId, string First, string Last);

/// <summary>Marking one run of a batch's payouts exported.</summary>
public sealed record ExportChunk(ExportOrder Order, BatchChunk Chunk);

/// <summary>Marking one run of a batch's payouts paid (booking each once), or mailing their payees.</summary>
public sealed record PaymentChunk(PaymentOrder Order, BatchChunk Chunk);
