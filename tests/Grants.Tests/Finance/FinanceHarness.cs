using Grants.Tests.Infrastructure;
using Grants.Workflows;
using Grants.Workflows.Access;
using Grants.Workflows.BankAccounts;
using Grants.Workflows.Demo;
using Grants.Workflows.Mail;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;
using Grants.Workflows.Payouts.Zengin;
using Grants.Workflows.People;
using Grants.Workflows.Programs;
using Grants.Workflows.Reports;
using Grants.Workflows.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Grants.Tests.Finance;

/// <summary>
/// The finance side as both hosts wire it — stores, services, the real SendGrid client sending to a local sink — over
/// an isolated set of Azurite tables, seeded with the demo funds and people, with the in-memory durable engine running
/// finance's bulk steps. Payouts are approved the way the workflow
/// approves them: reserve the budget, then create the payout.
/// </summary>
public sealed class FinanceHarness : IAsyncDisposable
{
    public static readonly Actor FinanceOfficer = new(DemoData.Finance.Id, new HashSet<string> { Roles.Finance });

    public static readonly Actor Director = new(DemoData.Director.Id, new HashSet<string> { Roles.Director });

    public static readonly Actor Researcher = new(DemoData.Researcher.Id, new HashSet<string> { Roles.Applicant });

    public static readonly Actor Student = new(DemoData.Student.Id, new HashSet<string> { Roles.Applicant });

    public static readonly ZenginOptions Originator = new()
    {
        CompanyCode = "1234567890",
        CompanyNameKana = "ザイリヨウカガクケンキユウシヨ",
        BankCode = "0009",
        BankNameKana = "ミツバチギンコウ",
        BranchCode = "100",
        BranchNameKana = "ホンテン",
        AccountType = "ordinary",
        AccountNumber = "7654321",
    };

    readonly DurableTaskTestHost host;

    FinanceHarness(DurableTaskTestHost host, GrantsStorage storage, MailSink mail, FiscalYear year)
    {
        this.host = host;
        Storage = storage;
        Mail = mail;
        Year = year;
        Desk = ActivatorUtilities.CreateInstance<FinanceDesk>(host.Services, host.Client);
    }

    IServiceProvider services => host.Services;

    /// <summary>Finance's bulk steps as the API runs them: durable work, finished by the engine.</summary>
    public FinanceDesk Desk { get; }

    public DurableTaskClient Client => host.Client;

    public GrantsStorage Storage { get; }

    public MailSink Mail { get; }

    public FiscalYear Year { get; }

    public PayoutService Payouts => services.GetRequiredService<PayoutService>();

    public PaymentService Payments => services.GetRequiredService<PaymentService>();

    public BatchChunkSteps Chunks => services.GetRequiredService<BatchChunkSteps>();

    public BankAccountService BankAccounts => services.GetRequiredService<BankAccountService>();

    public ReconciliationService Reconciliation => services.GetRequiredService<ReconciliationService>();

    public PayoutStore PayoutStore => services.GetRequiredService<PayoutStore>();

    public FundStore Funds => services.GetRequiredService<FundStore>();

    public AuditTrail Audit => services.GetRequiredService<AuditTrail>();

    public PeopleDirectory People => services.GetRequiredService<PeopleDirectory>();

    /// <summary>Starts the stores, services and the in-memory durable engine; <paramref name="storage"/> may be one whose calls fail on purpose.</summary>
    public static async Task<FinanceHarness> StartAsync(ZenginOptions? originator = null, GrantsStorage? storage = null)
    {
        var grantsStorage = storage ?? await (await Azurite.SharedAsync()).NewStorageAsync();
        return await EngineHost.StartAsync(
            (services, mail) => services.AddGrants(grantsStorage, mail).Configure<ZenginOptions>(o => Copy(originator ?? Originator, o)),
            async (host, mail) =>
            {
                var year = FiscalYear.Of(DateTimeOffset.UtcNow);
                await EngineHost.SeedDemoAsync(host.Services, year);
                return new FinanceHarness(host, grantsStorage, mail, year);
            });
    }

    public static T Ok<T>(Outcome<T> outcome) => Orchestration.WorkflowHarness.Ok(outcome);

    /// <summary>A new person in the directory (payees need an email to be told they were paid).</summary>
    public async Task<Person> PersonAsync(string id, string name = "試験 太郎", string kana = "シケン タロウ")
    {
        var person = new Person(id, name, kana, id, Position.AssistantProfessor, "Materials Science");
        await People.UpsertAsync(person);
        return person;
    }

    public async Task SetBankAccountAsync(string personId, string holderKana = "タナカ ハナコ", string number = "1234567")
    {
        var self = new Actor(personId, new HashSet<string> { Roles.Applicant });
        Ok(await BankAccounts.SaveAsync(self, personId, new BankAccountRequest("0001", "001", "ordinary", number, holderKana)));
    }

    /// <summary>What the workflow does on approval: reserve the amount in the fund's budget, then create the payout.</summary>
    public async Task<Payout> ApproveAsync(string applicationId, string payeeId, long yen, string fundId = DemoData.DirectorFund, DateTimeOffset? at = null)
    {
        var when = at ?? DateTimeOffset.UtcNow;
        var reservation = await Funds.ReserveAsync(applicationId, fundId, Year, new Yen(yen), when);
        Assert.True(reservation.Reserved, reservation.Problem);
        var fund = (await Funds.GetFundAsync(fundId))!;
        var payee = (await People.FindAsync(payeeId))!;
        return await PayoutStore.CreateIfMissingAsync(new Payout(
            Payout.IdFor(applicationId), applicationId, payeeId, payee.Name, payee.NameKana, fundId, fund.BudgetCode, Year, new Yen(yen), PayoutStatus.Approved, when));
    }

    public async Task<PayoutBatch> CreateBatchAsync(string key) => Ok(await Desk.CreateBatchAsync(FinanceOfficer, key)).Batch;

    /// <summary>Checks and writes a batch file as the download endpoint does.</summary>
    public async Task<byte[]> DownloadAsync(string batchId, string format)
    {
        var export = Ok(await Desk.CheckExportAsync(FinanceOfficer, batchId, format));
        using var output = new MemoryStream();
        await Payouts.WriteAsync(export, output);
        return output.ToArray();
    }

    public async Task<FundBudgetView> BudgetAsync(string fundId = DemoData.DirectorFund)
    {
        var budget = (await Funds.GetBudgetAsync(fundId, Year))!;
        return new FundBudgetView(budget.Allocation.Value, budget.Reserved.Value, budget.Paid.Value);
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        await Mail.DisposeAsync();
    }

    static void Copy(ZenginOptions from, ZenginOptions to)
    {
        to.CompanyCode = from.CompanyCode;
        to.CompanyNameKana = from.CompanyNameKana;
        to.BankCode = from.BankCode;
        to.BankNameKana = from.BankNameKana;
        to.BranchCode = from.BranchCode;
        to.BranchNameKana = from.BranchNameKana;
        to.AccountType = from.AccountType;
        to.AccountNumber = from.AccountNumber;
    }
}

/// <summary>A budget's three figures in plain yen, easy to compare in an assertion.</summary>
public sealed record FundBudgetView(long Allocation, long Reserved, long Paid);
