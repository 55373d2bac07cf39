using Azure;
using Grants.Workflows.Applications;
using Grants.Workflows.Funds;
using Grants.Workflows.Money;
using Microsoft.Extensions.Hosting;

namespace Grants.Workflows.Storage;

/// <summary>
/// On start, copies into the <see cref="PersonGrantLedger"/> the grants made before it existed, once: every approved or
/// completed application of a program version with a cap per person and year gets its line in its person's row, each row
/// written whole, and then a marker row says the copy is done. Later starts read the marker (one point read) and stop.
/// Lines are keyed, so two instances starting together, or a start after one that a crash cut short (no marker yet, so it
/// copies again), write each line once; the marker is written last, so nobody sees it before every row is written.
/// </summary>
public sealed class PersonGrantBackfill(GrantsStorage storage, ApplicationStore applications, ProgramCatalog programs, PersonGrantLedger ledger) : IHostedService
{
    /// <summary>How many rows are written at once: enough that a large first copy does not hold up the start for long.</summary>
    const int Writers = 16;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await ledger.FindBackfilledAsync(cancellationToken))
        {
            return;
        }

        await storage.PersonGrants.Client.CreateIfNotExistsAsync(cancellationToken);
        var rows = (await PastGrantsAsync(cancellationToken)).GroupBy(a => (a.ApplicantId, a.ProgramId, Year: a.FiscalYear!.Value));
        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = Writers, CancellationToken = cancellationToken }, (row, cancel) =>
            new ValueTask(ledger.AddPastGrantsAsync(row.Key.ApplicantId, row.Key.ProgramId, row.Key.Year, [.. row.Select(a => new PersonGrantLine(a.Id, a.Id, a.Commitment))], cancel)));
        await ledger.MarkBackfilledAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The approved and completed applications whose program version caps what a person is granted in a year (those whose
    /// approval holds money in the ledger). One whose version cannot be found counts too: a line in a row nobody checks costs
    /// nothing, one missing from a row that is checked would let the cap be passed.
    /// </summary>
    async Task<List<Application>> PastGrantsAsync(CancellationToken cancellationToken)
    {
        List<Application> listed;
        try
        {
            listed = [.. await applications.ListByStatusAsync(ApplicationStatus.Approved, cancellationToken).ToListAsync(cancellationToken),
                .. await applications.ListByStatusAsync(ApplicationStatus.Completed, cancellationToken).ToListAsync(cancellationToken)];
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No index table yet (a first start whose tables are created next): nothing was granted.
            return [];
        }

        var granted = new List<Application>();
        foreach (var application in listed.Where(a => a.FiscalYear is not null))
        {
            if (await programs.FindAsync(application.ProgramId, application.ProgramVersion, cancellationToken) is not { CapPerPersonPerYear: null })
            {
                granted.Add(application);
            }
        }

        return granted;
    }
}
