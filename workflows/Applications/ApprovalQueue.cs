using System.Collections.Concurrent;
using Grants.Workflows.Access;
using Grants.Workflows.Funds;
using Grants.Workflows.Money;
using Grants.Workflows.People;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Applications;

/// <summary>A fund's money as an approver sees it beside an application: what is left decides whether it fits.</summary>
public sealed record QueueFund(string Id, string NameJa, string NameEn, Yen Allocation, Yen Reserved, Yen Paid, Yen Remaining);

/// <summary>
/// One application waiting for the actor's decision, with what the decision needs: eligibility, money, how long it has
/// waited. <see cref="AsDelegate"/> when the actor decides only as the fund's escalation contact, not its approver.
/// </summary>
public sealed record ApprovalQueueItem(
    Application Application,
    string StatusLabelJa,
    string StatusLabelEn,
    string ProgramNameJa,
    string ProgramNameEn,
    string ApplicantName,
    DateTimeOffset WaitingSince,
    DateTimeOffset EscalateAt,
    bool Overdue,
    bool AsDelegate,
    QueueFund? Fund);

/// <summary>
/// The approver's queue: applications awaiting approval from a fund the actor approves for, or is the escalation contact
/// of, longest waiting first. One partition read (the awaiting-approval status index), never a read per row: funds (who
/// approves), program versions and applicants' names come from copies in memory, and each budget shown as this process
/// last read or moved it within <see cref="FundStore.ShownBudgetAge"/> (else read, once per fund and year). The budgets
/// the actor's queue needed last time are read while the index is, so a queue costs one round trip at most.
/// </summary>
public sealed class ApprovalQueue(ApplicationStore applications, ProgramCatalog programs, FundStore funds, PeopleSnapshot people, WorkflowOptions workflowOptions, TimeProvider clock)
{
    readonly ConcurrentDictionary<string, (string FundId, FiscalYear Year)[]> budgetsLastShown = new(StringComparer.Ordinal);

    /// <summary>An application in the queue; <paramref name="Json"/>: its document as its status row stores it, written out as it is.</summary>
    sealed record Waiting(Application Application, string? Json, GrantProgram Program, Fund Fund, FiscalYear Year);

    public async Task<Outcome<IReadOnlyList<ApprovalQueueItem>>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (!actor.IsStaff)
        {
            return Problem.Forbidden("Only approvers have an approval queue.");
        }

        var now = clock.GetUtcNow();
        var budgets = budgetsLastShown.GetValueOrDefault(actor.Id, []).ToDictionary(k => k, k => funds.GetShownBudgetAsync(k.FundId, k.Year, cancellationToken));
        try
        {
            var mine = await MineAsync(actor, now, cancellationToken);
            foreach (var key in mine.Select(w => (w.Fund.Id, w.Year)).Distinct().Where(k => !budgets.ContainsKey(k)))
            {
                budgets[key] = funds.GetShownBudgetAsync(key.Id, key.Year, cancellationToken);
            }

            budgetsLastShown[actor.Id] = [.. mine.Select(w => (w.Fund.Id, w.Year)).Distinct()];
            var applicantNames = await people.NamesAsync(mine.Select(w => w.Application.ApplicantId), cancellationToken);
            var items = new List<(ApprovalQueueItem, string?)>();
            foreach (var (application, json, program, fund, year) in mine)
            {
                var budget = await budgets[(fund.Id, year)];

                // The workflow moves an application into this state and stamps UpdatedAt; nothing else changes it while it waits.
                var since = application.UpdatedAt;
                // The same deadline the workflow escalates at: the program's, unless the deployment overrides it.
                var escalateAt = since + workflowOptions.Apply(program.Approval).EscalateAfter;
                var state = program.States[application.Status];
                items.Add((new ApprovalQueueItem(
                    application, state.LabelJa, state.LabelEn, program.NameJa, program.NameEn, applicantNames[application.ApplicantId] ?? application.ApplicantId, since, escalateAt, now >= escalateAt, fund.ApproverId != actor.Id,
                    budget is null ? null : new QueueFund(fund.Id, fund.NameJa, fund.NameEn, budget.Allocation, budget.Reserved, budget.Paid, budget.Remaining)), json));
            }

            return new ApprovalQueueList([.. items.OrderBy(i => i.Item1.WaitingSince)]);
        }
        finally
        {
            // A budget read ahead that the queue no longer needs is let finish; its failure is nobody's answer.
            await Task.WhenAll(budgets.Values).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>The waiting applications the actor decides (as approver or escalation contact), never their own.</summary>
    async Task<List<Waiting>> MineAsync(Actor actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var waiting = new List<(Application Application, string? Json, GrantProgram Program, string FundId, FiscalYear Year)>();
        foreach (var (application, json) in await AwaitingAsync(cancellationToken))
        {
            if (await programs.FindAsync(application.ProgramId, application.ProgramVersion, cancellationToken) is { } program)
            {
                waiting.Add((application, json, program, application.FundId ?? program.FundFor(application.Paper.JointUseResearch), application.FiscalYear ?? FiscalYear.Of(application.SubmittedAt ?? now)));
            }
        }

        var fundsById = (await Task.WhenAll(waiting.Select(w => w.FundId).Distinct().Select(async id => (Id: id, Fund: await funds.GetRecentFundAsync(id, cancellationToken)))))
            .ToDictionary(f => f.Id, f => f.Fund);
        return [.. waiting
            .Select(w => (w, Fund: fundsById[w.FundId]))
            .Where(x => x.Fund is { } fund && (fund.ApproverId == actor.Id || fund.EscalationContactId == actor.Id) && x.w.Application.ApplicantId != actor.Id)
            .Select(x => new Waiting(x.w.Application, x.w.Json, x.w.Program, x.Fund!, x.w.Year))];
    }

    /// <summary>The applications awaiting approval, each with its document as stored (none while old copies are still to be read beside them).</summary>
    async Task<List<(Application Application, string? Json)>> AwaitingAsync(CancellationToken cancellationToken) =>
        await applications.ListStoredAsync(ApplicationStatus.AwaitingApproval, cancellationToken) is { } stored
            ? [.. stored.Select(json => (DocumentTable<Application>.Parse(json), (string?)json))]
            : await applications.ListByStatusAsync(ApplicationStatus.AwaitingApproval, cancellationToken).Select(a => (a, (string?)null)).ToListAsync(cancellationToken);
}
