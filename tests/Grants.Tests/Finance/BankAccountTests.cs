using Grants.Workflows.Access;
using Grants.Workflows.BankAccounts;
using Grants.Workflows.Demo;
using Grants.Workflows.Payouts;
using static Grants.Tests.Finance.FinanceHarness;

namespace Grants.Tests.Finance;

[Trait("Kind", "Orchestration")]
public sealed class BankAccountTests
{
    static readonly BankAccountRequest Valid = new("0001", "001", "ordinary", "1234567", "タナカ ハナコ");

    [Fact]
    public async Task Every_bad_field_is_reported_at_once_and_nothing_is_stored()
    {
        await using var harness = await StartAsync();

        var refused = await harness.BankAccounts.SaveAsync(Researcher, Researcher.Id, new BankAccountRequest("1", "12a", "checking", "12345678", "田中 花子"));

        Assert.Equal(ProblemKind.Invalid, refused.Problem?.Kind);
        Assert.Equal(["accountNumber", "accountType", "bankCode", "branchCode", "holderKana"], refused.Problem!.Errors!.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("'田' (U+7530)", refused.Problem.Errors["holderKana"][0], StringComparison.Ordinal);
        Assert.Equal(ProblemKind.NotFound, (await harness.BankAccounts.GetAsync(Researcher, Researcher.Id)).Problem?.Kind);
        Assert.Empty(await harness.Audit.ReadAsync(BankAccountService.AuditSubject(Researcher.Id)).ToListAsync());
    }

    [Theory]
    [InlineData("タナカ🙂")]
    [InlineData("")]
    [InlineData("アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマ")]
    public async Task Holder_names_that_a_transfer_cannot_carry_are_refused(string holder)
    {
        await using var harness = await StartAsync();

        var refused = await harness.BankAccounts.SaveAsync(Researcher, Researcher.Id, Valid with { HolderKana = holder });

        Assert.Equal(["holderKana"], refused.Problem!.Errors!.Keys.ToArray());
    }

    [Fact]
    public async Task Names_and_digits_are_normalized_on_entry()
    {
        await using var harness = await StartAsync();

        var saved = Ok(await harness.BankAccounts.SaveAsync(Researcher, Researcher.Id, new BankAccountRequest(" ０００１ ", "001", "Savings", "0012345", "  たなか　はなこ ")));

        Assert.Equal(("0001", "savings", "たなか はなこ"), (saved.Account.BankCode, saved.Account.AccountType, saved.Account.HolderKana));
    }

    [Fact]
    public async Task The_person_and_finance_read_it_in_full_and_each_such_read_is_audited_everyone_else_sees_it_masked()
    {
        await using var harness = await StartAsync();
        var approver = new Actor("kimura@example.ac.jp", new HashSet<string> { "approver" });
        Ok(await harness.BankAccounts.SaveAsync(Researcher, Researcher.Id, Valid));

        foreach (var reader in new[] { Researcher, FinanceOfficer })
        {
            var full = Ok(await harness.BankAccounts.GetAsync(reader, Researcher.Id));
            Assert.False(full.Masked);
            Assert.Equal(("001", "1234567"), (full.Account.BranchCode, full.Account.AccountNumber));
        }

        foreach (var reader in new[] { Director, approver, Student })
        {
            var masked = Ok(await harness.BankAccounts.GetAsync(reader, Researcher.Id));
            Assert.True(masked.Masked);
            Assert.Equal(("0001", "***", "****567", "タナカ ハナコ"), (masked.Account.BankCode, masked.Account.BranchCode, masked.Account.AccountNumber, masked.Account.HolderKana));
        }

        var trail = await harness.Audit.ReadAsync(BankAccountService.AuditSubject(Researcher.Id)).ToListAsync();
        Assert.Equal(["bank-account-set", "bank-account-read", "bank-account-read"], trail.Select(e => e.Action));
        Assert.Equal([Researcher.Id, Researcher.Id, FinanceOfficer.Id], trail.Select(e => e.Actor));
        Assert.DoesNotContain(trail, e => e.Detail.Contains("1234567", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_the_person_themself_or_finance_sets_it()
    {
        await using var harness = await StartAsync();

        Assert.Equal(ProblemKind.Forbidden, (await harness.BankAccounts.SaveAsync(Student, Researcher.Id, Valid)).Problem?.Kind);
        Assert.Equal(ProblemKind.Forbidden, (await harness.BankAccounts.SaveAsync(Director, Researcher.Id, Valid)).Problem?.Kind);
        Assert.Equal(ProblemKind.NotFound, (await harness.BankAccounts.SaveAsync(FinanceOfficer, "nobody@example.ac.jp", Valid)).Problem?.Kind);
        Assert.Equal(ProblemKind.NotFound, (await harness.BankAccounts.GetAsync(FinanceOfficer, Researcher.Id)).Problem?.Kind);

        Ok(await harness.BankAccounts.SaveAsync(FinanceOfficer, Researcher.Id, Valid));
        Assert.Equal("1234567", Ok(await harness.BankAccounts.GetAsync(Researcher, Researcher.Id)).Account.AccountNumber);
    }

    [Fact]
    public async Task Only_finance_creates_batches_downloads_files_and_records_what_the_bank_did()
    {
        await using var harness = await StartAsync();
        await harness.SetBankAccountAsync(DemoData.Researcher.Id);
        await harness.ApproveAsync("APP-1", DemoData.Researcher.Id, 10_000);
        var admin = new Actor("admin@example.ac.jp", new HashSet<string> { Roles.Admin });
        var today = PayoutService.JapanDate(DateTimeOffset.UtcNow);

        foreach (var actor in new[] { Director, admin, Researcher })
        {
            Assert.Equal(ProblemKind.Forbidden, (await harness.Desk.CreateBatchAsync(actor, "not-finance")).Problem?.Kind);
        }

        var batch = await harness.CreateBatchAsync("finance");
        foreach (var actor in new[] { Director, admin, Researcher })
        {
            foreach (var format in new[] { "csv", "zengin", "journal" })
            {
                Assert.Equal(ProblemKind.Forbidden, (await harness.Desk.CheckExportAsync(actor, batch.Id, format)).Problem?.Kind);
            }

            Assert.Equal(ProblemKind.Forbidden, (await harness.Payouts.GetBatchAsync(actor, batch.Id)).Problem?.Kind);
        }

        Assert.Equal(BatchStatus.Created, (await harness.PayoutStore.GetBatchAsync(batch.Id))!.Status);
        await harness.DownloadAsync(batch.Id, "csv");
        foreach (var actor in new[] { Director, admin, Researcher })
        {
            Assert.Equal(ProblemKind.Forbidden, (await harness.Desk.MarkBatchPaidAsync(actor, batch.Id, new PaidRequest(today))).Problem?.Kind);
            Assert.Equal(ProblemKind.Forbidden, (await harness.Desk.ReturnAsync(actor, "PO-APP-1", new ReasonRequest("x"))).Problem?.Kind);
            Assert.Equal(ProblemKind.Forbidden, (await harness.Payments.CancelAsync(actor, "PO-APP-1", new ReasonRequest("x"))).Problem?.Kind);
        }

        Assert.Equal(PayoutStatus.Exported, (await harness.PayoutStore.GetAsync("PO-APP-1"))!.Status);
        Assert.Equal(new FundBudgetView(3_000_000, 10_000, 0), await harness.BudgetAsync());
        Assert.Equal(ProblemKind.Forbidden, (await harness.Reconciliation.ReportAsync(Researcher, "2026", null)).Problem?.Kind);
    }
}
