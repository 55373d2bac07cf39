using System.Text;
using Grants.Workflows.Payouts.Zengin;
using Grants.Workflows.People;

namespace Grants.Workflows.BankAccounts;

/// <summary>What a person or finance sends to set a payee's bank account.</summary>
public sealed record BankAccountRequest(string? BankCode, string? BranchCode, string? AccountType, string? AccountNumber, string? HolderKana);

/// <summary>
/// The formats a bank account must have to be paid by a Zengin transfer: bank code 4 digits, branch code 3,
/// account type ordinary (普通), current (当座) or savings (貯蓄), account number 7 digits, and a holder name that
/// can be written in half-width katakana within the 30 characters of the transfer record.
/// </summary>
public static class BankAccountRules
{
    public const int HolderNameLength = 30;

    /// <summary>Account types and their Zengin codes (1 普通, 2 当座, 4 貯蓄).</summary>
    public static readonly IReadOnlyDictionary<string, char> ZenginTypeCodes = new Dictionary<string, char>
    {
        ["ordinary"] = '1',
        ["current"] = '2',
        ["savings"] = '4',
    };

    /// <summary>Normalizes and checks a request: the account to store, or the errors per field.</summary>
    public static (BankAccount? Account, Dictionary<string, string[]> Errors) Validate(BankAccountRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        var bank = Digits(request.BankCode, 4, "bankCode", "The bank code is 4 digits, e.g. 0001.", errors);
        var branch = Digits(request.BranchCode, 3, "branchCode", "The branch code is 3 digits, e.g. 001.", errors);
        var number = Digits(request.AccountNumber, 7, "accountNumber", "The account number is 7 digits; pad a shorter one with leading zeros.", errors);
        var type = (request.AccountType ?? "").Trim().ToLowerInvariant();
        if (!ZenginTypeCodes.ContainsKey(type))
        {
            errors["accountType"] = [$"Use one of: {string.Join(", ", ZenginTypeCodes.Keys)}."];
        }

        var holder = string.Join(' ', (request.HolderKana ?? "").Normalize(NormalizationForm.FormC).Split([' ', '　'], StringSplitOptions.RemoveEmptyEntries));
        var holderProblem = CheckHolderName(holder);
        if (holderProblem is not null)
        {
            errors["holderKana"] = [holderProblem];
        }

        return errors.Count > 0 ? (null, errors) : (new BankAccount(bank, branch, type, number, holder), errors);
    }

    /// <summary>Why a holder name cannot go into a Zengin record, or null when it can.</summary>
    public static string? CheckHolderName(string holder)
    {
        if (string.IsNullOrWhiteSpace(holder))
        {
            return "The account holder's name in katakana is required, as the bank has it, e.g. タナカ ハナコ.";
        }

        if (!ZenginText.TryConvert(holder, out var halfWidth, out var bad))
        {
            return $"Write the name in katakana (or capital Latin letters) as the bank has it; these characters cannot be sent to the bank: {string.Join(", ", bad.Select(ZenginText.Describe))}.";
        }

        return halfWidth.Length > HolderNameLength
            ? $"In half-width katakana the name is {halfWidth.Length} characters ({halfWidth}); a transfer carries at most {HolderNameLength}."
            : null;
    }

    /// <summary>Whether a stored account still has every format a transfer needs (accounts stored before a rule changed may not).</summary>
    public static IEnumerable<string> Problems(BankAccount account)
    {
        if (!IsDigits(account.BankCode, 4))
        {
            yield return $"bankCode '{account.BankCode}' is not 4 digits";
        }

        if (!IsDigits(account.BranchCode, 3))
        {
            yield return $"branchCode '{account.BranchCode}' is not 3 digits";
        }

        if (!ZenginTypeCodes.ContainsKey(account.AccountType))
        {
            yield return $"accountType '{account.AccountType}' is not one of {string.Join(", ", ZenginTypeCodes.Keys)}";
        }

        if (!IsDigits(account.AccountNumber, 7))
        {
            yield return "accountNumber is not 7 digits";
        }

        if (CheckHolderName(account.HolderKana) is { } holder)
        {
            yield return "holderKana: " + holder;
        }
    }

    /// <summary>The account as people other than its owner and finance see it: branch hidden, only the last 3 digits of the number.</summary>
    public static BankAccount Mask(BankAccount account) =>
        account with { BranchCode = "***", AccountNumber = "****" + account.AccountNumber[^Math.Min(3, account.AccountNumber.Length)..] };

    public static bool IsDigits(string? value, int length) => value is not null && value.Length == length && value.All(char.IsAsciiDigit);

    static string Digits(string? value, int length, string field, string error, Dictionary<string, string[]> errors)
    {
        var normalized = (value ?? "").Normalize(NormalizationForm.FormKC).Trim();
        if (!IsDigits(normalized, length))
        {
            errors[field] = [error];
        }

        return normalized;
    }
}
