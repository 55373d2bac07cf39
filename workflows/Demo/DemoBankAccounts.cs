using Grants.Workflows.BankAccounts;
using Grants.Workflows.People;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Demo;

/// <summary>The bank accounts the demo payees start with, so a fresh local system can export a Zengin file at once.</summary>
public static class DemoBankAccounts
{
    public static readonly IReadOnlyDictionary<string, BankAccount> Accounts = new Dictionary<string, BankAccount>
    {
        [DemoData.Researcher.Id] = new("0001", "001", "ordinary", "1234567", "タナカ ハナコ"),
        [DemoData.Student.Id] = new("0005", "123", "savings", "7654321", "スズキ イチロウ"),
    };

    /// <summary>Stores each demo account that is missing; an account someone has set since is left alone.</summary>
    public static async Task SeedAsync(BankAccountStore accounts, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        foreach (var (personId, account) in Accounts)
        {
            if (await accounts.GetAsync(personId, cancellationToken) is null)
            {
                await accounts.SaveAsync(new PayeeBankAccount(personId, account, at, "demo"), cancellationToken);
            }
        }
    }
}
