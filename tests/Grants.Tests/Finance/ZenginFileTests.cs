using System.Text;
using Grants.Workflows.Access;
using Grants.Workflows.BankAccounts;
using Grants.Workflows.Demo;
using Grants.Workflows.Payouts;
using Grants.Workflows.Payouts.Zengin;
using Grants.Workflows.People;
using Grants.Workflows.Storage;
using static Grants.Tests.Finance.FinanceHarness;

namespace Grants.Tests.Finance;

[Trait("Kind", "Orchestration")]
public sealed class ZenginFileTests
{
    [Theory]
    [InlineData("タナカ ハナコ", "ﾀﾅｶ ﾊﾅｺ")]
    [InlineData("ガッコウ ショウコ", "ｶﾞﾂｺｳ ｼﾖｳｺ")]
    [InlineData("パーシー　ヴィンセント", "ﾊﾟ-ｼ- ｳﾞｲﾝｾﾝﾄ")]
    [InlineData("すずき いちろう", "ｽｽﾞｷ ｲﾁﾛｳ")]
    [InlineData("ｽｽﾞｷ ｲﾁﾛｳ", "ｽｽﾞｷ ｲﾁﾛｳ")]
    [InlineData("ｼｮｳｼﾞ", "ｼﾖｳｼﾞ")]
    [InlineData("Ｎｇｕｙｅｎ Thi Lan", "NGUYEN THI LAN")]
    [InlineData("カ)ヲカシ・ヤ", "ｶ)ｵｶｼ.ﾔ")]
    [InlineData("  ヤマダ   タロウ ", "ﾔﾏﾀﾞ ﾀﾛｳ")]
    public void Converts_names_to_half_width_katakana(string name, string expected)
    {
        Assert.True(ZenginText.TryConvert(name, out var halfWidth, out var bad), string.Join(", ", bad));
        Assert.Equal(expected, halfWidth);
        Assert.All(halfWidth, c => Assert.True(ZenginText.IsAllowed(c), $"'{c}' is not allowed"));
    }

    [Fact]
    public void Decomposed_voiced_marks_are_composed_first()
    {
        Assert.True(ZenginText.TryConvert("カ\u3099ク", out var halfWidth, out _));
        Assert.Equal("ｶﾞｸ", halfWidth);
    }

    [Theory]
    [InlineData("田中 ハナコ", new[] { "田", "中" })]
    [InlineData("タナカ🙂", new[] { "🙂" })]
    [InlineData("Müller", new[] { "ü" })]
    public void Lists_every_character_that_cannot_be_written(string name, string[] expected)
    {
        Assert.False(ZenginText.TryConvert(name, out _, out var bad));
        Assert.Equal(expected, bad);
    }

    [Fact]
    public async Task Every_record_is_120_bytes_and_the_trailer_matches_the_transfers()
    {
        await using var harness = await StartAsync();
        await harness.PersonAsync("gakkou@example.ac.jp", "学校 晶子", "ガッコウ ショウコ");
        await harness.PersonAsync("nguyen@example.ac.jp", "Nguyen Thi Lan", "グエン ティ ラン");
        await harness.SetBankAccountAsync(DemoData.Researcher.Id, "タナカ ハナコ", "1234567");
        await harness.SetBankAccountAsync("gakkou@example.ac.jp", "ガッコウ ショウコ", "0000042");
        Ok(await harness.BankAccounts.SaveAsync(FinanceOfficer, "nguyen@example.ac.jp", new BankAccountRequest("０００５", "123", "savings", "7654321", "nguyen thi lan")));
        await harness.ApproveAsync("APP-1", DemoData.Researcher.Id, 120_000);
        await harness.ApproveAsync("APP-2", "gakkou@example.ac.jp", 1_234_567);
        await harness.ApproveAsync("APP-3", "nguyen@example.ac.jp", 80_000);
        var transferDate = PayoutService.JapanDate(DateTimeOffset.UtcNow).AddDays(3);
        var (batch, _) = Ok(await harness.Desk.CreateBatchAsync(FinanceOfficer, "zengin-1", new BatchRequest(transferDate)));

        var file = ZenginReader.Read(await harness.DownloadAsync(batch.Id, "zengin"));

        Assert.Equal("21", file.TypeCode);
        Assert.Equal("1234567890", file.CompanyCode);
        Assert.Equal("ｻﾞｲﾘﾖｳｶｶﾞｸｹﾝｷﾕｳｼﾖ", file.CompanyName);
        Assert.Equal(transferDate.ToString("MMdd", System.Globalization.CultureInfo.InvariantCulture), file.TransferDate);
        Assert.Equal(("0009", "100", "1", "7654321"), (file.BankCode, file.BranchCode, file.AccountType, file.AccountNumber));
        Assert.Equal(
            [
                new ZenginTransfer("0001", "001", "1", "1234567", "ﾀﾅｶ ﾊﾅｺ", 120_000, "0"),
                new ZenginTransfer("0001", "001", "1", "0000042", "ｶﾞﾂｺｳ ｼﾖｳｺ", 1_234_567, "0"),
                new ZenginTransfer("0005", "123", "4", "7654321", "NGUYEN THI LAN", 80_000, "0"),
            ],
            file.Transfers);
        Assert.Equal(3, file.TrailerCount);
        Assert.Equal(file.Transfers.Sum(t => t.Amount), file.TrailerTotal);
        Assert.Equal(batch.Total.Value, file.TrailerTotal);
    }

    [Fact]
    public async Task Every_download_is_byte_identical_even_after_the_payee_changes_their_account()
    {
        await using var harness = await StartAsync();
        await harness.SetBankAccountAsync(DemoData.Researcher.Id, "タナカ ハナコ", "1234567");
        await harness.SetBankAccountAsync(DemoData.Student.Id, "スズキ イチロウ", "2222222");
        await harness.ApproveAsync("APP-1", DemoData.Researcher.Id, 120_000);
        await harness.ApproveAsync("APP-2", DemoData.Student.Id, 30_000);
        var batch = await harness.CreateBatchAsync("identical");
        var first = new Dictionary<string, byte[]>();
        foreach (var format in new[] { "csv", "zengin", "journal" })
        {
            first[format] = await harness.DownloadAsync(batch.Id, format);
        }

        await harness.SetBankAccountAsync(DemoData.Researcher.Id, "タナカ ハナコ", "9999999");
        await harness.People.UpsertAsync(DemoData.Researcher with { Name = "田中 花子（新姓）" });

        foreach (var format in new[] { "csv", "zengin", "journal" })
        {
            Assert.Equal(first[format], await harness.DownloadAsync(batch.Id, format));
        }

        Assert.Equal("1234567", ZenginReader.Read(first["zengin"]).Transfers[0].AccountNumber);
        var journal = Encoding.UTF8.GetString(first["journal"]);
        Assert.StartsWith("\uFEFFfiscalYear,fundId,budgetCode,amountYen,applicationId,payoutId,payeeId,payeeName,batchId,transferDate\r\n", journal, StringComparison.Ordinal);
        Assert.Contains($"{harness.Year.Year},{DemoData.DirectorFund},DIR-001,120000,APP-1,PO-APP-1,{DemoData.Researcher.Id},", journal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unmappable_names_are_refused_with_a_list_before_anything_is_written()
    {
        await using var harness = await StartAsync();
        var accounts = new BankAccountStore(harness.Storage);
        await harness.PersonAsync("kanji@example.ac.jp");
        await harness.PersonAsync("emoji@example.ac.jp");

        // Accounts stored before names were checked on entry: the API would refuse them today.
        await accounts.SaveAsync(new PayeeBankAccount("kanji@example.ac.jp", new BankAccount("0001", "001", "ordinary", "1111111", "田中 花子"), DateTimeOffset.UtcNow, "legacy"));
        await accounts.SaveAsync(new PayeeBankAccount("emoji@example.ac.jp", new BankAccount("0001", "001", "ordinary", "2222222", "タナカ🙂"), DateTimeOffset.UtcNow, "legacy"));
        await harness.SetBankAccountAsync(DemoData.Researcher.Id);
        await harness.ApproveAsync("APP-1", "kanji@example.ac.jp", 10_000);
        await harness.ApproveAsync("APP-2", "emoji@example.ac.jp", 20_000);
        await harness.ApproveAsync("APP-3", DemoData.Researcher.Id, 30_000);
        var batch = await harness.CreateBatchAsync("unmappable");

        var refused = await harness.Desk.CheckExportAsync(FinanceOfficer, batch.Id, "zengin");

        Assert.Equal(ProblemKind.Unprocessable, refused.Problem?.Kind);
        var errors = refused.Problem!.Errors!;
        Assert.Equal(["PO-APP-1 (kanji@example.ac.jp)", "PO-APP-2 (emoji@example.ac.jp)"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("'田' (U+7530)", Assert.Single(errors["PO-APP-1 (kanji@example.ac.jp)"]), StringComparison.Ordinal);
        Assert.Contains("'🙂' (U+1F642)", Assert.Single(errors["PO-APP-2 (emoji@example.ac.jp)"]), StringComparison.Ordinal);

        // Nothing was exported: the batch and its payouts are as they were.
        Assert.Equal(BatchStatus.Created, (await harness.PayoutStore.GetBatchAsync(batch.Id))!.Status);
        Assert.All(await harness.PayoutStore.ListBatchItemsAsync(batch.Id).ToListAsync(), p => Assert.Equal(PayoutStatus.Batched, p.Status));
        Assert.DoesNotContain(await harness.Audit.ReadAsync(batch.Id).ToListAsync(), e => e.Action == "batch-exported");
    }

    [Fact]
    public async Task A_missing_originator_setting_is_named_and_nothing_is_exported()
    {
        await using var harness = await StartAsync(new ZenginOptions { CompanyCode = "12345", CompanyNameKana = "財団" });
        await harness.SetBankAccountAsync(DemoData.Researcher.Id);
        await harness.ApproveAsync("APP-1", DemoData.Researcher.Id, 10_000);
        var batch = await harness.CreateBatchAsync("no-originator");

        var refused = await harness.Desk.CheckExportAsync(FinanceOfficer, batch.Id, "zengin");

        Assert.Equal(ProblemKind.Unprocessable, refused.Problem?.Kind);
        Assert.Equal(
            ["Zengin:AccountNumber", "Zengin:BankCode", "Zengin:BranchCode", "Zengin:CompanyCode", "Zengin:CompanyNameKana"],
            refused.Problem!.Errors!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(BatchStatus.Created, (await harness.PayoutStore.GetBatchAsync(batch.Id))!.Status);
    }

    [Fact]
    public async Task An_unknown_format_is_refused()
    {
        await using var harness = await StartAsync();
        await harness.SetBankAccountAsync(DemoData.Researcher.Id);
        await harness.ApproveAsync("APP-1", DemoData.Researcher.Id, 10_000);
        var batch = await harness.CreateBatchAsync("format");

        foreach (var format in new[] { "pdf", "1", "" + "zengin2" })
        {
            Assert.Equal(ProblemKind.Invalid, (await harness.Desk.CheckExportAsync(FinanceOfficer, batch.Id, format)).Problem?.Kind);
        }

        Assert.Equal(BatchStatus.Created, (await harness.PayoutStore.GetBatchAsync(batch.Id))!.Status);
    }
}
