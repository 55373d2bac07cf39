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
/// of, longest waiting first. One partition read (the awaiting-approval status index); each fund and budget shown is read
/// once per request (they decide who sees a row and what is left), all at the same time; applicants' names come from
/// <see cref="PeopleSnapshot"/>'s copy of the directory, so no row costs a read of its own.
/// </summary>
public sealed class ApprovalQueue(ApplicationStore applications, ProgramCatalog programs, FundStore funds, PeopleSnapshot people, WorkflowOptions workflowOptions, TimeProvider clock)
{
    public async Task<Outcome<IReadOnlyList<ApprovalQueueItem>>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (!actor.IsStaff)
        {
            return Problem.Forbidden("Only approvers have an approval queue.");
        }

        var now = clock.GetUtcNow();
        var waiting = new List<(Application Application, GrantProgram Program, string FundId, FiscalYear Year)>();
        await foreach (var application in applications.ListByStatusAsync(ApplicationStatus.AwaitingApproval, cancellationToken))
        {
            if (await programs.FindAsync(application.ProgramId, application.ProgramVersion, cancellationToken) is { } program)
            {
                waiting.Add((application, program, application.FundId ?? program.FundFor(application.Paper.JointUseResearch), application.FiscalYear ?? FiscalYear.Of(application.SubmittedAt ?? now)));
            }
        }

        var fundReads = waiting.Select(w => w.FundId).Distinct().ToDictionary(id => id, id => funds.GetFundAsync(id, cancellationToken));
        var fundsById = new Dictionary<string, Fund?>();
        foreach (var (id, read) in fundReads)
        {
            fundsById[id] = await read;
        }

        var mine = waiting.Where(w => fundsById[w.FundId] is { } fund && (fund.ApproverId == actor.Id || fund.EscalationContactId == actor.Id) && w.Application.ApplicantId != actor.Id).ToList();
        var budgets = mine.Select(w => (w.FundId, w.Year)).Distinct().ToDictionary(k => k, k => funds.GetBudgetAsync(k.FundId, k.Year, cancellationToken));
        var applicantNames = await people.NamesAsync(mine.Select(w => w.Application.ApplicantId), cancellationToken);
        var items = new List<ApprovalQueueItem>();
        foreach (var (application, program, fundId, year) in mine)
        {
            var fund = fundsById[fundId]!;
            var budget = await budgets[(fundId, year)];

            // The workflow moves an application into this state and stamps UpdatedAt; nothing else changes it while it waits.
            var since = application.UpdatedAt;
            // The same deadline the workflow escalates at: the program's, unless the deployment overrides it.
            var escalateAt = since + workflowOptions.Apply(program.Approval).EscalateAfter;
            var state = program.States[application.Status];
            items.Add(new ApprovalQueueItem(
                application, state.LabelJa, state.LabelEn, program.NameJa, program.NameEn, applicantNames[application.ApplicantId] ?? application.ApplicantId, since, escalateAt, now >= escalateAt, fund.ApproverId != actor.Id,
                budget is null ? null : new QueueFund(fund.Id, fund.NameJa, fund.NameEn, budget.Allocation, budget.Reserved, budget.Paid, budget.Remaining)));
        }

        return items.OrderBy(i => i.WaitingSince).ToList();
    }
}
