using System.Security.Cryptography;
using Grants.Workflows.Access;
using Grants.Workflows.Storage;

namespace Grants.Workflows.BankAccounts;

/// <summary>
/// Payees' bank accounts: set by the person themself or by finance; read in full only by those two, each such read
/// audited; everyone else sees the account masked.
/// </summary>
public sealed class BankAccountService(BankAccountStore accounts, PeopleDirectory people, AuditTrail audit, TimeProvider clock)
{
    /// <summary>The audit subject under which an account's changes and unmasked reads are recorded.</summary>
    public static string AuditSubject(string personId) => $"bank-account|{personId}";

    public async Task<Outcome<BankAccountView>> GetAsync(Actor actor, string personId, CancellationToken cancellationToken = default)
    {
        personId = Normalize(personId);
        var stored = await accounts.GetAsync(personId, cancellationToken);
        if (stored is null)
        {
            return Problem.NotFound($"A bank account of {personId}");
        }

        if (!MaySeeInFull(actor, personId))
        {
            return new BankAccountView(personId, BankAccountRules.Mask(stored.Account), true, stored.UpdatedAt);
        }

        var now = clock.GetUtcNow();
        await audit.AppendAsync(AuditSubject(personId), Convert.ToHexString(RandomNumberGenerator.GetBytes(6)), new AuditEntry(now, actor.Id, "bank-account-read", "Unmasked."), cancellationToken);
        return new BankAccountView(personId, stored.Account, false, stored.UpdatedAt);
    }

    /// <summary>Sets the account after checking every field; a refused request stores nothing.</summary>
    public async Task<Outcome<BankAccountView>> SaveAsync(Actor actor, string personId, BankAccountRequest request, CancellationToken cancellationToken = default)
    {
        personId = Normalize(personId);
        if (!MaySeeInFull(actor, personId))
        {
            return Problem.Forbidden("Only the person themself or finance sets a bank account.");
        }

        if (await people.FindAsync(personId, cancellationToken) is null)
        {
            return Problem.NotFound($"Person {personId}");
        }

        var (account, errors) = BankAccountRules.Validate(request);
        if (account is null)
        {
            return Problem.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        await accounts.SaveAsync(new PayeeBankAccount(personId, account, now, actor.Id), cancellationToken);
        var masked = BankAccountRules.Mask(account);
        await audit.AppendAsync(AuditSubject(personId), Convert.ToHexString(RandomNumberGenerator.GetBytes(6)), new AuditEntry(
            now, actor.Id, "bank-account-set", $"{masked.BankCode}-{masked.BranchCode} {masked.AccountType} {masked.AccountNumber}"), cancellationToken);
        return new BankAccountView(personId, account, false, now);
    }

    static bool MaySeeInFull(Actor actor, string personId) => actor.Id == personId || actor.IsIn(Roles.Finance);

    static string Normalize(string personId) => personId.Trim().ToLowerInvariant();
}
