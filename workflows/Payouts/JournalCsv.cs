using System.Globalization;
using System.Text;
using CsvHelper;

namespace Grants.Workflows.Payouts;

/// <summary>
/// Writes a batch as the accounting journal: one line per payout with the fund and budget code it is charged to,
/// the fiscal year, the amount and what it pays (application and payee). RFC 4180, UTF-8 with a byte-order mark; the
/// header row in the reader's language or machine names (<see cref="CsvHeaders"/>).
/// </summary>
public static class JournalCsv
{
    static readonly string[] Columns = ["fiscalYear", "fundId", "budgetCode", "amountYen", "applicationId", "payoutId", "payeeId", "payeeName", "batchId", "transferDate"];

    public static async Task WriteAsync(PayoutBatch batch, IAsyncEnumerable<Payout> payouts, Stream output, CsvHeaders headers = CsvHeaders.Machine, CancellationToken cancellationToken = default)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        await using var csv = new CsvWriter(writer, PayoutCsv.Config);
        foreach (var header in PayoutCsvColumns.Header(Columns, headers))
        {
            csv.WriteField(header);
        }

        await csv.NextRecordAsync();
        var transferDate = batch.FileTransferDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await foreach (var payout in payouts.WithCancellation(cancellationToken))
        {
            csv.WriteField(payout.FiscalYear.Year);
            csv.WriteField(payout.FundId);
            csv.WriteField(payout.BudgetCode);
            csv.WriteField(payout.Amount.Value);
            csv.WriteField(payout.ApplicationId);
            csv.WriteField(payout.Id);
            csv.WriteField(payout.PayeeId);
            csv.WriteField(payout.PayeeName);
            csv.WriteField(batch.Id);
            csv.WriteField(transferDate);
            await csv.NextRecordAsync();
        }

        await csv.FlushAsync();
    }
}
