using Grants.Workflows.People;

namespace Grants.Workflows.BankAccounts;

/// <summary>A person's bank account as stored, apart from applications: who last set it, and when.</summary>
public sealed record PayeeBankAccount(string PersonId, BankAccount Account, DateTimeOffset UpdatedAt, string UpdatedBy);

/// <summary>A bank account as the API shows it; <see cref="Masked"/> says whether branch and number are hidden.</summary>
public sealed record BankAccountView(string PersonId, BankAccount Account, bool Masked, DateTimeOffset UpdatedAt);
