using Grants.Workflows.Applications;

namespace Grants.Workflows.Storage;

/// <summary>
/// Applications: one authoritative row per application (partition = its id) plus copies in two index
/// partitions — one per applicant and one per status — so "my applications" and "awaiting approval" are
/// each a single partition query. The index is rewritten after every save, so a retried save heals it.
/// </summary>
public sealed class ApplicationStore(GrantsStorage storage)
{
    const string Row = "application";

    public Task<Stored<Application>?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        storage.Applications.GetAsync(id, Row, cancellationToken);

    /// <summary>Creates a new application; false when one with the same id exists (a repeated create).</summary>
    public async Task<bool> TryCreateAsync(Application application, CancellationToken cancellationToken = default)
    {
        var created = await storage.Applications.TryInsertAsync(application.Id, Row, application, cancellationToken);
        if (created)
        {
            await IndexAsync(previous: null, application, cancellationToken);
        }

        return created;
    }

    /// <summary>Saves a change guarded by the ETag it was read with; a concurrent change makes this throw 412.</summary>
    public async Task<Stored<Application>> ReplaceAsync(Stored<Application> previous, Application changed, CancellationToken cancellationToken = default)
    {
        var etag = await storage.Applications.ReplaceAsync(changed.Id, Row, changed, previous.ETag, cancellationToken);
        await IndexAsync(previous.Value, changed, cancellationToken);
        return new Stored<Application>(changed, etag);
    }

    public IAsyncEnumerable<Application> ListByApplicantAsync(string applicantId, CancellationToken cancellationToken = default) =>
        storage.ApplicationIndex.QueryPartitionAsync(ApplicantPartition(applicantId), cancellationToken);

    /// <summary>Applications a supervisor or host researcher is named on, to endorse or to follow.</summary>
    public IAsyncEnumerable<Application> ListByEndorserAsync(string endorserId, CancellationToken cancellationToken = default) =>
        storage.ApplicationIndex.QueryPartitionAsync(EndorserPartition(endorserId), cancellationToken);

    /// <summary>Keeps a read-only copy of what was submitted; every submission of a revised application is kept.</summary>
    public Task SaveSubmittedVersionAsync(Application application, CancellationToken cancellationToken = default) =>
        storage.ApplicationVersions.TryInsertAsync(application.Id, $"s{application.SubmissionCount:D4}", application, cancellationToken);

    public IAsyncEnumerable<Application> ListSubmittedVersionsAsync(string id, CancellationToken cancellationToken = default) =>
        storage.ApplicationVersions.QueryPartitionAsync(id, cancellationToken);

    public IAsyncEnumerable<Application> ListByStatusAsync(ApplicationStatus status, CancellationToken cancellationToken = default) =>
        storage.ApplicationIndex.QueryPartitionAsync(StatusPartition(status), cancellationToken);

    /// <summary>Applies a change computed from the latest stored version, retrying when a concurrent writer wins.</summary>
    public async Task<Stored<Application>> UpdateAsync(string id, Func<Application, Application> change, CancellationToken cancellationToken = default)
    {
        var result = await storage.Applications.UpdateAsync(id, Row, a => change(a) is var changed && changed != a ? changed : null, cancellationToken)
            ?? throw new KeyNotFoundException($"Application {id} does not exist.");

        // Index again even when nothing changed: a retried step heals an index an interrupted one left behind.
        await IndexAsync(result.Previous ?? result.Current.Value, result.Current.Value, cancellationToken);
        return result.Current;
    }

    async Task IndexAsync(Application? previous, Application current, CancellationToken cancellationToken)
    {
        await storage.ApplicationIndex.UpsertAsync(ApplicantPartition(current.ApplicantId), current.Id, current, cancellationToken);
        await storage.ApplicationIndex.UpsertAsync(StatusPartition(current.Status), current.Id, current, cancellationToken);
        if (current.EndorserId is { Length: > 0 } endorser)
        {
            await storage.ApplicationIndex.UpsertAsync(EndorserPartition(endorser), current.Id, current, cancellationToken);
        }

        if (previous?.EndorserId is { Length: > 0 } formerEndorser && formerEndorser != current.EndorserId)
        {
            await storage.ApplicationIndex.DeleteAsync(EndorserPartition(formerEndorser), current.Id, cancellationToken);
        }

        if (previous is not null && previous.Status != current.Status)
        {
            await storage.ApplicationIndex.DeleteAsync(StatusPartition(previous.Status), current.Id, cancellationToken);
        }
    }

    static string ApplicantPartition(string applicantId) => $"applicant|{applicantId}";

    static string EndorserPartition(string endorserId) => $"endorser|{endorserId}";

    static string StatusPartition(ApplicationStatus status) => $"status|{status}";
}
