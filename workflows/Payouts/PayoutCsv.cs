using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Grants.Workflows.Payouts;

/// <summary>
/// Writes a batch as RFC 4180 CSV in UTF-8 with a byte-order mark, so Excel in Japan opens it correctly; the header
/// row is in the reader's language or machine names (<see cref="CsvHeaders"/>).
/// </summary>
public static class PayoutCsv
{
    static readonly string[] Columns = ["batchId", "payoutId", "applicationId", "payeeId", "payeeName", "payeeKana", "fundId", "budgetCode", "fiscalYear", "amountYen"];

    /// <summary>
    /// RFC 4180 with CR LF; a field that a spreadsheet would take for a formula (=, +, -, @ …) is escaped, since payee
    /// names and descriptions come from people.
    /// </summary>
    internal static readonly CsvConfiguration Config = new(CultureInfo.InvariantCulture) { NewLine = "\r\n", InjectionOptions = InjectionOptions.Escape };

    public static async Task WriteAsync(PayoutBatch batch, IAsyncEnumerable<Payout> payouts, Stream output, CsvHeaders headers = CsvHeaders.Machine, CancellationToken cancellationToken = default)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        await using var csv = new CsvWriter(writer, Config);
        foreach (var header in PayoutCsvColumns.Header(Columns, headers))
        {
            csv.WriteField(header);
        }

        await csv.NextRecordAsync();
        await foreach (var payout in payouts.WithCancellation(cancellationToken))
        {
            csv.WriteField(batch.Id);
            csv.WriteField(payout.Id);
            csv.WriteField(payout.ApplicationId);
            csv.WriteField(payout.PayeeId);
            csv.WriteField(payout.PayeeName);
            csv.WriteField(payout.PayeeKana);
            csv.WriteField(payout.FundId);
            csv.WriteField(payout.BudgetCode);
            csv.WriteField(payout.FiscalYear.Year);
            csv.WriteField(payout.Amount.Value);
            await csv.NextRecordAsync();
        }

        await csv.FlushAsync();
    }
}
