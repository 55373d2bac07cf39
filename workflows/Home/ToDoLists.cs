using Grants.Workflows.Access;
using Grants.Workflows.Applications;
using Grants.Workflows.Funds;
using Grants.Workflows.Money;
using Grants.Workflows.Operations;
using Grants.Workflows.Payouts;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Home;

/// <summary>
/// Each person's home: what waits for them in each of their roles, read from the same lists the other screens use (one
/// partition query per kind of list), so a count here is always what the screen it links to will show.
/// </summary>
public sealed class ToDoLists(
    ApplicationStore applications, ApprovalQueue queue, CallService calls, PayoutStore payouts, BankAccountStore accounts, FundStore funds, TimeProvider clock)
{
    /// <summary>How many entries of a kind the home lists; the count says how many there are in all.</summary>
    public const int Shown = 5;

    /// <summary>An open call is "closing" for the administrator this many days before its deadline.</summary>
    public const int ClosingWithinDays = 14;

    /// <summary>A budget is "running low" when less than this share of its allocation is left.</summary>
    public const decimal LowShare = 0.1m;

    /// <summary>A workflow is "stuck" once it has not moved for this long (the operations screen's default).</summary>
    public static readonly TimeSpan StuckAfter = TimeSpan.FromDays(1);

    public async Task<Outcome<ToDoList>> ForAsync(Actor actor, StuckWork stuckWork, CancellationToken cancellationToken = default)
    {
        var groups = new List<ToDoGroup>();
        if (actor.IsIn(Roles.Applicant))
        {
            groups.AddRange(await ApplicantAsync(actor, cancellationToken));
        }

        // Anyone can be named supervisor or host researcher, whatever their roles.
        groups.AddRange(await EndorserAsync(actor, cancellationToken));
        if (actor.IsIn(Roles.Director) || actor.IsIn(Roles.Approver) || actor.IsIn(Roles.Delegate))
        {
            groups.AddRange(await ApproverAsync(actor, cancellationToken));
        }

        if (actor.IsIn(Roles.Finance))
        {
            groups.AddRange(await FinanceAsync(cancellationToken));
        }

        if (actor.IsIn(Roles.Admin))
        {
            groups.AddRange(await AdminAsync(actor, stuckWork, cancellationToken));
        }

        return new ToDoList([.. groups.Where(g => g.Count > 0)]);
    }

    async Task<IEnumerable<ToDoGroup>> ApplicantAsync(Actor actor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var mine = await applications.ListByApplicantAsync(actor.Id, cancellationToken).ToListAsync(cancellationToken);
        var reportsDue = mine.Where(a => a.Status == ApplicationStatus.Approved && a.Report is null && a.ReportDue is not null).OrderBy(a => a.ReportDue).ToList();
        // A payout waiting for a batch is left out of every batch until its payee has a bank account.
        var waitingPayouts = await payouts.ListByPayeeAsync(actor.Id, cancellationToken).Where(p => p.Status == PayoutStatus.Approved).ToListAsync(cancellationToken);
        var held = waitingPayouts.Count > 0 && await accounts.GetAsync(actor.Id, cancellationToken) is null
            ? mine.Where(a => waitingPayouts.Any(p => p.ApplicationId == a.Id)).ToList()
            : [];
        var open = (await calls.ListAsync(actor, cancellationToken)).Where(c => c.Status == CallStatus.Open).OrderBy(c => c.Closes).ToList();
        return
        [
            Group(ToDoKind.Revise, Roles.Applicant, mine.Where(a => a.Status == ApplicationStatus.Returned).OrderBy(a => a.UpdatedAt), a => Entry(a)),
            Group(ToDoKind.FinishDraft, Roles.Applicant, mine.Where(a => a.Status == ApplicationStatus.Draft).OrderByDescending(a => a.UpdatedAt), a => Entry(a)),
            Group(ToDoKind.Report, Roles.Applicant, reportsDue, a => Entry(a, due: a.ReportDue, overdue: now > a.ReportDue)),
            Group(ToDoKind.RegisterBankAccount, Roles.Applicant, held, a => Entry(a, link: "#/bank-account")),
            Group(ToDoKind.OpenCall, Roles.Applicant, open, c => new ToDoEntry(c.ProgramNameJa, $"#/programs/{Uri.EscapeDataString(c.ProgramId)}/apply",
                TitleEn: c.ProgramNameEn, Due: JapanTime.EndOf(c.Closes)), forInformation: true),
        ];
    }

    async Task<IEnumerable<ToDoGroup>> EndorserAsync(Actor actor, CancellationToken cancellationToken)
    {
        var endorsing = await applications.ListByEndorserAsync(actor.Id, cancellationToken).ToListAsync(cancellationToken);
        return
        [
            Group(ToDoKind.Endorse, "endorser", endorsing.Where(a => a.Status == ApplicationStatus.AwaitingEndorsement).OrderBy(a => a.UpdatedAt), a => Entry(a)),
            Group(ToDoKind.RecordArrival, "endorser",
                endorsing.Where(a => a.Status == ApplicationStatus.Approved && a.ExpectedArrival is not null && a.ArrivedOn is null).OrderBy(a => a.ExpectedArrival),
                a => Entry(a, due: JapanTime.EndOf(a.ExpectedArrival!.Value))),
        ];
    }

    async Task<IEnumerable<ToDoGroup>> ApproverAsync(Actor actor, CancellationToken cancellationToken)
    {
        var waiting = await queue.ListAsync(actor, cancellationToken);
        var items = waiting.Succeeded ? waiting.Value! : [];
        var extensions = new List<Application>();
        var fundCache = new Dictionary<string, Fund?>();
        await foreach (var application in applications.ListByStatusAsync(ApplicationStatus.Approved, cancellationToken))
        {
            if (application.ExtensionRequested == 0 || application.FundId is null || application.ApplicantId == actor.Id)
            {
                continue;
            }

            if (!fundCache.TryGetValue(application.FundId, out var fund))
            {
                fund = fundCache[application.FundId] = await funds.GetRecentFundAsync(application.FundId, cancellationToken);
            }

            if (fund is not null && (fund.ApproverId == actor.Id || fund.EscalationContactId == actor.Id))
            {
                extensions.Add(application);
            }
        }

        return
        [
            Group(ToDoKind.Decide, Roles.Approver, items, i => Entry(i.Application, subtitle: i.ApplicantName, due: i.EscalateAt, overdue: i.Overdue)),
            Group(ToDoKind.DecideExtension, Roles.Approver, extensions.OrderBy(a => a.UpdatedAt), a => Entry(a, link: "#/queue")),
        ];
    }

    async Task<IEnumerable<ToDoGroup>> FinanceAsync(CancellationToken cancellationToken)
    {
        var approved = await payouts.ListByStatusAsync(PayoutStatus.Approved, cancellationToken).ToListAsync(cancellationToken);
        var hasAccount = new Dictionary<string, bool>();
        foreach (var payee in approved.Select(p => p.PayeeId).Distinct())
        {
            hasAccount[payee] = await accounts.GetAsync(payee, cancellationToken) is not null;
        }

        var exported = (await payouts.ListBatchesAsync(cancellationToken)).Where(b => b.Status == BatchStatus.Exported).OrderBy(b => b.CreatedAt).ToList();
        var today = JapanTime.DateOf(clock.GetUtcNow());
        static ToDoEntry Payout(Payout p) => new(p.PayeeName, "#/payouts", Amount: p.Amount, Due: p.WaitingSince);
        return
        [
            Group(ToDoKind.BankReturn, Roles.Finance, approved.Where(p => p.Returns is not null).OrderBy(p => p.WaitingSince), Payout),
            Group(ToDoKind.HeldForBankAccount, Roles.Finance, approved.Where(p => !hasAccount[p.PayeeId]).OrderBy(p => p.WaitingSince), Payout),
            Group(ToDoKind.ReadyToBatch, Roles.Finance, approved.Where(p => hasAccount[p.PayeeId] && p.Returns is null).OrderBy(p => p.WaitingSince), Payout),
            Group(ToDoKind.ExportedNotPaid, Roles.Finance, exported, b => new ToDoEntry(b.Id, $"#/batches/{Uri.EscapeDataString(b.Id)}",
                Amount: b.Total, Due: b.TransferDate is { } date ? JapanTime.EndOf(date) : null, Overdue: b.TransferDate < today)),
        ];
    }

    async Task<IEnumerable<ToDoGroup>> AdminAsync(Actor actor, StuckWork stuckWork, CancellationToken cancellationToken)
    {
        var today = JapanTime.DateOf(clock.GetUtcNow());
        var closing = (await calls.ListAsync(actor, cancellationToken))
            .Where(c => c.Status == CallStatus.Open && c.Closes.DayNumber - today.DayNumber <= ClosingWithinDays).OrderBy(c => c.Closes);
        var low = new List<(Fund Fund, FundBudget Budget)>();
        var year = FiscalYear.Of(clock.GetUtcNow());
        await foreach (var fund in funds.ListFundsAsync(cancellationToken))
        {
            if (await funds.GetBudgetAsync(fund.Id, year, cancellationToken) is { } budget && budget.Remaining.Value < budget.Allocation.Value * LowShare)
            {
                low.Add((fund, budget));
            }
        }

        var stuck = await stuckWork.ListAsync(actor, StuckAfter, cancellationToken);
        return
        [
            Group(ToDoKind.StuckWork, Roles.Admin, stuck.Succeeded ? stuck.Value! : [], w => new ToDoEntry(
                w.ApplicationTitle ?? w.BatchId ?? w.InstanceId, "#/operations", Subtitle: w.ApplicantName, Due: w.LastUpdatedAt, Overdue: true)),
            Group(ToDoKind.CallClosing, Roles.Admin, closing, c => new ToDoEntry(c.ProgramNameJa, "#/admin/calls", TitleEn: c.ProgramNameEn, Due: JapanTime.EndOf(c.Closes))),
            Group(ToDoKind.BudgetLow, Roles.Admin, low.OrderBy(l => l.Budget.Remaining.Value), l => new ToDoEntry(
                l.Fund.NameJa, $"#/funds/{Uri.EscapeDataString(l.Fund.Id)}", TitleEn: l.Fund.NameEn, Amount: l.Budget.Remaining)),
        ];
    }

    static ToDoGroup Group<T>(ToDoKind kind, string role, IEnumerable<T> items, Func<T, ToDoEntry> entry, bool forInformation = false)
    {
        var entries = items.Select(entry).ToList();
        return new ToDoGroup(kind, role, entries.Count, entries.Count(e => e.Overdue), forInformation, [.. entries.Take(Shown)]);
    }

    static ToDoEntry Entry(Application application, string? link = null, string? subtitle = null, DateTimeOffset? due = null, bool overdue = false) =>
        new(string.IsNullOrWhiteSpace(application.Paper.Title) ? application.Id : application.Paper.Title,
            link ?? $"#/applications/{Uri.EscapeDataString(application.Id)}", Subtitle: subtitle, Due: due, Overdue: overdue);
}
