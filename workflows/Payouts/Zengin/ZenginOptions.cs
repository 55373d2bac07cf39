namespace Grants.Workflows.Payouts.Zengin;

/// <summary>
/// The originator (振込依頼人) of Zengin transfer files: the code the bank assigned to the institute, its name in
/// kana, and the account the money leaves from. Bound from the "Zengin" configuration section in both hosts.
/// </summary>
public sealed class ZenginOptions
{
    public const string Section = "Zengin";

    /// <summary>振込依頼人コード: 10 digits assigned by the bank.</summary>
    public string CompanyCode { get; set; } = "";

    /// <summary>振込依頼人名 in kana; written half-width, at most 40 characters.</summary>
    public string CompanyNameKana { get; set; } = "";

    /// <summary>The originating bank's 4-digit code.</summary>
    public string BankCode { get; set; } = "";

    /// <summary>Optional bank name in kana (at most 15 half-width characters).</summary>
    public string BankNameKana { get; set; } = "";

    /// <summary>The originating branch's 3-digit code.</summary>
    public string BranchCode { get; set; } = "";

    /// <summary>Optional branch name in kana (at most 15 half-width characters).</summary>
    public string BranchNameKana { get; set; } = "";

    /// <summary><c>ordinary</c> (普通) or <c>current</c> (当座).</summary>
    public string AccountType { get; set; } = "ordinary";

    /// <summary>The originating account's 7-digit number.</summary>
    public string AccountNumber { get; set; } = "";
}
