using Grants.Workflows.Money;

namespace Grants.Workflows.Funds;

/// <summary>One line of a person's grants: money held for an approval (positive) or given back (negative), under a key that makes it happen once.</summary>
public sealed record PersonGrantLine(string Key, string ApplicationId, Yen Amount);

/// <summary>
/// What one person has been granted from one program in one fiscal year, over every fund the program pays from: the
/// ledger that the per-person yearly cap is checked against when an approval reserves money.
/// </summary>
public sealed record PersonGrants(string PersonId, string ProgramId, FiscalYear FiscalYear, IReadOnlyList<PersonGrantLine> Lines)
{
    public Yen Total => Yen.Sum(Lines.Select(l => l.Amount));

    public bool Has(string key) => Lines.Any(l => l.Key == key);
}
