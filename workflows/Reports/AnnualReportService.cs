using System.Globalization;
using Grants.Workflows.Access;
using Grants.Workflows.Applications;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Reports;

/// <summary>What one expense kind of a program came to in a fiscal year: granted on approval, and paid.</summary>
public sealed record ExpenseKindFigures(ExpenseKind Kind, Yen Granted, Yen Paid);

/// <summary>A program's line of the annual report for one fiscal year: how many were received, approved and paid, and the money by expense kind.</summary>
public sealed record ProgramYearFigures(
    string ProgramId,
    string ProgramNameJa,
    string ProgramNameEn,
    int Received,
    int Approved,
    int Paid,
    Yen Granted,
    Yen PaidAmount,
    IReadOnlyList<ExpenseKindFigures> Kinds);

/// <summary>One fiscal year of the annual report, every program in it.</summary>
public sealed record AnnualReportYear(FiscalYear FiscalYear, IReadOnlyList<ProgramYearFigures> Programs);

/// <summary>The annual report (年度報告) over a range of fiscal years, oldest first — the table the institute's report quotes ("FY2020: 11 papers supported").</summary>
public sealed record AnnualReport(FiscalYear From, FiscalYear To, IReadOnlyList<AnnualReportYear> Years);

/// <summary>
/// Builds the annual report from the status partitions of the applications and the fiscal-year partitions of the
/// payouts. An application counts in the fiscal year of its (latest) submission; money paid counts in the fiscal year
/// the payout is charged to, which is where the fund's budget books it.
/// </summary>
public sealed class AnnualReportService(ApplicationStore applications, PayoutStore payouts, ProgramCatalog programs, TimeProvider clock)
{
    /// <summary>The longest range one request may ask for, so a report stays a handful of partition reads.</summary>
    public const int MaxYears = 10;

    const int EarliestYear = 2000;
    const int LatestYear = 2100;

    public async Task<Outcome<AnnualReport>> ReportAsync(Actor actor, string? from, string? to, CancellationToken cancellationToken = default)
    {
        if (!actor.IsStaff)
        {
            return Problem.Forbidden("Only staff see the annual report.");
        }

        var errors = new Dictionary<string, string[]>();
        var last = ParseYear("to", to, FiscalYear.Of(clock.GetUtcNow()).Year, errors);
        var first = ParseYear("from", from, Math.Max(EarliestYear, last - 2), errors);
        if (errors.Count == 0 && first > last)
        {
            errors["from"] = [$"The first fiscal year ({first}) comes after the last ({last}); give from ≤ to."];
        }
        else if (errors.Count == 0 && last - first + 1 > MaxYears)
        {
            errors["to"] = [$"Ask for at most {MaxYears} fiscal years at a time; {first} to {last} is {last - first + 1}."];
        }

        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        var years = Enumerable.Range(first, last - first + 1).Select(y => new FiscalYear(y)).ToList();
        var catalog = await programs.ListAsync(cancellationToken).ToListAsync(cancellationToken);
        var submitted = await SubmittedAsync(cancellationToken);
        var paidByYear = new Dictionary<FiscalYear, List<Payout>>();
        foreach (var year in years)
        {
            paidByYear[year] = await payouts.ListByFiscalYearAsync(year, cancellationToken).Where(p => p.Status == PayoutStatus.Paid).ToListAsync(cancellationToken);
        }

        return new AnnualReport(years[0], years[^1], years.Select(year => FiguresOf(year, catalog, submitted, paidByYear[year])).ToList());
    }

    /// <summary>Every application that was ever submitted, by id: one read of each status partition but drafts.</summary>
    async Task<Dictionary<string, Application>> SubmittedAsync(CancellationToken cancellationToken)
    {
        var byId = new Dictionary<string, Application>();
        foreach (var status in Enum.GetValues<ApplicationStatus>().Where(s => s != ApplicationStatus.Draft))
        {
            await foreach (var application in applications.ListByStatusAsync(status, cancellationToken))
            {
                // An interrupted save can leave a stale copy in the partition of the former status; the newer copy wins.
                if (application.SubmittedAt is not null
                    && (!byId.TryGetValue(application.Id, out var seen) || seen.UpdatedAt < application.UpdatedAt))
                {
                    byId[application.Id] = application;
                }
            }
        }

        return byId;
    }

    static AnnualReportYear FiguresOf(FiscalYear year, IReadOnlyList<GrantProgram> catalog, Dictionary<string, Application> submitted, List<Payout> paid)
    {
        var received = submitted.Values.Where(a => FiscalYear.Of(a.SubmittedAt!.Value) == year).ToList();
        var paidWithApplication = paid.Where(p => submitted.ContainsKey(p.ApplicationId)).Select(p => (Payout: p, Application: submitted[p.ApplicationId])).ToList();
        var programIds = catalog.Select(p => p.Id)
            .Concat(received.Select(a => a.ProgramId))
            .Concat(paidWithApplication.Select(x => x.Application.ProgramId))
            .Distinct()
            .Order(StringComparer.Ordinal);

        var lines = programIds.Select(id =>
        {
            var program = catalog.FirstOrDefault(p => p.Id == id);
            var ofProgram = received.Where(a => a.ProgramId == id).ToList();
            var approved = ofProgram.Where(a => a.Status is ApplicationStatus.Approved or ApplicationStatus.Completed).ToList();
            var paidOfProgram = paidWithApplication.Where(x => x.Application.ProgramId == id).ToList();

            var granted = approved.SelectMany(Granted).ToList();
            var paidByKind = paidOfProgram.SelectMany(x => PaidByKind(x.Application, x.Payout)).ToList();
            var kinds = (program?.Expenses.Select(e => e.Kind) ?? [])
                .Concat(granted.Select(g => g.Kind))
                .Concat(paidByKind.Select(p => p.Kind))
                .Distinct()
                .Select(kind => new ExpenseKindFigures(
                    kind,
                    Yen.Sum(granted.Where(g => g.Kind == kind).Select(g => g.Amount)),
                    Yen.Sum(paidByKind.Where(p => p.Kind == kind).Select(p => p.Amount))))
                .ToList();

            return new ProgramYearFigures(
                id,
                program?.NameJa ?? id,
                program?.NameEn ?? id,
                ofProgram.Count,
                approved.Count,
                paidOfProgram.Select(x => x.Application.Id).Distinct().Count(),
                Yen.Sum(approved.Select(a => a.Commitment)),
                Yen.Sum(paidOfProgram.Select(x => x.Payout.Amount)),
                kinds);
        });

        return new AnnualReportYear(year, lines.ToList());
    }

    /// <summary>
    /// What approval granted, by kind: the lines of a one-time application; every month (extensions included) of monthly
    /// support. Support before and after arrival is reserved at the higher of its two rates for every month, since the
    /// arrival is not known in advance, so the grant is reported under that rate's kind (after arrival on a tie).
    /// </summary>
    static IEnumerable<(ExpenseKind Kind, Yen Amount)> Granted(Application application) => application.PaymentKind switch
    {
        PaymentKind.Monthly => [(ExpenseKind.ResearchAssistantMonthly, application.Commitment)],
        PaymentKind.MonthlyBeforeAndAfterArrival =>
            [(application.Monthly(ExpenseKind.PreArrivalMonthly) > application.Monthly(ExpenseKind.PostArrivalMonthly) ? ExpenseKind.PreArrivalMonthly : ExpenseKind.PostArrivalMonthly,
              application.Commitment)],
        _ => application.Lines.Select(l => (l.Kind, l.Amount)),
    };

    /// <summary>
    /// A paid payout, by kind. A one-time payout pays the application's lines (any difference from their sum stays on
    /// the first line, so the kinds always add up to what was paid); a month of support pays the rate it was paid at.
    /// </summary>
    static List<(ExpenseKind Kind, Yen Amount)> PaidByKind(Application application, Payout payout)
    {
        switch (application.PaymentKind)
        {
            case PaymentKind.Monthly:
                return [(ExpenseKind.ResearchAssistantMonthly, payout.Amount)];
            case PaymentKind.MonthlyBeforeAndAfterArrival:
                return [(MonthKind(application, payout), payout.Amount)];
            default:
                if (application.Lines.Count == 0)
                {
                    return [];
                }

                var lines = application.Lines.Select(l => (l.Kind, l.Amount)).ToList();
                lines[0] = (lines[0].Kind, lines[0].Amount + payout.Amount - application.Total);
                return lines;
        }
    }

    /// <summary>Which rate a month of support before and after arrival was paid at: its amount tells, unless both rates are equal; then the arrival date does.</summary>
    static ExpenseKind MonthKind(Application application, Payout payout)
    {
        var before = application.Monthly(ExpenseKind.PreArrivalMonthly);
        var after = application.Monthly(ExpenseKind.PostArrivalMonthly);
        if (before != after)
        {
            return payout.Amount == before ? ExpenseKind.PreArrivalMonthly : ExpenseKind.PostArrivalMonthly;
        }

        var paidOn = JapanTime.DateOf(payout.CreatedAt);
        return application.ArrivedOn is { } arrived && paidOn >= arrived ? ExpenseKind.PostArrivalMonthly : ExpenseKind.PreArrivalMonthly;
    }

    static int ParseYear(string field, string? value, int fallback, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < EarliestYear or > LatestYear)
        {
            errors[field] = [$"Give the fiscal year as its first calendar year between {EarliestYear} and {LatestYear}, e.g. 2026 for April 2026 to March 2027."];
            return fallback;
        }

        return year;
    }
}
