using System.Text;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;

namespace Grants.Tests.Payouts;

/// <summary>
/// The batch CSV and the journal head their columns in Japanese, English or machine names; the rows are the same
/// whichever header, still escaped against formulas, and the file is UTF-8 with a byte-order mark for Excel.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class CsvHeadersTests
{
    static readonly DateTimeOffset At = new(2026, 6, 1, 10, 0, 0, TimeSpan.FromHours(9));

    static readonly Payout[] Payouts =
    [
        new("PO-APP-1", "APP-1", "tanaka@example.ac.jp", "田中 花子", "タナカ ハナコ", "director-discretionary", "DIR-001", new FiscalYear(2026), new Yen(120_000), PayoutStatus.Batched, At, "B-1"),
        new("PO-APP-2", "APP-2", "hostile@example.ac.jp", "=HYPERLINK(\"http://x\")", "@SUM(1)", "institute-fund", "INS-001", new FiscalYear(2026), new Yen(30_000), PayoutStatus.Batched, At, "B-1"),
    ];

    static readonly PayoutBatch Batch = new("B-1", At, "finance@example.ac.jp", 2, new Yen(150_000)) { TransferDate = new DateOnly(2026, 6, 25) };

    public static TheoryData<string, CsvHeaders, string[]> Headers => new()
    {
        { "csv", CsvHeaders.Japanese, ["支払バッチ番号", "支払番号", "申請番号", "受取人ID", "受取人氏名", "受取人氏名(カナ)", "経費ID", "予算コード", "年度", "金額(円)"] },
        { "csv", CsvHeaders.English, ["Batch", "Payout", "Application", "Payee ID", "Payee name", "Payee name (kana)", "Fund ID", "Budget code", "Fiscal year", "Amount (yen)"] },
        { "csv", CsvHeaders.Machine, ["batchId", "payoutId", "applicationId", "payeeId", "payeeName", "payeeKana", "fundId", "budgetCode", "fiscalYear", "amountYen"] },
        { "journal", CsvHeaders.Japanese, ["年度", "経費ID", "予算コード", "金額(円)", "申請番号", "支払番号", "受取人ID", "受取人氏名", "支払バッチ番号", "振込指定日"] },
        { "journal", CsvHeaders.English, ["Fiscal year", "Fund ID", "Budget code", "Amount (yen)", "Application", "Payout", "Payee ID", "Payee name", "Batch", "Transfer date"] },
        { "journal", CsvHeaders.Machine, ["fiscalYear", "fundId", "budgetCode", "amountYen", "applicationId", "payoutId", "payeeId", "payeeName", "batchId", "transferDate"] },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public async Task Each_file_is_headed_in_the_words_asked_for_and_its_rows_do_not_change(string file, CsvHeaders headers, string[] expected)
    {
        var rows = await ReadAsync(file, headers);
        var machineRows = await ReadAsync(file, CsvHeaders.Machine);

        Assert.Equal(expected, rows[0]);
        Assert.Equal(machineRows.Skip(1), rows.Skip(1));
        Assert.Equal(Payouts.Length + 1, rows.Count);
        var hostile = Assert.Single(rows, r => r.Contains("PO-APP-2"));
        Assert.Contains("'=HYPERLINK(\"http://x\")", hostile);
        Assert.Contains(file == "csv" ? "120000" : "2026-06-25", rows[1]);
    }

    [Fact]
    public async Task Machine_names_stay_the_default_for_callers_that_do_not_choose()
    {
        using var output = new MemoryStream();
        await JournalCsv.WriteAsync(Batch, Payouts.ToAsyncEnumerable(), output);

        Assert.StartsWith("\uFEFFfiscalYear,fundId,", Encoding.UTF8.GetString(output.ToArray()), StringComparison.Ordinal);
    }

    static async Task<List<string[]>> ReadAsync(string file, CsvHeaders headers)
    {
        using var output = new MemoryStream();
        var write = file == "csv"
            ? PayoutCsv.WriteAsync(Batch, Payouts.ToAsyncEnumerable(), output, headers)
            : JournalCsv.WriteAsync(Batch, Payouts.ToAsyncEnumerable(), output, headers);
        await write;
        return CsvRows.Read(output.ToArray());
    }
}
