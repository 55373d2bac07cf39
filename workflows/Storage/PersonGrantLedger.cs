using Azure;
using Grants.Workflows.Applications;
using Grants.Workflows.Funds;
using Grants.Workflows.Money;

namespace Grants.Workflows.Storage;

/// <summary>The result of holding an approval's money against a person's yearly cap.</summary>
public sealed record CapHold(bool Held, Yen GrantedBefore);

/// <summary>
/// Per-person yearly grants, one row per person, program and fiscal year, apart from the fund budgets: a program may pay
/// from two funds, so the cap cannot live in a fund's partition. Every change is ETag-guarded and keyed, so concurrent
/// approvals cannot both pass the cap and a retried step changes the row once.
/// </summary>
public sealed class PersonGrantLedger(GrantsStorage storage, ApplicationStore applications)
{
    /// <summary>
    /// Holds the application's commitment against the cap; refused (nothing held) when it would take the person over it.
    /// Holding again for the same application finds its line and succeeds without a second one.
    /// </summary>
    public async Task<CapHold> HoldAsync(Application application, FiscalYear year, Yen cap, CancellationToken cancellationToken = default)
    {
        var line = new PersonGrantLine(application.Id, application.Id, application.Commitment);
        while (true)
        {
            var stored = await GetOrStartAsync(application.ApplicantId, application.ProgramId, year, cancellationToken);
            var grants = stored.Value;
            if (grants.Has(line.Key))
            {
                return new CapHold(true, grants.Total - Yen.Sum(grants.Lines.Where(l => l.ApplicationId == application.Id).Select(l => l.Amount)));
            }

            if (grants.Total + line.Amount > cap)
            {
                return new CapHold(false, grants.Total);
            }

            if (await TryReplaceAsync(stored, grants with { Lines = [.. grants.Lines, line] }, cancellationToken))
            {
                return new CapHold(true, grants.Total);
            }
        }
    }

    /// <summary>Takes back a hold whose approval could not be honoured (the fund could not reserve it); safe to repeat.</summary>
    public Task RemoveHoldAsync(Application application, FiscalYear year, CancellationToken cancellationToken = default) =>
        ChangeAsync(application.ApplicantId, application.ProgramId, year, g => g.Has(application.Id) ? g with { Lines = [.. g.Lines.Where(l => l.Key != application.Id)] } : null, cancellationToken);

    /// <summary>Gives back money that will not be paid (the unpaid months of stopped support), once per <paramref name="releaseKey"/>.</summary>
    public Task ReleaseAsync(Application application, FiscalYear year, string releaseKey, Yen amount, CancellationToken cancellationToken = default) =>
        amount.IsPositive
            ? ChangeAsync(application.ApplicantId, application.ProgramId, year, g => g.Has(application.Id) && !g.Has(releaseKey)
                ? g with { Lines = [.. g.Lines, new PersonGrantLine(releaseKey, application.Id, Yen.Zero - amount)] }
                : null, cancellationToken)
            : Task.CompletedTask;

    public Task<PersonGrants?> GetAsync(string personId, string programId, FiscalYear year, CancellationToken cancellationToken = default) =>
        storage.PersonGrants.FindAsync(personId, Row(programId, year), cancellationToken);

    async Task ChangeAsync(string personId, string programId, FiscalYear year, Func<PersonGrants, PersonGrants?> change, CancellationToken cancellationToken) =>
        await storage.PersonGrants.UpdateAsync(personId, Row(programId, year), change, cancellationToken);

    /// <summary>
    /// The person's row, started on first use from what the applicant index shows them granted before the ledger existed
    /// (approved or completed applications of the program in the year): existing data keeps counting against the cap.
    /// </summary>
    async Task<Stored<PersonGrants>> GetOrStartAsync(string personId, string programId, FiscalYear year, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await storage.PersonGrants.GetAsync(personId, Row(programId, year), cancellationToken) is { } stored)
            {
                return stored;
            }

            var granted = await applications.ListByApplicantAsync(personId, cancellationToken)
                .Where(a => a.ProgramId == programId && a.FiscalYear == year && a.Status is ApplicationStatus.Approved or ApplicationStatus.Completed)
                .Select(a => new PersonGrantLine(a.Id, a.Id, a.Commitment))
                .ToListAsync(cancellationToken);
            await storage.PersonGrants.TryInsertAsync(personId, Row(programId, year), new PersonGrants(personId, programId, year, granted), cancellationToken);
        }
    }

    async Task<bool> TryReplaceAsync(Stored<PersonGrants> stored, PersonGrants changed, CancellationToken cancellationToken)
    {
        try
        {
            await storage.PersonGrants.ReplaceAsync(changed.PersonId, Row(changed.ProgramId, changed.FiscalYear), changed, stored.ETag, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // Another approval for the same person changed the row first: decide again from what it saved.
            return false;
        }
    }

    static string Row(string programId, FiscalYear year) => $"{programId}|{year.Year}";
}
