using Azure;
using Azure.Data.Tables;
using Grants.Workflows.Applications;
using Grants.Workflows.Funds;
using Grants.Workflows.Money;

namespace Grants.Workflows.Storage;

/// <summary>The result of holding an approval's money against a person's yearly cap.</summary>
public sealed record CapHold(bool Held, Yen GrantedBefore);

/// <summary>
/// Per-person yearly grants, one row per person, program and fiscal year, apart from the fund budgets: a program may pay
/// from two funds, so the cap cannot live in a fund's partition. Every change is an insert or ETag-guarded, and keyed, so
/// concurrent approvals cannot both pass the cap and a retried step changes the row once.
/// Grants made before the ledger existed are copied into it once, on start (<see cref="PersonGrantBackfill"/>), each
/// person's row written whole; a marker row, written last, says the copy is done. Once this process has seen the marker, a
/// missing row means nothing granted, so a person's first hold is one insert, with no read and no query. Until then (a host
/// that serves requests while its start is still running, a test that builds the ledger by hand) a missing row is started
/// from the applicant index as it was before the copy existed, so those earlier grants count against the cap either way.
/// </summary>
public sealed class PersonGrantLedger(GrantsStorage storage, ApplicationStore applications)
{
    const string MarkerPartition = "~ledger";

    const string MarkerRow = "backfilled-v1";

    volatile bool backfilled;

    /// <summary>Whether this process has seen that every grant made before the ledger existed is in it.</summary>
    public bool Backfilled => backfilled;

    /// <summary>
    /// Holds the application's commitment against the cap; refused (nothing held) when it would take the person over it.
    /// Holding again for the same application finds its line and succeeds without a second one. A person's first row is
    /// inserted with the line already in it, before anything is read (see the class): the insert fails when the row is
    /// there (an earlier approval, or this approval's own insert from a step now run again), and the row is then read and
    /// replaced, ETag-guarded, as often as another approval changes it first.
    /// </summary>
    public async Task<CapHold> HoldAsync(Application application, FiscalYear year, Yen cap, CancellationToken cancellationToken = default)
    {
        var line = new PersonGrantLine(application.Id, application.Id, application.Commitment);
        var row = Row(application.ProgramId, year);
        var nothing = new PersonGrants(application.ApplicantId, application.ProgramId, year, []);
        var known = backfilled;

        // A hold refused even against an empty row skips the insert: the row is read, so the refusal says what was granted.
        if (known && Hold(nothing, line, cap) is (var first, { } alone) && await storage.PersonGrants.TryInsertAsync(application.ApplicantId, row, alone, cancellationToken))
        {
            return first;
        }

        while (true)
        {
            var stored = await storage.PersonGrants.GetAsync(application.ApplicantId, row, cancellationToken);
            var grants = stored?.Value ?? (known ? nothing : await StartAsync(application.ApplicantId, application.ProgramId, year, cancellationToken));
            var (hold, held) = Hold(grants, line, cap);
            var saved = stored is not null
                ? held is null || await TryReplaceAsync(stored, held, cancellationToken)
                : (held is null && grants.Lines.Count == 0) || await storage.PersonGrants.TryInsertAsync(application.ApplicantId, row, held ?? grants, cancellationToken);
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
    /// A person's row as it starts on first use while this process has not seen the backfill's marker, from what the
    /// applicant index shows them granted (approved or completed applications of the program in the year): existing data
    /// keeps counting against the cap. One query of the applicant's partition.
    /// </summary>
    async Task<PersonGrants> StartAsync(string personId, string programId, FiscalYear year, CancellationToken cancellationToken) =>
        new(personId, programId, year, await applications.ListByApplicantAsync(personId, cancellationToken)
            .Where(a => a.ProgramId == programId && a.FiscalYear == year && a.Status is ApplicationStatus.Approved or ApplicationStatus.Completed)
            .Select(a => new PersonGrantLine(a.Id, a.Id, a.Commitment))
            .ToListAsync(cancellationToken));

    /// <summary>
    /// Puts grants made before the ledger existed into the person's row, for the backfill: the row inserted with all of them
    /// when missing, else the missing lines added in one ETag-guarded replace. Every line is keyed, so running it again, or
    /// beside another instance doing the same, adds nothing twice; and a row is never seen with some of them and not others,
    /// which the start of a row without the marker (<see cref="StartAsync"/>, only when the row is missing) relies on.
    /// </summary>
    public async Task AddPastGrantsAsync(string personId, string programId, FiscalYear year, IReadOnlyList<PersonGrantLine> lines, CancellationToken cancellationToken = default)
    {
        var row = Row(programId, year);
        while (!await storage.PersonGrants.TryInsertAsync(personId, row, new PersonGrants(personId, programId, year, lines), cancellationToken)
            && await storage.PersonGrants.UpdateAsync(personId, row, g => lines.Where(l => !g.Has(l.Key)).ToList() is { Count: > 0 } missing ? g with { Lines = [.. g.Lines, .. missing] } : null, cancellationToken) is null)
        {
            // The row was there for the insert and gone for the read: insert it again.
        }
    }

    /// <summary>Whether the backfill's marker is stored (one point read); once it is seen, holds in this process insert first.</summary>
    public async Task<bool> FindBackfilledAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var marker = await storage.PersonGrants.Client.GetEntityIfExistsAsync<TableEntity>(MarkerPartition, MarkerRow, ["PartitionKey"], cancellationToken);
            if (marker.HasValue)
            {
                backfilled = true;
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No table yet (a first start whose tables are created next): no marker either.
        }

        return backfilled;
    }

    /// <summary>Stores the backfill's marker, after every row it copies is written; writing it again changes nothing that matters.</summary>
    public async Task MarkBackfilledAsync(CancellationToken cancellationToken = default)
    {
        await storage.PersonGrants.Client.UpsertEntityAsync(new TableEntity(MarkerPartition, MarkerRow), TableUpdateMode.Replace, cancellationToken);
        backfilled = true;
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
