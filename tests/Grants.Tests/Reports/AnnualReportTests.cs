using Grants.Tests.Infrastructure;
using Grants.Workflows;
using Grants.Workflows.Access;
using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Grants.Workflows.Mail;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;
using Grants.Workflows.Programs;
using Grants.Workflows.Reports;
using Grants.Workflows.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Grants.Tests.Reports.ReportRecords;

namespace Grants.Tests.Reports;

/// <summary>
/// The annual report over three fiscal years on Azurite: an application counts in the year it was submitted (judged in
/// Japan time, so 31 March 23:30 and 1 April 00:10 fall in different years), money paid in the year its payout is
/// charged to; counts and amounts to the yen, by expense kind.
/// </summary>
[Trait("Kind", "Storage")]
public sealed class AnnualReportTests
{
    static readonly Actor Director = new(DemoData.Director.Id, new HashSet<string> { Roles.Director });

    static readonly Actor Finance = new(DemoData.Finance.Id, new HashSet<string> { Roles.Finance });

    static readonly Actor Researcher = new(DemoData.Researcher.Id, new HashSet<string> { Roles.Applicant });

    /// <summary>A clock standing still at one instant.</summary>
    sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }

    [Fact]
    public async Task Each_fiscal_year_counts_the_applications_submitted_in_it_and_the_money_paid_in_it_by_program_and_expense_kind()
    {
        await using var services = await StartAsync();
        var applications = services.GetRequiredService<ApplicationStore>();
        var payouts = services.GetRequiredService<PayoutStore>();
        var catalog = services.GetRequiredService<ProgramCatalog>();
        var report = Service(services, JapanTime(2026, 11, 29));

        // FY2024: two approved papers (one paid in FY2024, one submitted on 31 March late at night and charged to and
        // paid in FY2025) and one rejected.
        var a1 = await applications.SubmittedAsync("APP-A1", DemoData.ImaGaTaisetsu, JapanTime(2024, 6, 10), ApplicationStatus.Completed,
            [Line(ExpenseKind.SubmissionFee, 30_000), Line(ExpenseKind.EnglishProofreading, 45_000)]);
        await payouts.PayoutAsync(a1, 75_000, new FiscalYear(2024));
        var a2 = await applications.SubmittedAsync("APP-A2", DemoData.ImaGaTaisetsu, JapanTime(2025, 3, 31, 23, 30), ApplicationStatus.Approved,
            [Line(ExpenseKind.OpenAccessCharge, 264_000)], chargedTo: new FiscalYear(2025));
        await payouts.PayoutAsync(a2, 264_000, new FiscalYear(2025));
        await applications.SubmittedAsync("APP-A3", DemoData.ImaGaTaisetsu, JapanTime(2024, 9, 1), ApplicationStatus.Rejected, [Line(ExpenseKind.OpenAccessCharge, 100_000)]);

        // FY2025: a paper approved ten minutes into the year whose payout is exported but not yet paid; a withdrawn one;
        // three months of RA employment, two paid; four months of an international fellowship, one paid before and one after arrival.
        var a4 = await applications.SubmittedAsync("APP-A4", DemoData.ImaGaTaisetsu, JapanTime(2025, 4, 1, 0, 10), ApplicationStatus.Approved,
            [Line(ExpenseKind.EnglishProofreading, 50_000)]);
        await payouts.PayoutAsync(a4, 50_000, new FiscalYear(2025), PayoutStatus.Exported);
        await applications.SubmittedAsync("APP-A6", DemoData.ImaGaTaisetsu, JapanTime(2025, 6, 1), ApplicationStatus.Withdrawn, [Line(ExpenseKind.SubmissionFee, 10_000)]);
        var ra = await applications.SubmittedAsync("APP-A5", DemoData.GraduateFellowship, JapanTime(2025, 5, 1), ApplicationStatus.Approved,
            [Line(ExpenseKind.ResearchAssistantMonthly, 80_000)], months: 3, applicantId: DemoData.Student.Id);
        await payouts.PayoutAsync(ra, 80_000, new FiscalYear(2025), month: 1);
        await payouts.PayoutAsync(ra, 80_000, new FiscalYear(2025), month: 2);
        await payouts.PayoutAsync(ra, 80_000, new FiscalYear(2025), PayoutStatus.Approved, month: 3);
        var international = await applications.SubmittedAsync("APP-A7", DemoData.InternationalFellowship, JapanTime(2025, 7, 1), ApplicationStatus.Approved,
            [Line(ExpenseKind.PreArrivalMonthly, 50_000), Line(ExpenseKind.PostArrivalMonthly, 150_000)], months: 4, arrivedOn: new DateOnly(2025, 9, 15),
            applicantId: DemoData.InternationalStudent.Id);
        await payouts.PayoutAsync(international, 50_000, new FiscalYear(2025), month: 1, createdAt: JapanTime(2025, 8, 1));
        await payouts.PayoutAsync(international, 150_000, new FiscalYear(2025), month: 2, createdAt: JapanTime(2025, 10, 1));

        // FY2026: one awaiting approval, one ineligible, one approved whose payout finance cancelled; and a draft, never submitted.
        await applications.SubmittedAsync("APP-A8", DemoData.ImaGaTaisetsu, JapanTime(2026, 5, 1), ApplicationStatus.AwaitingApproval, [Line(ExpenseKind.SubmissionFee, 20_000)]);
        await applications.SubmittedAsync("APP-A9", DemoData.ImaGaTaisetsu, JapanTime(2026, 5, 2), ApplicationStatus.Ineligible, [Line(ExpenseKind.SubmissionFee, 20_000)]);
        var a10 = await applications.SubmittedAsync("APP-A10", DemoData.ImaGaTaisetsu, JapanTime(2026, 6, 1), ApplicationStatus.Approved, [Line(ExpenseKind.OpenAccessCharge, 300_000)]);
        await payouts.PayoutAsync(a10, 300_000, new FiscalYear(2026), PayoutStatus.Cancelled);
        Assert.True(await applications.TryCreateAsync(new Application("APP-DRAFT", DemoData.Researcher.Id, DemoData.ImaGaTaisetsu, 1, new Paper("Draft", "J", false),
            [Line(ExpenseKind.SubmissionFee, 5_000)], [], ApplicationStatus.Draft, 0, JapanTime(2026, 7, 1), JapanTime(2026, 7, 1))));

        var annual = Ok(await report.ReportAsync(Director, "2024", "2026"));
        Assert.Equal((new FiscalYear(2024), new FiscalYear(2026)), (annual.From, annual.To));
        Assert.Equal([2024, 2025, 2026], annual.Years.Select(y => y.FiscalYear.Year));
        var publication = await catalog.FindAsync(DemoData.ImaGaTaisetsu);

        // Every program appears in every year (by id), named, with every kind it pays for (zero where nothing happened).
        foreach (var year in annual.Years)
        {
            Assert.Equal([DemoData.ImaGaTaisetsu, DemoData.GraduateFellowship, DemoData.InternationalFellowship], year.Programs.Select(p => p.ProgramId));
            var line = year.Programs.Single(p => p.ProgramId == DemoData.ImaGaTaisetsu);
            Assert.Equal((publication!.NameJa, publication.NameEn), (line.ProgramNameJa, line.ProgramNameEn));
            Assert.Equal(publication.Expenses.Select(e => e.Kind).Order(), line.Kinds.Select(k => k.Kind).Order());
            foreach (var program in year.Programs)
            {
                // The kinds add up to the program's totals, to the yen.
                Assert.Equal(program.Granted, Yen.Sum(program.Kinds.Select(k => k.Granted)));
                Assert.Equal(program.PaidAmount, Yen.Sum(program.Kinds.Select(k => k.Paid)));
            }
        }

        var fy2024 = Figures(annual, 2024, DemoData.ImaGaTaisetsu);
        Assert.Equal((3, 2, 1, 339_000L, 75_000L), (fy2024.Received, fy2024.Approved, fy2024.Paid, fy2024.Granted.Value, fy2024.PaidAmount.Value));
        Assert.Equal((30_000L, 30_000L), Kind(fy2024, ExpenseKind.SubmissionFee));
        Assert.Equal((45_000L, 45_000L), Kind(fy2024, ExpenseKind.EnglishProofreading));
        Assert.Equal((264_000L, 0L), Kind(fy2024, ExpenseKind.OpenAccessCharge));
        Assert.Equal((0, 0, 0, 0L, 0L), Counts(Figures(annual, 2024, DemoData.GraduateFellowship)));

        // APP-A2 was received in FY2024 but paid in FY2025; APP-A4's payout is exported, not paid.
        var fy2025 = Figures(annual, 2025, DemoData.ImaGaTaisetsu);
        Assert.Equal((2, 1, 1, 50_000L, 264_000L), Counts(fy2025));
        Assert.Equal((50_000L, 0L), Kind(fy2025, ExpenseKind.EnglishProofreading));
        Assert.Equal((0L, 264_000L), Kind(fy2025, ExpenseKind.OpenAccessCharge));
        Assert.Equal((0L, 0L), Kind(fy2025, ExpenseKind.SubmissionFee));

        var graduate = Figures(annual, 2025, DemoData.GraduateFellowship);
        Assert.Equal((1, 1, 1, 240_000L, 160_000L), Counts(graduate));
        Assert.Equal((240_000L, 160_000L), Kind(graduate, ExpenseKind.ResearchAssistantMonthly));

        // Reserved at the higher (after-arrival) rate for every month; paid one month at each rate.
        var fellowship = Figures(annual, 2025, DemoData.InternationalFellowship);
        Assert.Equal((1, 1, 1, 600_000L, 200_000L), Counts(fellowship));
        Assert.Equal((0L, 50_000L), Kind(fellowship, ExpenseKind.PreArrivalMonthly));
        Assert.Equal((600_000L, 150_000L), Kind(fellowship, ExpenseKind.PostArrivalMonthly));

        // A cancelled payout is not money paid; a draft was never received.
        var fy2026 = Figures(annual, 2026, DemoData.ImaGaTaisetsu);
        Assert.Equal((3, 1, 0, 300_000L, 0L), Counts(fy2026));
        Assert.Equal((0, 0, 0, 0L, 0L), Counts(Figures(annual, 2026, DemoData.InternationalFellowship)));

        // Without a range: the current fiscal year and the two before it. With only "to": that year and the two before.
        Assert.Equal(annual, Ok(await report.ReportAsync(Finance, null, null)), ReportComparer.Instance);
        Assert.Equal([2023, 2024, 2025], Ok(await report.ReportAsync(Director, "", "2025")).Years.Select(y => y.FiscalYear.Year));
        Assert.Equal([2025], Ok(await report.ReportAsync(Director, "2025", "2025")).Years.Select(y => y.FiscalYear.Year));
    }

    [Fact]
    public async Task A_range_backwards_too_long_or_not_years_is_refused_listing_every_field_and_only_staff_read_the_report()
    {
        await using var services = await StartAsync();
        var report = Service(services, JapanTime(2026, 11, 29));

        Assert.Equal(["from"], Invalid(await report.ReportAsync(Director, "2026", "2024")));
        Assert.Equal(["to"], Invalid(await report.ReportAsync(Director, "2016", "2026")));
        Assert.Equal(AnnualReportService.MaxYears, Ok(await report.ReportAsync(Director, "2017", "2026")).Years.Count);
        Assert.Equal(["from", "to"], Invalid(await report.ReportAsync(Director, "R2", "2026年")));
        Assert.Equal(["from"], Invalid(await report.ReportAsync(Director, "1999", "2001")));
        Assert.Equal(["to"], Invalid(await report.ReportAsync(Director, "2024", "2101")));
        Assert.Equal(["from"], Invalid(await report.ReportAsync(Director, "-2024", null)));
        Assert.Equal(["from"], Invalid(await report.ReportAsync(Director, "2024.0", null)));
        Assert.Equal(["to"], Invalid(await report.ReportAsync(Director, null, " 2026")));

        foreach (var who in new[] { Researcher, new Actor(DemoData.Supervisor.Id, new HashSet<string> { Roles.Applicant }) })
        {
            Assert.Equal(ProblemKind.Forbidden, (await report.ReportAsync(who, "2024", "2026")).Problem?.Kind);
            Assert.Equal(ProblemKind.Forbidden, (await report.ReportAsync(who, "R2", null)).Problem?.Kind);
        }

        foreach (var role in new[] { Roles.Director, Roles.Approver, Roles.Delegate, Roles.Finance, Roles.Admin })
        {
            Ok(await report.ReportAsync(new Actor("staff@example.ac.jp", new HashSet<string> { role }), null, null));
        }
    }

    static async Task<ServiceProvider> StartAsync()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var services = new ServiceCollection().AddLogging().AddGrants(storage, new MailOptions { ApiKey = "test" }).BuildServiceProvider();
        await DemoData.SeedAsync(services.GetRequiredService<PeopleDirectory>(), services.GetRequiredService<ProgramCatalog>(), services.GetRequiredService<CallService>(), services.GetRequiredService<FundStore>(), new FiscalYear(2026));
        return services;
    }

    static AnnualReportService Service(IServiceProvider services, DateTimeOffset now) =>
        ActivatorUtilities.CreateInstance<AnnualReportService>(services, new StoppedClock(now));

    static ProgramYearFigures Figures(AnnualReport report, int year, string programId) =>
        report.Years.Single(y => y.FiscalYear.Year == year).Programs.Single(p => p.ProgramId == programId);

    static (int Received, int Approved, int Paid, long Granted, long PaidAmount) Counts(ProgramYearFigures f) => (f.Received, f.Approved, f.Paid, f.Granted.Value, f.PaidAmount.Value);

    static (long Granted, long Paid) Kind(ProgramYearFigures f, ExpenseKind kind) => f.Kinds.Single(k => k.Kind == kind) is var k ? (k.Granted.Value, k.Paid.Value) : default;

    static T Ok<T>(Outcome<T> outcome)
    {
        Assert.True(outcome.Succeeded, $"{outcome.Problem?.Kind}: {outcome.Problem?.Detail} {string.Join("; ", outcome.Problem?.Errors?.SelectMany(e => e.Value) ?? [])}");
        return outcome.Value!;
    }

    static IEnumerable<string> Invalid<T>(Outcome<T> outcome)
    {
        Assert.Equal(ProblemKind.Invalid, outcome.Problem?.Kind);
        return outcome.Problem!.Errors!.Keys.Order(StringComparer.Ordinal);
    }

    /// <summary>Reports compare by their contents (the records hold lists, which compare by reference).</summary>
    sealed class ReportComparer : IEqualityComparer<AnnualReport>
    {
        public static readonly ReportComparer Instance = new();

        public bool Equals(AnnualReport? x, AnnualReport? y) =>
            System.Text.Json.JsonSerializer.Serialize(x, GrantsJson.Options) == System.Text.Json.JsonSerializer.Serialize(y, GrantsJson.Options);

        public int GetHashCode(AnnualReport obj) => 0;
    }
}
