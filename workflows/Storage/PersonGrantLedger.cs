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
    /// Holding again for the same application finds its line and succeeds without a second one. A person's first row is
    /// inserted with the line already in it, so it is not read back to be changed.
    /// </summary>
    public async Task<CapHold> HoldAsync(Application application, FiscalYear year, Yen cap, CancellationToken cancellationToken = default)
    {
        var line = new PersonGrantLine(application.Id, application.Id, application.Commitment);
        var row = Row(application.ProgramId, year);
        while (true)
        {
            var stored = await storage.PersonGrants.GetAsync(application.ApplicantId, row, cancellationToken);
            var grants = stored?.Value ?? await StartAsync(application.ApplicantId, application.ProgramId, year, cancellationToken);
            var (hold, held) = Hold(grants, line, cap);
            var saved = stored is null
                ? await storage.PersonGrants.TryInsertAsync(application.ApplicantId, row, held ?? grants, cancellationToken)
                : held is null || await TryReplaceAsync(stored, held, cancellationToken);
            if (saved)
            {
                return hold;
            }
        }
    }

    /// <summary>What holding <paramref name="line"/> comes to, and the row with it held (null when there is nothing to write).</summary>
    static (CapHold Hold, PersonGrants? Held) Hold(PersonGrants grants, PersonGrantLine line, Yen cap) =>
        grants.Has(line.Key) ? (new CapHold(true, grants.Total - Yen.Sum(grants.Lines.Where(l => l.ApplicationId == line.ApplicationId).Select(l => l.Amount))), null)
        : grants.Total + line.Amount > cap ? (new CapHold(false, grants.Total), null)
        : (new CapHold(true, grants.Total), grants with { Lines = [.. grants.Lines, line] });

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
    /// A person's row as it starts on first use, from what the applicant index shows them granted before the ledger existed
    /// (approved or completed applications of the program in the year): existing data keeps counting against the cap.
    /// </summary>
    async Task<PersonGrants> StartAsync(string personId, string programId, FiscalYear year, CancellationToken cancellationToken) =>
        new(personId, programId, year, await applications.ListByApplicantAsync(personId, cancellationToken)
            .Where(a => a.ProgramId == programId && a.FiscalYear == year && a.Status is ApplicationStatus.Approved or ApplicationStatus.Completed)
            .Select(a => new PersonGrantLine(a.Id, a.Id, a.Commitment))
            .ToListAsync(cancellationToken));

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
