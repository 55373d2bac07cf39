using Grants.Workflows.Money;

namespace Grants.Workflows.Funds;

/// <summary>A source of money, such as the director's discretionary fund, and who approves spending from it.</summary>
public sealed record Fund(string Id, string NameJa, string NameEn, string BudgetCode, string ApproverId, string EscalationContactId);

/// <summary>A fund's money in one fiscal year: what was allocated, what approvals reserved and what was paid.</summary>
public sealed record FundBudget(string FundId, FiscalYear FiscalYear, Yen Allocation, Yen Reserved, Yen Paid)
{
    /// <summary>
    /// The order key of the last allocation change recorded with this budget (UTC ticks, strictly increasing): each change
    /// is written in the same ETag-guarded transaction as the budget, so the history lists changes in the order they landed
    /// even when a change that started earlier lost a race and landed later.
    /// </summary>
    public long LastChangeKey { get; init; }

    /// <summary>What is still free to approve.</summary>
    public Yen Remaining => Allocation - Reserved - Paid;

    public bool CanReserve(Yen amount) => amount.IsPositive && amount <= Remaining;

    public FundBudget Reserve(Yen amount) =>
        CanReserve(amount) ? this with { Reserved = Reserved + amount } : throw new InvalidOperationException($"{FundId} {FiscalYear}: {amount} exceeds the remaining {Remaining}.");
}
