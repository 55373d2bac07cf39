using Azure;
using Azure.Data.Tables;
using Grants.Workflows.Applications;

namespace Grants.Workflows.Storage;

/// <summary>
/// Every list of applications, from one partition of the application index (named <c>status</c>, for the status lists it
/// held first). An application has a row under its status, keyed <c>~{status}|{id}</c>, and one under each person it
/// concerns, keyed <c>applicant|{person}|~{status}|{id}</c> (and <c>endorser|…</c>): so "awaiting approval", "every
/// application", "mine" and "mine that are approved" are each one range of one partition, reading no row they do not return,
/// and because every row of a save is in the one partition, a save's copies are one transaction (write the new rows, delete
/// the old) instead of one request per copy. A person's id is written with <c>%</c> and <c>|</c> escaped, so one person's
/// range never holds another's rows.
/// <para>
/// Copies written before this layout sit in a partition per status (<c>status|{status}</c>, keyed by id) and per person
/// (<c>applicant|{person}</c>, keyed <c>~{status}|{id}</c> or by id alone). Lists read them beside the new rows until they
/// are moved (<see cref="MoveOldCopiesAsync"/>, on start), and a save that does not find the rows it expects repairs: it
/// writes its rows, then deletes every other row of the application it can name, old partitions included.
/// </para>
/// </summary>
public sealed class ApplicationLists(DocumentTable<Application> table, DocumentTable<Application> applications)
{
    const string Partition = "status";

    const string Applicant = "applicant";

    const string Endorser = "endorser";

    /// <summary>Set once this process has moved every copy out of the old partitions: lists then read the one partition alone.</summary>
    volatile bool oldCopiesMoved;

    /// <summary>
    /// Writes the application's rows; <paramref name="previous"/> is the application as its rows were last written (null for a
    /// new one, which has none). One transaction: rows the previous save wrote are replaced (which fails when one is not
    /// where it should be, sending the write to the repair), new rows are written, rows it no longer belongs under deleted.
    /// </summary>
    public async Task WriteAsync(Application? previous, Application current, CancellationToken cancellationToken)
    {
        var now = Keys(current);
        List<string> before = previous is null ? [] : Keys(previous);
        var actions = now.Select(key => before.Contains(key)
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, Row(key, current), ETag.All)
                : new TableTransactionAction(TableTransactionActionType.UpsertReplace, Row(key, current)))
            .Concat(before.Except(now).Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(Partition, TableKey.Encode(key)), ETag.All)));
        try
        {
            await table.Client.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            await RepairAsync(previous, current, cancellationToken);
        }
    }

    /// <summary>
    /// A row was not where the previous save should have left it: it was written before this layout (its copy is in an old
    /// partition), or a save a crash cut short before its copies left it elsewhere. Writes the rows, then deletes the others.
    /// </summary>
    async Task RepairAsync(Application? previous, Application current, CancellationToken cancellationToken)
    {
        var now = Keys(current);
        await table.Client.SubmitTransactionAsync(now.Select(key => new TableTransactionAction(TableTransactionActionType.UpsertReplace, Row(key, current))), cancellationToken);

        var statuses = new[] { previous?.Status, current.Status }.OfType<ApplicationStatus>().Distinct();
        var people = new[] { (Applicant, current.ApplicantId), (Applicant, previous?.ApplicantId), (Endorser, current.EndorserId), (Endorser, previous?.EndorserId) }
            .Where(p => p.Item2 is { Length: > 0 }).Select(p => (Role: p.Item1, Person: p.Item2!)).Distinct();
        await Task.WhenAll(
            statuses.Where(s => s != current.Status).Select(s => table.DeleteAsync(Partition, StatusKey(s, current.Id), cancellationToken))
                .Concat(statuses.Select(s => table.DeleteAsync(OldPartition(s), current.Id, cancellationToken)))
                .Concat(people.Select(p => DeleteOthersAsync(Partition, PersonPrefix(p.Role, p.Person), current.Id, now, cancellationToken)))
                .Concat(people.Select(p => DeleteOthersAsync(OldPartition(p.Role, p.Person), "", current.Id, now, cancellationToken))));
    }

    /// <summary>Deletes the application's rows in one range of a partition (a person's, small) but those in <paramref name="keep"/>.</summary>
    async Task DeleteOthersAsync(string partition, string prefix, string id, IReadOnlyCollection<string> keep, CancellationToken cancellationToken)
    {
        var encodedId = TableKey.Encode(id);
        var start = prefix.Length == 0 ? "" : TableKey.Encode(prefix);
        var filter = prefix.Length == 0
            ? TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Encode(partition)}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Encode(partition)} and RowKey ge {start} and RowKey lt {TableKey.After(start)}");
        var kept = keep.Select(TableKey.Encode).ToHashSet(StringComparer.Ordinal);
        await foreach (var row in table.Client.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            if (IdOf(row.RowKey[start.Length..]) == encodedId && !kept.Contains(row.RowKey))
            {
                await DeleteStoredAsync(row, cancellationToken);
            }
        }
    }

    /// <summary>Removes the application's status rows under <paramref name="statuses"/>, in this partition and the old ones; removing nothing is not an error.</summary>
    public Task RemoveAsync(string id, IEnumerable<ApplicationStatus> statuses, CancellationToken cancellationToken) =>
        Task.WhenAll(statuses.Distinct().SelectMany(status => new[] { table.DeleteAsync(Partition, StatusKey(status, id), cancellationToken), table.DeleteAsync(OldPartition(status), id, cancellationToken) }));

    /// <summary>The applications with one status, in id order: one range of the partition (and, until they are moved, the old partition of the status).</summary>
    public async Task<List<Application>> ListAsync(ApplicationStatus status, CancellationToken cancellationToken)
    {
        var keyed = table.QueryPartitionAsync(Partition, StatusKey(status, ""), cancellationToken).ToListAsync(cancellationToken).AsTask();
        var old = oldCopiesMoved ? Task.FromResult(new List<Application>()) : table.QueryPartitionAsync(OldPartition(status), cancellationToken).ToListAsync(cancellationToken).AsTask();
        return [.. (await keyed).Concat(await old).DistinctBy(a => a.Id).OrderBy(a => a.Id, StringComparer.Ordinal)];
    }

    /// <summary>Every application under every status: the status rows, one range (and, until they are moved, every old status partition).</summary>
    public async Task<List<Application>> ListAllAsync(CancellationToken cancellationToken)
    {
        var keyed = table.QueryPartitionAsync(Partition, "~", cancellationToken).ToListAsync(cancellationToken).AsTask();
        var old = oldCopiesMoved ? [] : await Task.WhenAll(Enum.GetValues<ApplicationStatus>().Select(s => table.QueryPartitionAsync(OldPartition(s), cancellationToken).ToListAsync(cancellationToken).AsTask()));
        return [.. (await keyed).Concat(old.SelectMany(l => l)).DistinctBy(a => (a.Id, a.Status))];
    }

    /// <summary>
    /// The documents with one status (every status when null) as their status rows store them, in row-key order, to be
    /// written out as they are; null until this process has moved the old copies, whose partitions a list then reads too.
    /// </summary>
    public async Task<List<string>?> ListStoredAsync(ApplicationStatus? status, CancellationToken cancellationToken) =>
        oldCopiesMoved ? await table.QueryPartitionJsonAsync(Partition, status is { } one ? StatusKey(one, "") : "~", cancellationToken).ToListAsync(cancellationToken) : null;

    /// <summary>The applicant's applications (with one status, when given), in id order.</summary>
    public Task<List<Application>> ListByApplicantAsync(string applicantId, ApplicationStatus? status, CancellationToken cancellationToken) =>
        ListPersonAsync(Applicant, applicantId, status, cancellationToken);

    /// <summary>The applications a supervisor or host researcher is named on (with one status, when given), in id order.</summary>
    public Task<List<Application>> ListByEndorserAsync(string endorserId, ApplicationStatus? status, CancellationToken cancellationToken) =>
        ListPersonAsync(Endorser, endorserId, status, cancellationToken);

    /// <summary>
    /// One person's range (narrowed to a status when given), and until they are moved their old partition; an application
    /// caught with two rows by concurrent saves is listed once, as its latest save left it.
    /// </summary>
    async Task<List<Application>> ListPersonAsync(string role, string person, ApplicationStatus? status, CancellationToken cancellationToken)
    {
        var prefix = PersonPrefix(role, person) + (status is { } s ? StatusKey(s, "") : "");
        var keyed = table.QueryPartitionAsync(Partition, prefix, cancellationToken).ToListAsync(cancellationToken).AsTask();
        var old = oldCopiesMoved ? Task.FromResult(new List<Application>()) : table.QueryPartitionAsync(OldPartition(role, person), cancellationToken).ToListAsync(cancellationToken).AsTask();
        return [.. (await keyed).Concat((await old).Where(a => status is null || a.Status == status))
            .GroupBy(a => a.Id).Select(copies => copies.MaxBy(a => a.UpdatedAt)!).OrderBy(a => a.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Moves every copy out of the old partitions into this one, each inserted unless a newer save wrote it already, then
    /// deleted where it was. A moved status copy is kept only while the application still has that status (a copy left
    /// stale by a crash goes); a moved person's copy that is stale is replaced by the application as it is. Safe to repeat,
    /// and a move cut short is finished by the next. Run on start.
    /// </summary>
    public async Task MoveOldCopiesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(Enum.GetValues<ApplicationStatus>().Select(status => MoveStatusCopiesAsync(status, cancellationToken))
                .Append(MovePersonCopiesAsync(Applicant, cancellationToken))
                .Append(MovePersonCopiesAsync(Endorser, cancellationToken)));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No index table yet (a first start whose tables are created next): there is nothing to move.
        }

        oldCopiesMoved = true;
    }

    async Task MoveStatusCopiesAsync(ApplicationStatus status, CancellationToken cancellationToken)
    {
        await foreach (var application in table.QueryPartitionAsync(OldPartition(status), cancellationToken))
        {
            await table.TryInsertAsync(Partition, StatusKey(status, application.Id), application, cancellationToken);
            await table.DeleteAsync(OldPartition(status), application.Id, cancellationToken);

            // A save that moved the application meanwhile found no row here to delete and wrote its own: the moved copy goes.
            if ((await applications.FindAsync(application.Id, ApplicationStore.Row, cancellationToken))?.Status != status)
            {
                await table.DeleteAsync(Partition, StatusKey(status, application.Id), cancellationToken);
            }
        }
    }

    /// <summary>Moves every row of the old person partitions (<c>{role}|{person}</c>: one range of partition keys).</summary>
    async Task MovePersonCopiesAsync(string role, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {role + "|"} and PartitionKey lt {TableKey.After(role + "|")}");
        await foreach (var row in table.Client.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var copy = DocumentTable<Application>.Read(row);
            var person = role == Applicant ? copy.ApplicantId : copy.EndorserId;
            if (person is { Length: > 0 } && TableKey.Encode(OldPartition(role, person)) == row.PartitionKey)
            {
                await table.TryInsertAsync(Partition, PersonKey(role, person, copy), copy, cancellationToken);
            }

            await DeleteStoredAsync(row, cancellationToken);
            if (person is not { Length: > 0 })
            {
                continue;
            }

            // A save that moved the application meanwhile wrote its own row; a copy a crash left stale gives way to the application as it is.
            var current = await applications.FindAsync(copy.Id, ApplicationStore.Row, cancellationToken);
            if (current?.Status != copy.Status || (role == Applicant ? current.ApplicantId : current.EndorserId) != person)
            {
                await table.DeleteAsync(Partition, PersonKey(role, person, copy), cancellationToken);
                if (current is not null && (role == Applicant ? current.ApplicantId : current.EndorserId) == person)
                {
                    await table.TryInsertAsync(Partition, PersonKey(role, person, current), current, cancellationToken);
                }
            }
        }
    }

    /// <summary>Deletes a row by its keys as stored (already encoded); one another process's move deleted first is not an error.</summary>
    async Task DeleteStoredAsync(TableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await table.Client.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }

    /// <summary>The keys of every row an application is listed under: its status, its applicant and its endorser.</summary>
    static List<string> Keys(Application application)
    {
        List<string> keys = [StatusKey(application.Status, application.Id), PersonKey(Applicant, application.ApplicantId, application)];
        if (application.EndorserId is { Length: > 0 } endorser)
        {
            keys.Add(PersonKey(Endorser, endorser, application));
        }

        return keys;
    }

    static TableEntity Row(string key, Application application) => DocumentTable<Application>.ToEntity(Partition, key, application);

    static string StatusKey(ApplicationStatus status, string id) => $"~{status}|{id}";

    static string PersonPrefix(string role, string person) => $"{role}|{TableKey.Segment(person)}|";

    static string PersonKey(string role, string person, Application application) => PersonPrefix(role, person) + StatusKey(application.Status, application.Id);

    /// <summary>The application id in what follows a person's prefix: <c>~{status}|{id}</c>, or (in an old person partition, before status keys) the id alone.</summary>
    static string IdOf(string keyAfterPrefix) =>
        keyAfterPrefix.StartsWith('~') && keyAfterPrefix.IndexOf('|', StringComparison.Ordinal) is var bar and > 0 ? keyAfterPrefix[(bar + 1)..] : keyAfterPrefix;

    static string OldPartition(ApplicationStatus status) => $"status|{status}";

    static string OldPartition(string role, string person) => $"{role}|{person}";
}
