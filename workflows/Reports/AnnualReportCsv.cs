using System.Text;
using CsvHelper;
using Grants.Workflows.Payouts;
using Grants.Workflows.Programs;

namespace Grants.Workflows.Reports;

/// <summary>
/// Writes the annual report as CSV in UTF-8 with a byte-order mark (so Excel in Japan opens it), headers and names in
/// the reader's language. Each program's year is one row with its counts and totals, followed by one row per expense
/// kind with that kind's amounts only, so summing a count column never counts an application twice.
/// </summary>
public static class AnnualReportCsv
{
    static readonly string[] JapaneseHeaders = ["年度", "プログラム", "経費区分", "受付件数", "採択件数", "支払件数", "採択額(円)", "支払額(円)"];

    static readonly string[] EnglishHeaders = ["Fiscal year", "Program", "Expense kind", "Received", "Approved", "Paid", "Granted (yen)", "Paid (yen)"];

    public static string FileName(AnnualReport report) => $"annual-report-FY{report.From.Year}-FY{report.To.Year}.csv";

    public static async Task WriteAsync(AnnualReport report, bool japanese, Stream output, CancellationToken cancellationToken = default)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        await using var csv = new CsvWriter(writer, PayoutCsv.Config);
        foreach (var header in japanese ? JapaneseHeaders : EnglishHeaders)
        {
            csv.WriteField(header);
        }

        await csv.NextRecordAsync();
        foreach (var year in report.Years)
        {
            foreach (var program in year.Programs)
            {
                var name = japanese ? program.ProgramNameJa : program.ProgramNameEn;
                Row(csv, year.FiscalYear.Year, name, japanese ? "計" : "All kinds", program.Received, program.Approved, program.Paid, program.Granted.Value, program.PaidAmount.Value);
                await csv.NextRecordAsync();
                foreach (var kind in program.Kinds)
                {
                    Row(csv, year.FiscalYear.Year, name, japanese ? JapaneseTerms.Of(kind.Kind) : EnglishTerms.Of(kind.Kind), null, null, null, kind.Granted.Value, kind.Paid.Value);
                    await csv.NextRecordAsync();
                }
            }
        }

        await csv.FlushAsync();
    }

    static void Row(CsvWriter csv, int year, string program, string kind, int? received, int? approved, int? paid, long granted, long paidAmount)
    {
        csv.WriteField(year);
        csv.WriteField(program);
        csv.WriteField(kind);
        csv.WriteField(received);
        csv.WriteField(approved);
        csv.WriteField(paid);
        csv.WriteField(granted);
        csv.WriteField(paidAmount);
    }

}
