using Grants.Workflows.Money;

namespace Grants.Workflows.Funds;

/// <summary>A source of money, such as the director's discretionary fund, and who approves spending from it.</summary>
public sealed record Fund(string Id, string NameJa, string NameEn, string BudgetCode, string ApproverId, string EscalationContactId);

/// <summary>A fund's money in one fiscal year: what was allocated, what approvals reserved and what was paid.</summary>
public sealed record FundBudget(string FundId, FiscalYear FiscalYear, Yen Allocation, Yen Reserved, Yen Paid)
{
    /// <summary>What is still free to approve.</summary>
    public Yen Remaining => Allocation - Reserved - Paid;

    public bool CanReserve(Yen amount) => amount.IsPositive && amount <= Remaining;

    public FundBudget Reserve(Yen amount) =>
        CanReserve(amount) ? this with { Reserved = Reserved + amount } : throw new InvalidOperationException($"{FundId} {FiscalYear}: {amount} exceeds the remaining {Remaining}.");
}
