using System.Text;
using Grants.Tests.Infrastructure;
using Grants.Workflows.Access;
using Grants.Workflows.BankAccounts;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;
using Grants.Workflows.Payouts.Zengin;
using Grants.Workflows.People;
using Grants.Workflows.Storage;
using Microsoft.Extensions.Options;

namespace Grants.Tests.Payouts;

[Trait("Kind", "Storage")]
public sealed class PayoutCsvTests
{
    static readonly string[] Header = ["batchId", "payoutId", "applicationId", "payeeId", "payeeName", "payeeKana", "fundId", "budgetCode", "fiscalYear", "amountYen"];

    static readonly DateTimeOffset At = new(2026, 6, 1, 10, 0, 0, TimeSpan.FromHours(9));

    static Payout PayoutFor(string applicationId, string name, string kana, long yen) =>
        new(Payout.IdFor(applicationId), applicationId, applicationId.ToLowerInvariant() + "@example.ac.jp", name, kana,
            "director-discretionary", "DIR-001", new FiscalYear(2026), new Yen(yen), PayoutStatus.Batched, At, "B-1");

    static readonly Payout[] Payouts =
    [
        PayoutFor("APP-1", "Tanaka, Hanako", "タナカ ハナコ", 120_000),
        PayoutFor("APP-2", "鈴木 \"Ichiro\" 一郎", "スズキ イチロウ", 1_234_567),
        PayoutFor("APP-3", "山田 太郎", "ヤマダ タロウ", 80_000),
    ];

    static readonly PayoutBatch Batch = new("B-1", At, "finance@example.ac.jp", Payouts.Length, Yen.Sum(Payouts.Select(p => p.Amount)));

    static async Task<byte[]> WriteAsync(PayoutBatch batch, IEnumerable<Payout> payouts)
    {
        using var output = new MemoryStream();
        await PayoutCsv.WriteAsync(batch, payouts.ToAsyncEnumerable(), output);
        return output.ToArray();
    }

    /// <summary>A small RFC 4180 reader, independent of the CSV library that wrote the file.</summary>
    static List<string[]> Parse(string text)
    {
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                Assert.Equal(0, field.Length);
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r')
            {
                Assert.Equal('\n', text[i + 1]);
                i++;
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
            }
            else
            {
                Assert.NotEqual('\n', c);
                field.Append(c);
            }
        }

        Assert.False(quoted);
        return records;
    }

    [Fact]
    public async Task A_name_a_spreadsheet_would_run_as_a_formula_is_written_as_text()
    {
        var hostile = PayoutFor("APP-9", "=HYPERLINK(\"http://x\",\"y\")", "@SUM(1)", 1_000);
        var text = Encoding.UTF8.GetString(await WriteAsync(Batch with { Count = 1, Total = hostile.Amount }, [hostile]));
        var row = Parse(text.TrimStart('\uFEFF'))[1];

        Assert.Equal("'=HYPERLINK(\"http://x\",\"y\")", row[4]);
        Assert.Equal("'@SUM(1)", row[5]);
        Assert.Equal("1000", row[9]);
    }

    [Fact]
    public async Task Starts_with_a_UTF8_byte_order_mark_and_ends_every_record_with_CRLF()
    {
        var bytes = await WriteAsync(Batch, Payouts);

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 3, bytes.Length - 3);
        Assert.Equal(Payouts.Length + 1, text.Split("\r\n").Length - 1);
        Assert.Equal(text.Count(c => c == '\n'), text.Split("\r\n").Length - 1);
        Assert.DoesNotContain("\uFEFF", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quotes_a_name_with_a_comma_and_doubles_quotes_inside_a_field()
    {
        var text = Encoding.UTF8.GetString(await WriteAsync(Batch, Payouts));

        Assert.Contains(",\"Tanaka, Hanako\",", text, StringComparison.Ordinal);
        Assert.Contains(",\"鈴木 \"\"Ichiro\"\" 一郎\",", text, StringComparison.Ordinal);
        Assert.Contains(",山田 太郎,", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parses_back_to_the_batch_fields()
    {
        var bytes = await WriteAsync(Batch, Payouts);
        var records = Parse(new UTF8Encoding(false).GetString(bytes, 3, bytes.Length - 3));

        Assert.Equal(Header, records[0]);
        Assert.Equal(Payouts.Length + 1, records.Count);
        for (var i = 0; i < Payouts.Length; i++)
        {
            var p = Payouts[i];
            Assert.Equal(
                [Batch.Id, p.Id, p.ApplicationId, p.PayeeId, p.PayeeName, p.PayeeKana, p.FundId, p.BudgetCode, "2026", p.Amount.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                records[i + 1]);
        }

        // Whole yen, no separators or currency sign, so spreadsheets and accounting read a number.
        Assert.Equal("1234567", records[2][9]);
        Assert.Equal(Batch.Total.Value, records.Skip(1).Sum(r => long.Parse(r[9], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Writing_the_same_batch_twice_gives_the_same_bytes()
    {
        var first = await WriteAsync(Batch, Payouts);
        var second = await WriteAsync(Batch, Payouts);

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task An_empty_batch_is_only_the_header()
    {
        var bytes = await WriteAsync(Batch with { Count = 0, Total = Yen.Zero }, []);

        Assert.Equal(new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes(string.Join(",", Header) + "\r\n")).ToArray(), bytes);
    }

    [Fact]
    public async Task A_stored_batch_exports_identically_each_time_ordered_by_payout_id()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var store = new PayoutStore(storage);
        foreach (var app in new[] { "APP-C", "APP-A", "APP-B" })
        {
            var payout = await store.CreateIfMissingAsync(PayoutFor(app, "Tanaka, Hanako", "タナカ ハナコ", 10_000) with { Status = PayoutStatus.Approved, BatchId = null });
            await new BankAccountStore(storage).SaveAsync(new PayeeBankAccount(payout.PayeeId, new BankAccount("0001", "001", "ordinary", "1234567", "タナカ ハナコ"), At, "test"));
        }

        var service = new PayoutService(store, new BankAccountStore(storage), new AuditTrail(storage), Options.Create(new ZenginOptions()), TimeProvider.System, new PeopleSnapshot(new PeopleDirectory(storage), TimeProvider.System));
        var finance = new Actor("finance@example.ac.jp", new HashSet<string> { Roles.Finance });
        var order = service.CheckBatch(finance, "export-test");
        Assert.True(order.Succeeded);
        Assert.Null((await service.GatherBatchAsync(order.Value!)).Refusal);
        var batch = (await store.GetBatchAsync(order.Value!.BatchId))!;

        async Task<byte[]> ExportAsync()
        {
            Assert.True((await service.CheckExportAsync(finance, batch.Id, "csv")).Succeeded);
            using var output = new MemoryStream();
            await service.WriteCsvAsync(batch, output);
            return output.ToArray();
        }

        var first = await ExportAsync();
        var second = await ExportAsync();
        Assert.Equal(first, second);

        var records = Parse(new UTF8Encoding(false).GetString(first, 3, first.Length - 3));
        Assert.Equal(["PO-APP-A", "PO-APP-B", "PO-APP-C"], records.Skip(1).Select(r => r[1]).ToArray());
        Assert.All(records.Skip(1), r => Assert.Equal(batch.Id, r[0]));
    }
}
