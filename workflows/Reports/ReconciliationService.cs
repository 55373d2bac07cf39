using Grants.Workflows.Access;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Reports;

/// <summary>
/// One fund in one fiscal year: its budget as booked, and the payouts that should explain it. Reserved money not yet
/// due as a payout (the later months of monthly support) shows in <c>ReservedBeyondPayouts</c>; it is never negative.
/// </summary>
public sealed record FundReconciliation(
    string FundId,
    string? BudgetCode,
    Yen Allocation,
    Yen Reserved,
    Yen Paid,
    Yen Remaining,
    Yen PayoutsOutstanding,
    Yen ReservedBeyondPayouts,
    Yen PayoutsPaid,
    Yen PayoutsCancelled,
    int PayoutCount,
    bool Balanced,
    IReadOnlyList<string> Differences)
{
    /// <summary>The fund's name, for people (the id and budget code are for accounting).</summary>
    public string? FundNameJa { get; init; }

    public string? FundNameEn { get; init; }
}

/// <summary>One batch: what its own row says against what its frozen contents add up to, and what the bank returned from it.</summary>
public sealed record BatchReconciliation(
    string BatchId,
    BatchStatus Status,
    DateOnly? PaidOn,
    int Count,
    Yen Total,
    int ItemCount,
    Yen ItemTotal,
    int ReturnedCount,
    Yen ReturnedTotal,
    bool Balanced);

/// <summary>A payout that has waited for a batch longer than it should.</summary>
public sealed record WaitingPayout(string PayoutId, string ApplicationId, string PayeeId, string FundId, Yen Amount, DateTimeOffset WaitingSince, int DaysWaiting, string? LastReturnReason)
{
    /// <summary>Who is paid and what for, as the payout names them (see <see cref="Payout.Purpose"/>).</summary>
    public string? PayeeName { get; init; }

    public string? Purpose { get; init; }
}

/// <summary>The reconciliation of a fiscal year: every fund, every batch its payouts were in, and what waits too long.</summary>
public sealed record ReconciliationReport(
    FiscalYear FiscalYear,
    DateTimeOffset AsOf,
    bool Balanced,
    IReadOnlyList<FundReconciliation> Funds,
    IReadOnlyList<BatchReconciliation> Batches,
    int OlderThanDays,
    IReadOnlyList<WaitingPayout> Unbatched);

/// <summary>
/// Proves every payout of a fiscal year is accounted for, to the yen: each fund's Reserved covers its payouts still
/// to be paid and its Paid equals its paid payouts; each batch's count and total equal its contents; and approved
/// payouts that have waited too long for a batch are listed. Every figure comes from partition reads.
/// </summary>
public sealed class ReconciliationService(PayoutStore payouts, FundStore funds, ProgramCatalog programs, TimeProvider clock)
{
    public const int DefaultOlderThanDays = 14;

    sealed class FundTally
    {
        public Yen Outstanding { get; set; } = Yen.Zero;

        public Yen Paid { get; set; } = Yen.Zero;

        public Yen Cancelled { get; set; } = Yen.Zero;

        public int Count { get; set; }
    }

    /// <summary>What one pass over a year's payouts gathers: a tally a fund, what each batch returned, the batches
    /// touched, and the approved payouts that have waited at least the given number of days.</summary>
    sealed class YearTally(DateTimeOffset now, int days)
    {
        public SortedDictionary<string, FundTally> Funds { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, (int Count, Yen Total)> Returned { get; } = [];

        public SortedSet<string> BatchIds { get; } = new(StringComparer.Ordinal);

        public List<WaitingPayout> Waiting { get; } = [];

        public FundTally Fund(string fundId)
        {
            if (!Funds.TryGetValue(fundId, out var tally))
            {
                Funds[fundId] = tally = new FundTally();
            }

            return tally;
        }

        public void Add(Payout payout)
        {
            var tally = Fund(payout.FundId);
            tally.Count++;
            switch (payout.Status)
            {
                case PayoutStatus.Paid:
                    tally.Paid += payout.Amount;
                    break;
                case PayoutStatus.Cancelled:
                    tally.Cancelled += payout.Amount;
                    break;
                default:
                    tally.Outstanding += payout.Amount;
                    break;
            }

            if (payout.BatchId is { } batchId)
            {
                BatchIds.Add(batchId);
            }

            foreach (var r in payout.Returns ?? [])
            {
                BatchIds.Add(r.BatchId);
                var (count, total) = Returned.GetValueOrDefault(r.BatchId, (0, Yen.Zero));
                Returned[r.BatchId] = (count + 1, total + payout.Amount);
            }

            var waited = now - payout.WaitingSince;
            if (payout.Status == PayoutStatus.Approved && waited >= TimeSpan.FromDays(days))
            {
                Waiting.Add(new WaitingPayout(payout.Id, payout.ApplicationId, payout.PayeeId, payout.FundId, payout.Amount, payout.WaitingSince, (int)waited.TotalDays, payout.Returns is [.., var last] ? last.Reason : null)
                {
                    PayeeName = payout.PayeeName,
                    Purpose = payout.Purpose,
                });
            }
        }
    }

    public async Task<Outcome<ReconciliationReport>> ReportAsync(Actor actor, string? fiscalYear, string? olderThanDays, CancellationToken cancellationToken = default)
    {
        if (!actor.IsIn(Roles.Finance) && !actor.IsIn(Roles.Director) && !actor.IsIn(Roles.Admin))
        {
            return Problem.Forbidden("Only finance, the director and administrators read the reconciliation.");
        }

        var errors = new Dictionary<string, string[]>();
        if (!int.TryParse(fiscalYear, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year) || year is < 2000 or > 2100)
        {
            errors["fiscalYear"] = ["Give the fiscal year as the year it starts, e.g. fiscalYear=2026 for April 2026 to March 2027."];
        }

        var days = DefaultOlderThanDays;
        if (!string.IsNullOrEmpty(olderThanDays) && (!int.TryParse(olderThanDays, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out days) || days > 3650))
        {
            errors["olderThanDays"] = ["A whole number of days from 0 to 3650."];
        }

        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        return await ReportAsync(new FiscalYear(year), days, cancellationToken);
    }

    async Task<ReconciliationReport> ReportAsync(FiscalYear fy, int days, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var tally = new YearTally(now, days);
        await foreach (var payout in payouts.ListByFiscalYearAsync(fy, cancellationToken))
        {
            tally.Add(payout);
        }

        await foreach (var program in programs.ListAsync(cancellationToken))
        {
            foreach (var route in program.Funding)
            {
                tally.Fund(route.FundId);
            }
        }

        var fundLines = new List<FundReconciliation>();
        foreach (var (fundId, fundTally) in tally.Funds)
        {
            if (await FundLineAsync(fundId, fundTally, fy, cancellationToken) is { } line)
            {
                fundLines.Add(line);
            }
        }

        var batchLines = new List<BatchReconciliation>();
        foreach (var batchId in tally.BatchIds)
        {
            batchLines.Add(await BatchLineAsync(batchId, tally.Returned.GetValueOrDefault(batchId, (0, Yen.Zero)), cancellationToken));
        }

        tally.Waiting.Sort((a, b) => a.WaitingSince.CompareTo(b.WaitingSince));
        return new ReconciliationReport(
            fy, now, fundLines.All(f => f.Balanced) && batchLines.All(b => b.Balanced), fundLines, batchLines, days, tally.Waiting);
    }

    /// <summary>A fund's budget against its payouts, or null for a fund with neither a budget nor a payout that year.</summary>
    async Task<FundReconciliation?> FundLineAsync(string fundId, FundTally tally, FiscalYear fy, CancellationToken cancellationToken)
    {
        var budget = await funds.GetBudgetAsync(fundId, fy, cancellationToken);
        if (budget is null && tally.Count == 0)
        {
            return null;
        }

        var fund = await funds.GetFundAsync(fundId, cancellationToken);
        var allocation = budget?.Allocation ?? Yen.Zero;
        var reserved = budget?.Reserved ?? Yen.Zero;
        var paid = budget?.Paid ?? Yen.Zero;
        var differences = new List<string>();
        if (budget is null)
        {
            differences.Add($"{fundId} has payouts in {fy} but no budget.");
        }

        if (reserved < tally.Outstanding)
        {
            differences.Add($"Reserved {reserved} does not cover the payouts still to be paid, {tally.Outstanding} (short by {tally.Outstanding - reserved}).");
        }

        if ((allocation - reserved - paid).IsNegative)
        {
            differences.Add($"Overspent: allocation {allocation} is less than reserved and paid together ({reserved + paid}).");
        }

        if (paid != tally.Paid)
        {
            differences.Add($"Paid {paid} but paid payouts total {tally.Paid} (difference {paid - tally.Paid}).");
        }

        return new FundReconciliation(
            fundId, fund?.BudgetCode, allocation, reserved, paid, allocation - reserved - paid,
            tally.Outstanding, reserved - tally.Outstanding, tally.Paid, tally.Cancelled, tally.Count, differences.Count == 0, differences)
        {
            FundNameJa = fund?.NameJa,
            FundNameEn = fund?.NameEn,
        };
    }

    /// <summary>A batch's own row against the payouts frozen in it, and what the bank returned from it.</summary>
    async Task<BatchReconciliation> BatchLineAsync(string batchId, (int Count, Yen Total) returned, CancellationToken cancellationToken)
    {
        var batch = await payouts.GetBatchAsync(batchId, cancellationToken);
        var itemCount = 0;
        var itemTotal = Yen.Zero;
        await foreach (var item in payouts.ListBatchContentsAsync(batchId, cancellationToken))
        {
            itemCount++;
            itemTotal += item.Payout.Amount;
        }

        return new BatchReconciliation(
            batchId, batch?.Status ?? BatchStatus.Created, batch?.PaidOn, batch?.Count ?? 0, batch?.Total ?? Yen.Zero,
            itemCount, itemTotal, returned.Count, returned.Total, batch is not null && batch.Count == itemCount && batch.Total == itemTotal);
    }
}
