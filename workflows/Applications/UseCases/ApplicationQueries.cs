using System.Text.Json;
using Grants.Workflows.Access;
using Grants.Workflows.Eligibility;
using Grants.Workflows.Funds;
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
        // The history is read with the application (its lines that saves wrote share its partition), and shown only once the actor is found to have a part in it.
        var (read, history) = await audit.ReadWithApplicationAsync(id, cancellationToken);
        var reach = await access.ReachAsync(actor, id, read, cancellationToken);
        if (!reach.Succeeded)
        {
            return reach.Problem!;
        }

        var (stored, program, parties) = reach.Value!;
        var application = stored.Value;
        var money = application.FundId is { } fundId && application.FiscalYear is { } year && (actor.IsStaff || parties.Contains(Party.Approver) || parties.Contains(Party.Delegate))
            ? MoneyAsync(fundId, year, cancellationToken)
            : Task.FromResult<(FundBudget?, Fund?)>((null, null));
        var missing = MissingAsync(application, program, cancellationToken);
        var (budget, fund) = await money;
        var state = program.States[application.Status];
        var names = await people.NamesAsync(application.PeopleIds.Concat(TimelineStep.PeopleMentioned(history)), cancellationToken);
        return new ApplicationView(application.Named(names), state.LabelJa, state.LabelEn, program.States.ActionsFor(application.Status, parties), history, budget, stored.ETag.ToString("H"))
        {
            FundNameJa = fund?.NameJa,
            FundNameEn = fund?.NameEn,
            Missing = await missing,
            People = names,
        };
    }

    /// <summary>The fund's budget for the year and the fund itself, read at the same time.</summary>
    async Task<(FundBudget? Budget, Fund? Fund)> MoneyAsync(string fundId, Money.FiscalYear year, CancellationToken cancellationToken)
    {
        var budget = funds.GetBudgetAsync(fundId, year, cancellationToken);
        var fund = funds.GetRecentFundAsync(fundId, cancellationToken);
        var (found, named) = (await budget, await fund);
        return found is null ? (null, null) : (found, named);
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
        // The newest version decides who may read them (the applicant and their endorser or approvers then), so the list
        // reads only what it returns; with no version yet, the application itself decides between an empty list and 404.
        var versions = await applications.ListSubmittedVersionsAsync(id, cancellationToken).ToListAsync(cancellationToken);
        if (versions.Count > 0)
        {
            return await access.HasPartInAsync(actor, versions[^1], cancellationToken) ? await NamedAsync(versions, cancellationToken) : Problem.NotFound($"Application {id}");
        }

        var reach = await access.ReachAsync(actor, id, cancellationToken);
        return reach.Succeeded ? versions : reach.Problem!;
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
            // Their applicant and endorser partitions at the same time; with a status, one range of each.
            var lists = wanted is { } only
                ? await Task.WhenAll(applications.ListByApplicantAsync(actor.Id, only, cancellationToken), applications.ListByEndorserAsync(actor.Id, only, cancellationToken))
                : await Task.WhenAll(applications.ListByApplicantAsync(actor.Id, cancellationToken).ToListAsync(cancellationToken).AsTask(), applications.ListByEndorserAsync(actor.Id, cancellationToken).ToListAsync(cancellationToken).AsTask());
            return await NamedAsync(lists.SelectMany(l => l).DistinctBy(a => a.Id).OrderBy(a => a.CreatedAt).ToList(), cancellationToken);
        }

        // One status is one range of the status partition, every status the whole partition: one query either way. The
        // documents are written out as stored, named (see ApplicationList), unless old copies are still to be read beside them.
        if (await applications.ListStoredAsync(wanted, cancellationToken) is { } stored)
        {
            return await ApplicationList.NamedAsync(stored, people, cancellationToken);
        }

        var all = wanted is { } one ? await applications.ListByStatusAsync(one, cancellationToken).ToListAsync(cancellationToken) : await applications.ListAllAsync(cancellationToken);
        return await NamedAsync(all.OrderBy(a => a.SubmittedAt ?? a.CreatedAt).ToList(), cancellationToken);
    }

    async Task<List<Application>> NamedAsync(IReadOnlyList<Application> list, CancellationToken cancellationToken)
    {
        var names = await people.NamesAsync(list.SelectMany(a => a.PeopleIds), cancellationToken);
        return list.Select(a => a.Named(names)).ToList();
    }
}
