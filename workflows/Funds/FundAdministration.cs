using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Grants.Workflows.Access;
using Grants.Workflows.Money;
using Grants.Workflows.People;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Funds;

/// <summary>A fund as an administrator sends it: its id (on creation), names, budget code, approver and delegate (the escalation contact).</summary>
public sealed record FundRequest(string? Id, string? NameJa, string? NameEn, string? BudgetCode, string? ApproverId, string? EscalationContactId);

/// <summary>A new allocation for a fiscal year and why.</summary>
public sealed record AllocationRequest(Yen? Allocation, string? Reason);

/// <summary>A fund with its budget of every fiscal year and every change of its allocations, newest first.</summary>
public sealed record FundView(Fund Fund, IReadOnlyList<FundBudget> Budgets, IReadOnlyList<AllocationChange> History);

/// <summary>
/// Funds and their budgets as administered data: administrators create and edit funds and set any fund's allocation
/// for a fiscal year (next year's before April too); the director sets the allocations of the funds they approve.
/// An allocation never drops below what is reserved plus paid. Every change is in the audit trail under <c>fund|{id}</c>.
/// </summary>
public sealed partial class FundAdministration(FundStore funds, PeopleDirectory people, AuditTrail audit, TimeProvider clock)
{
    public const int MaxReasonLength = 500;

    /// <summary>The audit subject under which a fund's changes are recorded.</summary>
    public static string AuditSubject(string fundId) => $"fund|{fundId}";

    /// <summary>The funds the caller administers (all for an administrator, the ones they approve for a director), each with its budgets.</summary>
    public async Task<Outcome<IReadOnlyList<FundView>>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (!actor.IsIn(Roles.Admin) && !actor.IsIn(Roles.Director))
        {
            return Problem.Forbidden("Only administrators and the director manage funds.");
        }

        var list = new List<FundView>();
        await foreach (var fund in funds.ListFundsAsync(cancellationToken))
        {
            if (MayAdjust(actor, fund))
            {
                list.Add(new FundView(fund, await funds.ListBudgetsAsync(fund.Id, cancellationToken).ToListAsync(cancellationToken), []));
            }
        }

        return list.OrderBy(v => v.Fund.BudgetCode, StringComparer.Ordinal).ToList();
    }

    public async Task<Outcome<FundView>> GetAsync(Actor actor, string fundId, CancellationToken cancellationToken = default)
    {
        var found = await FindAdjustableAsync(actor, fundId, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Problem!;
        }

        var history = await funds.ListAllocationChangesAsync(fundId, cancellationToken).ToListAsync(cancellationToken);
        history.Reverse();
        return new FundView(found.Value!, await funds.ListBudgetsAsync(fundId, cancellationToken).ToListAsync(cancellationToken), history);
    }

    /// <summary>Creates a fund; an id already in use is a conflict.</summary>
    public async Task<Outcome<Fund>> CreateAsync(Actor actor, FundRequest request, CancellationToken cancellationToken = default)
    {
        if (!actor.IsIn(Roles.Admin))
        {
            return Problem.Forbidden("Only administrators create funds.");
        }

        var errors = new Dictionary<string, string[]>();
        var id = (request.Id ?? "").Trim();
        if (!FundId().IsMatch(id))
        {
            errors["id"] = ["A fund id is 2 to 64 lower-case letters, digits and hyphens, starting with a letter or digit (e.g. director-discretionary)."];
        }

        var fund = await CheckAsync(id, request, errors, cancellationToken);
        if (fund is null)
        {
            return Problem.Invalid(errors);
        }

        if (!await funds.TryCreateFundAsync(fund, cancellationToken))
        {
            return Problem.Conflict($"A fund with the id {id} exists already. Choose another id, or edit that fund.");
        }

        await audit.AppendAsync(AuditSubject(id), StepKey(), new AuditEntry(clock.GetUtcNow(), actor.Id, "fund-created", Describe(fund)), cancellationToken);
        return fund;
    }

    /// <summary>Edits a fund's names, budget code, approver and delegate; its id stays.</summary>
    public async Task<Outcome<Fund>> UpdateAsync(Actor actor, string fundId, FundRequest request, CancellationToken cancellationToken = default)
    {
        if (!actor.IsIn(Roles.Admin))
        {
            return Problem.Forbidden("Only administrators edit funds.");
        }

        var before = await funds.GetFundAsync(fundId, cancellationToken);
        if (before is null)
        {
            return Problem.NotFound($"Fund {fundId}");
        }

        var errors = new Dictionary<string, string[]>();
        if (request.Id is { } bodyId && bodyId.Trim() != fundId)
        {
            errors["id"] = ["A fund's id cannot be changed: budgets, payouts and programs refer to it."];
        }

        var fund = await CheckAsync(fundId, request, errors, cancellationToken);
        if (fund is null || errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        if (fund == before)
        {
            return fund;
        }

        await funds.UpsertFundAsync(fund, cancellationToken);
        await audit.AppendAsync(AuditSubject(fundId), StepKey(), new AuditEntry(clock.GetUtcNow(), actor.Id, "fund-changed", Describe(before, fund)), cancellationToken);
        return fund;
    }

    /// <summary>
    /// Sets the fund's allocation for a fiscal year, from the previous year up to next year. Changing an existing
    /// allocation needs a reason; one below what is reserved plus paid is refused, saying by how much.
    /// </summary>
    public async Task<Outcome<(FundBudget Budget, bool Created)>> SetAllocationAsync(Actor actor, string fundId, string fiscalYear, AllocationRequest request, CancellationToken cancellationToken = default)
    {
        var found = await FindAdjustableAsync(actor, fundId, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Problem!;
        }

        var now = clock.GetUtcNow();
        var thisYear = FiscalYear.Of(now);
        var errors = new Dictionary<string, string[]>();
        if (!int.TryParse(fiscalYear, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var yearNumber)
            || yearNumber < thisYear.Year - 1 || yearNumber > thisYear.Year + 1)
        {
            errors["fiscalYear"] = [$"Set allocations for FY{thisYear.Year - 1} to FY{thisYear.Year + 1} (the fiscal year, e.g. {thisYear.Year} for April {thisYear.Year} to March {thisYear.Year + 1})."];
        }

        if (request.Allocation is not { } allocation || allocation.IsNegative)
        {
            errors["allocation"] = ["The allocation is a whole number of yen, zero or more."];
        }

        var reason = (request.Reason ?? "").Trim();
        if (reason.Length > MaxReasonLength || reason.Any(char.IsControl))
        {
            errors["reason"] = [$"At most {MaxReasonLength} characters, without control characters."];
        }

        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        var year = new FiscalYear(yearNumber);
        var existing = await funds.GetBudgetAsync(fundId, year, cancellationToken);
        if (existing is not null && reason.Length == 0)
        {
            return Problem.Invalid("reason", "Say why the allocation changes; the reason is kept in the fund's history.");
        }

        var outcome = await funds.SetAllocationAsync(fundId, year, request.Allocation!.Value, reason.Length == 0 ? "Initial allocation." : reason, actor.Id, now, cancellationToken);
        if (outcome.Refused)
        {
            var committed = outcome.Budget.Reserved + outcome.Budget.Paid;
            var detail = $"{request.Allocation.Value} for {year} of {found.Value!.NameEn} is {outcome.Shortfall} below what is already committed ({committed}: reserved {outcome.Budget.Reserved}, paid {outcome.Budget.Paid}). Set at least {committed}.";
            return new Problem(ProblemKind.Conflict, "Below what is already committed", detail, new Dictionary<string, string[]> { ["allocation"] = [detail] });
        }

        if (outcome.Change is { } change)
        {
            await audit.AppendAsync(AuditSubject(fundId), StepKey(), new AuditEntry(now, actor.Id, change.From is null ? "allocation-set" : "allocation-changed",
                $"{year}: {(change.From is { } from ? from.ToString() : "none")} → {change.To}. {change.Reason}"), cancellationToken);
        }

        return (outcome.Budget, existing is null);
    }

    async Task<Outcome<Fund>> FindAdjustableAsync(Actor actor, string fundId, CancellationToken cancellationToken)
    {
        if (!actor.IsIn(Roles.Admin) && !actor.IsIn(Roles.Director))
        {
            return Problem.Forbidden("Only administrators and the director manage funds.");
        }

        var fund = FundId().IsMatch(fundId) ? await funds.GetFundAsync(fundId, cancellationToken) : null;
        if (fund is null)
        {
            return Problem.NotFound($"Fund {fundId}");
        }

        return MayAdjust(actor, fund) ? fund : Problem.Forbidden($"Only administrators and the fund's approver manage {fund.NameEn}.");
    }

    static bool MayAdjust(Actor actor, Fund fund) => actor.IsIn(Roles.Admin) || (actor.IsIn(Roles.Director) && fund.ApproverId == actor.Id);

    async Task<Fund?> CheckAsync(string id, FundRequest request, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        string Text(string? value, string field, int max)
        {
            var text = (value ?? "").Trim();
            if (text.Length == 0 || text.Length > max || text.Any(char.IsControl))
            {
                errors[field] = [$"Required: at most {max} characters, without control characters."];
            }

            return text;
        }

        var nameJa = Text(request.NameJa, "nameJa", 100);
        var nameEn = Text(request.NameEn, "nameEn", 100);
        var code = Text(request.BudgetCode, "budgetCode", 30);
        if (!errors.ContainsKey("budgetCode") && !code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'))
        {
            errors["budgetCode"] = ["A budget code is letters, digits, hyphens, dots and underscores, as the accounting system writes it (e.g. DIR-001)."];
        }

        var approver = await PersonAsync(request.ApproverId, "approverId", errors, cancellationToken);
        var delegateId = await PersonAsync(request.EscalationContactId, "escalationContactId", errors, cancellationToken);
        if (approver is not null && approver == delegateId)
        {
            errors["escalationContactId"] = ["The delegate decides when the approver cannot, so it must be someone else."];
        }

        return errors.Count > 0 ? null : new Fund(id, nameJa, nameEn, code, approver!, delegateId!);
    }

    async Task<string?> PersonAsync(string? id, string field, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        var personId = PersonRules.NormalizeId(id);
        if (personId.Length == 0)
        {
            errors[field] = ["Required: the person's sign-in name in the directory."];
            return null;
        }

        var person = await people.FindAsync(personId, cancellationToken);
        if (person is not { Active: true })
        {
            errors[field] = [person is null ? $"{personId} is not in the people directory." : $"{person.Name} is no longer active in the directory."];
            return null;
        }

        return personId;
    }

    static string Describe(Fund fund) =>
        $"{fund.NameJa} / {fund.NameEn}; budget code {fund.BudgetCode}; approver {fund.ApproverId}; delegate {fund.EscalationContactId}";

    static string Describe(Fund before, Fund after) => string.Join("; ", new[]
    {
        ("nameJa", before.NameJa, after.NameJa), ("nameEn", before.NameEn, after.NameEn), ("budgetCode", before.BudgetCode, after.BudgetCode),
        ("approverId", before.ApproverId, after.ApproverId), ("escalationContactId", before.EscalationContactId, after.EscalationContactId),
    }.Where(c => c.Item2 != c.Item3).Select(c => $"{c.Item1}: {c.Item2} → {c.Item3}"));

    static string StepKey() => Convert.ToHexString(RandomNumberGenerator.GetBytes(6));

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex FundId();
}
