using Grants.Workflows.Programs;

namespace Grants.Workflows.Payouts;

/// <summary>What heads the columns of a batch's CSV: words in Japanese or English for people (and Excel), or machine names for programs.</summary>
public enum CsvHeaders
{
    Machine,
    Japanese,
    English,
}

/// <summary>
/// The columns of the batch CSV files by machine name, with the words a person reads in each language. The header
/// row is built once per file; the rows carry the same values whatever the header, so a file is read by position too.
/// </summary>
public static class PayoutCsvColumns
{
    static readonly Dictionary<string, Term> Words = new(StringComparer.Ordinal)
    {
        ["batchId"] = new("支払バッチ番号", "Batch"),
        ["payoutId"] = new("支払番号", "Payout"),
        ["applicationId"] = new("申請番号", "Application"),
        ["payeeId"] = new("受取人ID", "Payee ID"),
        ["payeeName"] = new("受取人氏名", "Payee name"),
        ["payeeKana"] = new("受取人氏名(カナ)", "Payee name (kana)"),
        ["fundId"] = new("経費ID", "Fund ID"),
        ["budgetCode"] = new("予算コード", "Budget code"),
        ["fiscalYear"] = new("年度", "Fiscal year"),
        ["amountYen"] = new("金額(円)", "Amount (yen)"),
        ["transferDate"] = new("振込指定日", "Transfer date"),
    };

    /// <summary>The header row for <paramref name="columns"/> (machine names) in the words asked for.</summary>
    public static string[] Header(IReadOnlyList<string> columns, CsvHeaders headers) => headers switch
    {
        CsvHeaders.Japanese => [.. columns.Select(c => Words[c].Ja)],
        CsvHeaders.English => [.. columns.Select(c => Words[c].En)],
        _ => [.. columns],
    };
}
