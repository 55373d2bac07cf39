using Grants.Workflows.Access;
using Grants.Workflows.Funds;
using Grants.Workflows.Money;
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
/// of, longest waiting first. One partition read (the awaiting-approval status index); funds, budgets, programs and
/// names are read once each per request.
/// </summary>
public sealed class ApprovalQueue(ApplicationStore applications, ProgramCatalog programs, FundStore funds, PeopleDirectory people, WorkflowOptions workflowOptions, TimeProvider clock)
{
    public async Task<Outcome<IReadOnlyList<ApprovalQueueItem>>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (!actor.IsStaff)
        {
            return Problem.Forbidden("Only approvers have an approval queue.");
        }

        var now = clock.GetUtcNow();
        var fundCache = new Dictionary<string, Fund?>();
        var budgetCache = new Dictionary<(string, FiscalYear), FundBudget?>();
        var nameCache = new Dictionary<string, string>();
        var items = new List<ApprovalQueueItem>();
        await foreach (var application in applications.ListByStatusAsync(ApplicationStatus.AwaitingApproval, cancellationToken))
        {
            var program = await programs.FindAsync(application.ProgramId, application.ProgramVersion, cancellationToken);
            if (program is null)
            {
                continue;
            }

            var fundId = application.FundId ?? program.FundFor(application.Paper.JointUseResearch);
            if (!fundCache.TryGetValue(fundId, out var fund))
            {
                fund = fundCache[fundId] = await funds.GetFundAsync(fundId, cancellationToken);
            }

            if (fund is null || (fund.ApproverId != actor.Id && fund.EscalationContactId != actor.Id) || application.ApplicantId == actor.Id)
            {
                continue;
            }

            var year = application.FiscalYear ?? FiscalYear.Of(application.SubmittedAt ?? now);
            if (!budgetCache.TryGetValue((fundId, year), out var budget))
            {
                budget = budgetCache[(fundId, year)] = await funds.GetBudgetAsync(fundId, year, cancellationToken);
            }

            if (!nameCache.TryGetValue(application.ApplicantId, out var name))
            {
                name = nameCache[application.ApplicantId] = (await people.FindAsync(application.ApplicantId, cancellationToken))?.Name ?? application.ApplicantId;
            }

            // The workflow moves an application into this state and stamps UpdatedAt; nothing else changes it while it waits.
            var since = application.UpdatedAt;
            // The same deadline the workflow escalates at: the program's, unless the deployment overrides it.
            var escalateAt = since + workflowOptions.Apply(program.Approval).EscalateAfter;
            var state = program.States[application.Status];
            items.Add(new ApprovalQueueItem(
                application, state.LabelJa, state.LabelEn, program.NameJa, program.NameEn, name, since, escalateAt, now >= escalateAt, fund.ApproverId != actor.Id,
                budget is null ? null : new QueueFund(fund.Id, fund.NameJa, fund.NameEn, budget.Allocation, budget.Reserved, budget.Paid, budget.Remaining)));
        }

        return items.OrderBy(i => i.WaitingSince).ToList();
    }
}
