using System.Runtime.CompilerServices;
using Grants.Workflows.Applications;

namespace Grants.Workflows.Storage;

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
    public Task<Stored<Application>> ReplaceAsync(Stored<Application> previous, Application changed, CancellationToken cancellationToken = default) =>
        ReplaceAsync(previous, changed, () => Task.CompletedTask, cancellationToken);

    /// <summary>
    /// As <see cref="ReplaceAsync(Stored{Application}, Application, CancellationToken)"/>, and once the application is saved
    /// writes <paramref name="alongside"/> (what else the change records, such as a submission's version and audit line) at
    /// the same time as the copies: none of them depends on another.
    /// </summary>
    public async Task<Stored<Application>> ReplaceAsync(Stored<Application> previous, Application changed, Func<Task> alongside, CancellationToken cancellationToken)
    {
        var etag = await storage.Applications.ReplaceAsync(changed.Id, Row, changed, previous.ETag, cancellationToken);
        await Task.WhenAll(IndexAsync(previous.Value, changed, cancellationToken), alongside());
        return Remember(new Stored<Application>(changed, etag));
    }

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

    /// <summary>Keeps a read-only copy of what was submitted; every submission of a revised application is kept.</summary>
    public Task SaveSubmittedVersionAsync(Application application, CancellationToken cancellationToken = default) =>
        storage.ApplicationVersions.TryInsertAsync(application.Id, $"s{application.SubmissionCount:D4}", application, cancellationToken);

    public IAsyncEnumerable<Application> ListSubmittedVersionsAsync(string id, CancellationToken cancellationToken = default) =>
        storage.ApplicationVersions.QueryPartitionAsync(id, cancellationToken);

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
