using System.Text.Json;
using Grants.Workflows.Access;
using Grants.Workflows.Eligibility;
using Grants.Workflows.People;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Applications;

/// <summary>Reading applications: one with its history and next steps, its submitted versions, and the lists people see.</summary>
/// <remarks>People are named from <see cref="PeopleSnapshot"/>'s copy of the directory, so a list costs no read per row.</remarks>
public sealed class ApplicationQueries(ApplicationStore applications, ProgramCatalog programs, FundStore funds, ApplicationAccess access, AuditTrail audit, PeopleSnapshot people)
{
    public async Task<Outcome<ApplicationView>> GetAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        var reach = await access.ReachAsync(actor, id, cancellationToken);
        if (!reach.Succeeded)
        {
            return reach.Problem!;
        }

        var (stored, program, parties) = reach.Value!;
        var application = stored.Value;
        var history = await audit.ReadAsync(id, cancellationToken).ToListAsync(cancellationToken);
        var budget = application.FundId is not null && application.FiscalYear is { } year && (actor.IsStaff || parties.Contains(Party.Approver) || parties.Contains(Party.Delegate))
            ? await funds.GetBudgetAsync(application.FundId, year, cancellationToken)
            : null;
        var fund = budget is null ? null : await funds.GetFundAsync(budget.FundId, cancellationToken);
        var state = program.States[application.Status];
        var names = await people.NamesAsync(application.PeopleIds.Concat(TimelineStep.PeopleMentioned(history)), cancellationToken);
        return new ApplicationView(application.Named(names), state.LabelJa, state.LabelEn, program.States.ActionsFor(application.Status, parties), history, budget, stored.ETag.ToString("H"))
        {
            FundNameJa = fund?.NameJa,
            FundNameEn = fund?.NameEn,
            Missing = await MissingAsync(application, program, cancellationToken),
            People = names,
        };
    }

    /// <summary>What a submittable application still lacks, judged by the program version a submission would run under (the current one).</summary>
    async Task<IReadOnlyList<MissingItem>> MissingAsync(Application application, GrantProgram program, CancellationToken cancellationToken)
    {
        if (!program.States.Allows(application.Status, ApplicationAction.Submit, [Party.Applicant]))
        {
            return [];
        }

        var current = await programs.FindAsync(application.ProgramId, cancellationToken) ?? program;
        return EligibilityCheck.Missing(current, application);
    }

    /// <summary>Every version the applicant submitted, oldest first; read-only copies.</summary>
    public async Task<Outcome<IReadOnlyList<Application>>> ListVersionsAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        var reach = await access.ReachAsync(actor, id, cancellationToken);
        if (!reach.Succeeded)
        {
            return reach.Problem!;
        }

        return await NamedAsync(await applications.ListSubmittedVersionsAsync(id, cancellationToken).ToListAsync(cancellationToken), cancellationToken);
    }

    /// <summary>Applicants list their own applications; staff list by status, each status being one partition.</summary>
    public async Task<Outcome<IReadOnlyList<Application>>> ListAsync(Actor actor, string? status, CancellationToken cancellationToken = default)
    {
        ApplicationStatus? wanted = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (!Enum.TryParse<ApplicationStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(status, out _))
            {
                return Problem.Invalid("status", $"Use one of: {string.Join(", ", Enum.GetNames<ApplicationStatus>().Select(JsonNamingPolicy.CamelCase.ConvertName))}.");
            }

            wanted = parsed;
        }

        if (!actor.IsStaff)
        {
            var own = await applications.ListByApplicantAsync(actor.Id, cancellationToken)
                .Concat(applications.ListByEndorserAsync(actor.Id, cancellationToken))
                .Where(a => wanted is null || a.Status == wanted)
                .ToListAsync(cancellationToken);
            return await NamedAsync(own.DistinctBy(a => a.Id).OrderBy(a => a.CreatedAt).ToList(), cancellationToken);
        }

        var statuses = wanted is { } one ? [one] : Enum.GetValues<ApplicationStatus>();
        var all = new List<Application>();
        foreach (var s in statuses)
        {
            all.AddRange(await applications.ListByStatusAsync(s, cancellationToken).ToListAsync(cancellationToken));
        }

        return await NamedAsync(all.OrderBy(a => a.SubmittedAt ?? a.CreatedAt).ToList(), cancellationToken);
    }

    async Task<List<Application>> NamedAsync(IReadOnlyList<Application> list, CancellationToken cancellationToken)
    {
        var names = await people.NamesAsync(list.SelectMany(a => a.PeopleIds), cancellationToken);
        return list.Select(a => a.Named(names)).ToList();
    }
}
