using Grants.Workflows.BankAccounts;

namespace Grants.Workflows.Storage;

/// <summary>Payees' bank accounts in their own table, one partition per person, kept apart from applications and the directory.</summary>
public sealed class BankAccountStore(GrantsStorage storage)
{
    const string Row = "account";

    public Task<PayeeBankAccount?> GetAsync(string personId, CancellationToken cancellationToken = default) =>
        storage.BankAccounts.FindAsync(personId, Row, cancellationToken);

    public Task SaveAsync(PayeeBankAccount account, CancellationToken cancellationToken = default) =>
        storage.BankAccounts.UpsertAsync(account.PersonId, Row, account, cancellationToken);
}
