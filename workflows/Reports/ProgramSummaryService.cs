using Grants.Workflows.Access;
using Grants.Workflows.Applications;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Reports;

/// <summary>One line of the summary: a program paid from a fund in a fiscal year, counted and summed.</summary>
public sealed record ProgramFundSummary(
    string ProgramId,
    string ProgramNameJa,
    string ProgramNameEn,
    string FundId,
    int Received,
    int Eligible,
    int Approved,
    int Rejected,
    int Withdrawn,
    int Paid,
    Yen Reserved,
    Yen PaidAmount);

/// <summary>A fund's money in the fiscal year, next to the program lines it pays.</summary>
public sealed record FundSummary(string FundId, Yen Allocation, Yen Reserved, Yen Paid, Yen Remaining);

/// <summary>The year's figures per program and fund — the line an annual report quotes ("11 papers supported").</summary>
public sealed record ProgramSummaryReport(FiscalYear FiscalYear, IReadOnlyList<ProgramFundSummary> Programs, IReadOnlyList<FundSummary> Funds);

/// <summary>Counts applications and sums money per program and fund for a fiscal year. Reads status and payout partitions only.</summary>
public sealed class ProgramSummaryService(ApplicationStore applications, PayoutStore payouts, FundStore funds, ProgramCatalog programs, TimeProvider clock)
{
    public async Task<Outcome<ProgramSummaryReport>> ReportAsync(Actor actor, string? fiscalYear, CancellationToken cancellationToken = default)
    {
        if (!actor.IsStaff)
        {
            return Problem.Forbidden("Only staff see the program summary.");
        }

        var year = FiscalYear.Of(clock.GetUtcNow());
        if (!string.IsNullOrWhiteSpace(fiscalYear))
        {
            if (!int.TryParse(fiscalYear, out var parsed) || parsed is < 2000 or > 2100)
            {
                return Problem.Invalid("fiscalYear", "Give the fiscal year as its first calendar year, e.g. 2026 for April 2026 to March 2027.");
            }

            year = new FiscalYear(parsed);
        }

        var catalog = (await programs.ListAsync(cancellationToken).ToListAsync(cancellationToken)).ToDictionary(p => p.Id);
        var submitted = new List<Application>();
        foreach (var status in Enum.GetValues<ApplicationStatus>().Where(s => s != ApplicationStatus.Draft))
        {
            submitted.AddRange(await applications.ListByStatusAsync(status, cancellationToken)
                .Where(a => a.SubmittedAt is { } at && FiscalYear.Of(at) == year)
                .ToListAsync(cancellationToken));
        }

        var paidPayouts = await payouts.ListByStatusAsync(PayoutStatus.Paid, cancellationToken)
            .Where(p => p.FiscalYear == year)
            .ToListAsync(cancellationToken);
        var paidByApplication = paidPayouts.GroupBy(p => p.ApplicationId).ToDictionary(g => g.Key, g => g.Sum(p => p.Amount.Value));

        var lines = submitted
            .GroupBy(a => (a.ProgramId, FundId: a.FundId ?? catalog.GetValueOrDefault(a.ProgramId)?.FundFor(a.Paper.JointUseResearch) ?? ""))
            .OrderBy(g => g.Key.ProgramId).ThenBy(g => g.Key.FundId)
            .Select(g => Line(g.Key.ProgramId, g.Key.FundId, catalog.GetValueOrDefault(g.Key.ProgramId), g.ToList(), paidByApplication))
            .ToList();

        var fundSummaries = new List<FundSummary>();
        foreach (var fundId in catalog.Values.SelectMany(p => p.Funding.Select(f => f.FundId)).Distinct().Order())
        {
            if (await funds.GetBudgetAsync(fundId, year, cancellationToken) is { } budget)
            {
                fundSummaries.Add(new FundSummary(fundId, budget.Allocation, budget.Reserved, budget.Paid, budget.Remaining));
            }
        }

        return new ProgramSummaryReport(year, lines, fundSummaries);
    }

    /// <summary>One program and fund's applications of the year, counted by outcome, with what was reserved and paid.</summary>
    static ProgramFundSummary Line(string programId, string fundId, GrantProgram? program, List<Application> received, Dictionary<string, long> paidByApplication)
    {
        var approved = received.Where(a => a.Status is ApplicationStatus.Approved or ApplicationStatus.Completed).ToList();
        return new ProgramFundSummary(
            programId,
            program?.NameJa ?? programId,
            program?.NameEn ?? programId,
            fundId,
            received.Count,
            received.Count(a => a.Status is not (ApplicationStatus.Ineligible or ApplicationStatus.Submitted)),
            approved.Count,
            received.Count(a => a.Status == ApplicationStatus.Rejected),
            received.Count(a => a.Status == ApplicationStatus.Withdrawn),
            received.Count(a => paidByApplication.ContainsKey(a.Id)),
            Yen.Sum(approved.Select(a => a.Commitment)),
            new Yen(received.Sum(a => paidByApplication.GetValueOrDefault(a.Id))));
    }
}
