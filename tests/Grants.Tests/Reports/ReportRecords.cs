using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;

namespace Grants.Tests.Reports;

/// <summary>
/// Applications and payouts written through the real stores as the workflow leaves them at the end of each step, dated
/// in any fiscal year: the annual report reads only what the stores hold, and a workflow cannot be run in a past year.
/// </summary>
public static class ReportRecords
{
    static readonly TimeSpan Japan = TimeSpan.FromHours(9);

    /// <summary>An instant given as a date and time in Japan, where fiscal years turn.</summary>
    public static DateTimeOffset JapanTime(int year, int month, int day, int hour = 10, int minute = 0) => new(year, month, day, hour, minute, 0, Japan);

    public static ExpenseLine Line(ExpenseKind kind, long yen) => new(kind, new Yen(yen), kind.ToString());

    /// <summary>An application submitted at <paramref name="submittedAt"/> that has reached <paramref name="status"/>, charged to <paramref name="chargedTo"/> (default: the submission's year).</summary>
    public static async Task<Application> SubmittedAsync(
        this ApplicationStore store, string id, string programId, DateTimeOffset submittedAt, ApplicationStatus status, IReadOnlyList<ExpenseLine> lines,
        int months = 0, FiscalYear? chargedTo = null, DateOnly? arrivedOn = null, string? applicantId = null)
    {
        var application = new Application(
            id, applicantId ?? DemoData.Researcher.Id, programId, 1, new Paper($"Paper {id}", "Journal", false), lines, [], status, 1, submittedAt.AddDays(-1), submittedAt.AddDays(1),
            SubmittedAt: submittedAt, FundId: programId == DemoData.ImaGaTaisetsu ? DemoData.DirectorFund : DemoData.InstituteFund,
            FiscalYear: chargedTo ?? FiscalYear.Of(submittedAt), Months: months, ArrivedOn: arrivedOn);
        Assert.True(await store.TryCreateAsync(application));
        return application;
    }

    /// <summary>A payout of an application, charged to <paramref name="chargedTo"/>, already at <paramref name="status"/>.</summary>
    public static Task<Payout> PayoutAsync(
        this PayoutStore store, Application application, long yen, FiscalYear chargedTo, PayoutStatus status = PayoutStatus.Paid, int? month = null, DateTimeOffset? createdAt = null) =>
        store.CreateIfMissingAsync(new Payout(
            month is { } m ? Payout.IdFor(application.Id, m) : Payout.IdFor(application.Id), application.Id, application.ApplicantId, "試験 太郎", "シケン タロウ",
            application.FundId!, "DIR-001", chargedTo, new Yen(yen), status, createdAt ?? application.UpdatedAt));
}
