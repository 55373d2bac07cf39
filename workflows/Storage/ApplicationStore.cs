using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Grants.Workflows.Applications;

namespace Grants.Workflows.Storage;

/// <summary>
/// What a save records beside the application, in the application's own partition and the save's own transaction: the audit
/// lines of the step (by step key) and, for a submission, the version submitted.
/// </summary>
public sealed record SaveRecords(IReadOnlyList<(string StepKey, AuditEntry Entry)> Lines, Application? Version = null);

/// <summary>
/// Applications: one authoritative row per application (partition = its id) plus its copies in the one partition every
/// list reads (<see cref="ApplicationLists"/>): a row under its status, its applicant and its endorser, so "my applications",
/// "mine that are approved" and "awaiting approval" are each one range of it, and a save's copies are one transaction.
/// After every save the copies are written; a retried save writes them again, so it heals what an interrupted one left
/// behind. A claim that leaves the status as it was writes the application alone (see <see cref="ClaimAsync"/>).
/// </summary>
public sealed class ApplicationStore(GrantsStorage storage)
{
    /// <summary>The row key of an application's one row in its partition.</summary>
    internal const string Row = "application";

    readonly ApplicationLists lists = new(storage.ApplicationIndex, storage.Applications);

    /// <summary>Each application as this process last read or saved it (steps use what the step before them left: 10,000 are plenty).</summary>
    readonly ReferenceCache<Stored<Application>> recent = new(capacity: 10_000);

    public async Task<Stored<Application>?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        await storage.Applications.GetAsync(id, Row, cancellationToken) is { } stored ? Remember(stored) : null;

    /// <summary>
    /// The application as this process last read or saved it, at most <see cref="ReferenceCache{T}.Lifetime"/> ago, or null;
    /// never read from storage. Only for a step that saves with its ETag (a stale copy costs a 412 and a fresh read, never a
    /// wrong save) or that uses only what its submission fixes once routed (the fund, the year, the amounts).
    /// </summary>
    public Stored<Application>? FindRecent(string id) => recent.Find(id);

    Stored<Application> Remember(Stored<Application> stored)
    {
        recent.Remember(stored.Value.Id, stored);
        return stored;
    }

    /// <summary>Creates a new application (kept as this process saved it); false when one with the same id exists (a repeated create).</summary>
    public async Task<bool> TryCreateAsync(Application application, CancellationToken cancellationToken = default)
    {
        if (await storage.Applications.TryAddAsync(application.Id, Row, application, cancellationToken) is not { } etag)
        {
            return false;
        }

        await IndexAsync(previous: null, application, cancellationToken);
        Remember(new Stored<Application>(application, etag));
        return true;
    }

    /// <summary>Saves a change guarded by the ETag it was read with; a concurrent change makes this throw 412.</summary>
    public async Task<Stored<Application>> ReplaceAsync(Stored<Application> previous, Application changed, CancellationToken cancellationToken = default)
    {
        var etag = await storage.Applications.ReplaceAsync(changed.Id, Row, changed, previous.ETag, cancellationToken);
        await IndexAsync(previous.Value, changed, cancellationToken);
        return Remember(new Stored<Application>(changed, etag));
    }

    /// <summary>
    /// As <see cref="ReplaceAsync(Stored{Application}, Application, CancellationToken)"/>, with what the change records
    /// (<paramref name="records"/>) in the same transaction of the application's partition: the save and its lines are
    /// written together or not at all, so a step that finds its change saved finds its lines too. When a line exists already
    /// (written by a save before its lines lived here), the application is saved alone and each missing line after it.
    /// </summary>
    public async Task<Stored<Application>> ReplaceAsync(Stored<Application> previous, Application changed, SaveRecords records, CancellationToken cancellationToken = default)
    {
        ETag etag;
        try
        {
            var saved = await storage.Applications.Client.SubmitTransactionAsync(
                [new(TableTransactionActionType.UpdateReplace, DocumentTable<Application>.ToEntity(changed.Id, Row, changed), previous.ETag), .. Rows(changed.Id, records).Select(r => new TableTransactionAction(TableTransactionActionType.Add, r))],
                cancellationToken);
            etag = saved.Value[0].Headers.ETag ?? throw new InvalidOperationException($"The save of {changed.Id} returned no ETag.");
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            etag = await storage.Applications.ReplaceAsync(changed.Id, Row, changed, previous.ETag, cancellationToken);
            await RecordAsync(changed.Id, records, cancellationToken);
        }

        await IndexAsync(previous.Value, changed, cancellationToken);
        return Remember(new Stored<Application>(changed, etag));
    }

    /// <summary>Writes what a save records, each row once: one transaction, or when any is written already, each that is missing.</summary>
    public Task RecordAsync(string id, SaveRecords records, CancellationToken cancellationToken = default) =>
        RowsOnce.AddAsync(storage.Applications.Client, [.. Rows(id, records)], cancellationToken);

    static IEnumerable<TableEntity> Rows(string id, SaveRecords records) =>
        records.Lines.Select(l => AuditTrail.InApplication(id, l.StepKey, l.Entry))
            .Concat(records.Version is { } version ? [DocumentTable<Application>.ToEntity(id, VersionRow(version.SubmissionCount), version)] : []);

    /// <summary>
    /// Saves a decision or withdrawal claim computed from <paramref name="read"/>, guarded by the ETag it was read with; only
    /// when a concurrent writer won is the application read again and the claim computed from what they saved, so of
    /// concurrent claims exactly one is saved. A claim that changes nothing writes nothing. The copies are written only when
    /// the claim changes the status: no list shows a claim (it is read from the application itself), and the workflow writes
    /// them when it records what the claim decided.
    /// </summary>
    public async Task<Stored<Application>> ClaimAsync(Stored<Application> read, Func<Application, Application> claim, CancellationToken cancellationToken = default)
    {
        var current = read;
        while (true)
        {
            var claimed = claim(current.Value);
            if (claimed == current.Value)
            {
                return current;
            }

            try
            {
                var etag = await storage.Applications.ReplaceAsync(claimed.Id, Row, claimed, current.ETag, cancellationToken);
                if (claimed.Status != current.Value.Status || claimed.EndorserId != current.Value.EndorserId)
                {
                    await IndexAsync(current.Value, claimed, cancellationToken);
                }

                return Remember(new Stored<Application>(claimed, etag));
            }
            catch (Azure.RequestFailedException e) when (e.Status == 412)
            {
                current = await GetAsync(read.Value.Id, cancellationToken) ?? throw new KeyNotFoundException($"Application {read.Value.Id} does not exist.");
            }
        }
    }

    /// <summary>The applicant's applications, in id order: their range of the index.</summary>
    public async IAsyncEnumerable<Application> ListByApplicantAsync(string applicantId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var application in await lists.ListByApplicantAsync(applicantId, null, cancellationToken))
        {
            yield return application;
        }
    }

    /// <summary>The applicant's applications with one status: one range of the index.</summary>
    public Task<List<Application>> ListByApplicantAsync(string applicantId, ApplicationStatus status, CancellationToken cancellationToken = default) =>
        lists.ListByApplicantAsync(applicantId, status, cancellationToken);

    /// <summary>Applications a supervisor or host researcher is named on, to endorse or to follow, in id order.</summary>
    public async IAsyncEnumerable<Application> ListByEndorserAsync(string endorserId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var application in await lists.ListByEndorserAsync(endorserId, null, cancellationToken))
        {
            yield return application;
        }
    }

    /// <summary>Applications the person is named on as endorser with one status: one range of the index.</summary>
    public Task<List<Application>> ListByEndorserAsync(string endorserId, ApplicationStatus status, CancellationToken cancellationToken = default) =>
        lists.ListByEndorserAsync(endorserId, status, cancellationToken);

    /// <summary>
    /// Every submitted version, in order: kept (read-only) in the application's partition with the submission's save (see
    /// <see cref="SaveRecords.Version"/>), and for submissions before that in the versions table; both read at the same time.
    /// </summary>
    public async IAsyncEnumerable<Application> ListSubmittedVersionsAsync(string id, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var before = storage.ApplicationVersions.QueryPartitionAsync(id, cancellationToken).ToListAsync(cancellationToken).AsTask();
        var kept = storage.Applications.QueryPartitionAsync(id, VersionRow(0)[..^4], cancellationToken).ToListAsync(cancellationToken).AsTask();
        foreach (var version in (await before).Concat(await kept).DistinctBy(v => v.SubmissionCount).OrderBy(v => v.SubmissionCount))
        {
            yield return version;
        }
    }

    static string VersionRow(int submission) => $"version|s{submission:D4}";

    /// <summary>The applications with one status, in id order: one range of the status partition.</summary>
    public async IAsyncEnumerable<Application> ListByStatusAsync(ApplicationStatus status, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var application in await lists.ListAsync(status, cancellationToken))
        {
            yield return application;
        }
    }

    /// <summary>Every application under every status: the whole status partition, one query.</summary>
    public Task<List<Application>> ListAllAsync(CancellationToken cancellationToken = default) => lists.ListAllAsync(cancellationToken);

    /// <summary>The stored documents of one status, or of all when null, for a list written out as stored (see <see cref="ApplicationLists.ListStoredAsync"/>).</summary>
    public Task<List<string>?> ListStoredAsync(ApplicationStatus? status, CancellationToken cancellationToken = default) => lists.ListStoredAsync(status, cancellationToken);

    /// <summary>Moves the copies written before the one index partition existed into it; run on start (see <see cref="ApplicationLists.MoveOldCopiesAsync"/>).</summary>
    public Task MoveOldStatusCopiesAsync(CancellationToken cancellationToken = default) => lists.MoveOldCopiesAsync(cancellationToken);

    /// <summary>Applies a change computed from the latest stored version, retrying when a concurrent writer wins.</summary>
    public async Task<Stored<Application>> UpdateAsync(string id, Func<Application, Application> change, CancellationToken cancellationToken = default)
    {
        var result = await storage.Applications.UpdateAsync(id, Row, a => change(a) is var changed && changed != a ? changed : null, cancellationToken)
            ?? throw new KeyNotFoundException($"Application {id} does not exist.");

        // Index again even when nothing changed: a retried step heals an index an interrupted one left behind.
        await IndexAsync(result.Previous ?? result.Current.Value, result.Current.Value, cancellationToken);
        return Remember(result.Current);
    }

    /// <summary>
    /// Removes the application's copies from the partitions of <paramref name="formerStatuses"/>: what a save whose own
    /// copy writes were cut off (a crash between the two) would have removed. Only removes: the application never goes back
    /// to where it was within the moment a repeated request takes, and its next save writes the copies where it now is
    /// (and repairs a person's copy it does not find where it should be).
    /// </summary>
    public Task RemoveCopiesUnderAsync(string id, IEnumerable<ApplicationStatus> formerStatuses, CancellationToken cancellationToken = default) =>
        lists.RemoveAsync(id, formerStatuses, cancellationToken);

    /// <summary>Writes every index copy (status, applicant and endorser rows, each moving from where the previous save put it): one transaction.</summary>
    Task IndexAsync(Application? previous, Application current, CancellationToken cancellationToken) =>
        lists.WriteAsync(previous, current, cancellationToken);
}
