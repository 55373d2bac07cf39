using System.Security.Cryptography;
using Grants.Workflows.Access;
using Grants.Workflows.Storage;

namespace Grants.Workflows.People;

/// <summary>What an import did, or would do, to one row's person.</summary>
public enum ImportOutcome
{
    Added,
    Changed,
    Unchanged,
    Invalid,
}

/// <summary>One row of an import: its row number, whom it names, what it does (with each changed field) and every error.</summary>
public sealed record ImportedRow(int Row, string? Id, string? Name, ImportOutcome Outcome, IReadOnlyList<FieldChange> Changes, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>An import's result: whether it was written (never with an error, never on a dry run), the counts, and every row.</summary>
public sealed record ImportResult(bool DryRun, bool Written, int Added, int Changed, int Unchanged, int Invalid, IReadOnlyList<ImportedRow> Rows);

/// <summary>A page of people for a list or a picker, and whether more matched than it holds.</summary>
public sealed record PeoplePage(IReadOnlyList<Person> People, bool More);

/// <summary>
/// Keeping the directory the eligibility check reads: administrators add, edit and deactivate people one at a time or
/// import a CSV file (dry run first; a file with any error writes nothing); staff search it for pickers. Every change
/// is in the audit trail under <c>person|{id}</c>.
/// </summary>
public sealed class PeopleAdministration(PeopleDirectory directory, AuditTrail audit, TimeProvider clock)
{
    public const int DefaultLimit = 20;

    public const int MaxLimit = 100;

    /// <summary>The audit subject under which a person's directory entry changes are recorded.</summary>
    public static string AuditSubject(string personId) => $"person|{personId}";

    /// <summary>
    /// People whose name, kana, e-mail or sign-in name contains every word of <paramref name="query"/> (everyone when empty):
    /// the first <paramref name="limit"/> in sign-in name order, shown by kana, and whether more matched.
    /// </summary>
    public async Task<Outcome<PeoplePage>> SearchAsync(Actor actor, string? query, int? limit, CancellationToken cancellationToken = default)
    {
        if (!actor.IsStaff)
        {
            return Problem.Forbidden("Only staff search the people directory.");
        }

        if (limit is < 1 or > MaxLimit)
        {
            return Problem.Invalid("limit", $"Ask for between 1 and {MaxLimit} people.");
        }

        var take = limit ?? DefaultLimit;
        var words = SearchText.Words(query);
        var matches = await directory.ListAsync(cancellationToken)
            .Where(p => words.All(w => Searchable(p).Any(text => SearchText.Fold(text).Contains(w, StringComparison.Ordinal))))
            .Take(take + 1)
            .ToListAsync(cancellationToken);
        return new PeoplePage([.. matches.Take(take).OrderBy(p => p.NameKana.Length == 0 ? p.Name : p.NameKana, StringComparer.Ordinal)], matches.Count > take);
    }

    public async Task<Outcome<Stored<Person>>> GetAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        if (!actor.IsIn(Roles.Admin))
        {
            return Problem.Forbidden("Only administrators keep the people directory.");
        }

        return await directory.GetAsync(PersonRules.NormalizeId(id), cancellationToken) is { } stored ? stored : Problem.NotFound($"Person {id}");
    }

    /// <summary>Adds a person; a sign-in name already in the directory is a conflict (edit that person instead).</summary>
    public async Task<Outcome<Person>> AddAsync(Actor actor, PersonRequest request, CancellationToken cancellationToken = default)
    {
        if (!actor.IsIn(Roles.Admin))
        {
            return Problem.Forbidden("Only administrators keep the people directory.");
        }

        var (person, errors) = PersonRules.Validate(request, PersonRules.ThisYear(clock));
        await CheckSupervisorAsync(person?.SupervisorId ?? SupervisorOf(request), errors, cancellationToken);
        if (person is null || errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        if (!await directory.TryAddAsync(person, cancellationToken))
        {
            return Problem.Conflict($"{person.Id} is already in the directory. Edit that person instead.");
        }

        await audit.AppendAsync(AuditSubject(person.Id), StepKey(), new AuditEntry(clock.GetUtcNow(), actor.Id, "person-added", Describe(person)), cancellationToken);
        return person;
    }

    /// <summary>
    /// Edits a person (the sign-in name is the address and stays). With <paramref name="ifMatch"/> the edit applies only to
    /// that version. Deactivating a leaver is an edit with <c>active</c> false: their applications stay, new ones are refused.
    /// </summary>
    public async Task<Outcome<Stored<Person>>> UpdateAsync(Actor actor, string id, PersonRequest request, string? ifMatch, CancellationToken cancellationToken = default)
    {
        if (!actor.IsIn(Roles.Admin))
        {
            return Problem.Forbidden("Only administrators keep the people directory.");
        }

        id = PersonRules.NormalizeId(id);
        var stored = await directory.GetAsync(id, cancellationToken);
        if (stored is null)
        {
            return Problem.NotFound($"Person {id}");
        }

        static string Opaque(string tag) => tag.Trim() is var t && t.StartsWith("W/", StringComparison.Ordinal) ? t[2..] : t;
        if (ifMatch is not null && !ifMatch.Split(',').Select(Opaque).Any(t => t == "*" || t == Opaque(stored.ETag.ToString("H"))))
        {
            return Problem.PreconditionFailed($"{stored.Value.Name} was changed since you read them. Reload and apply your edit again.");
        }

        if (request.Id is { } bodyId && PersonRules.NormalizeId(bodyId) != id)
        {
            return Problem.Invalid("id", "The sign-in name cannot be changed; add the person under the new name and deactivate the old entry.");
        }

        var (person, errors) = PersonRules.Validate(request with { Id = id, Active = request.Active ?? stored.Value.Active }, PersonRules.ThisYear(clock));
        await CheckSupervisorAsync(person?.SupervisorId ?? SupervisorOf(request), errors, cancellationToken);
        if (person is null || errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        var changes = PersonRules.Changes(stored.Value, person);
        if (changes.Count == 0)
        {
            return stored;
        }

        Azure.ETag etag;
        try
        {
            etag = await directory.ReplaceAsync(person, stored.ETag, cancellationToken);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 412)
        {
            return Problem.PreconditionFailed($"{stored.Value.Name} was changed while you edited them. Reload and apply your edit again.");
        }

        var action = changes.Any(c => c.Field == "active") ? (person.Active ? "person-reactivated" : "person-deactivated") : "person-changed";
        await audit.AppendAsync(AuditSubject(id), StepKey(), new AuditEntry(clock.GetUtcNow(), actor.Id, action, Describe(changes)), cancellationToken);
        return new Stored<Person>(person, etag);
    }

    /// <summary>
    /// Reads a people file and shows what each row would do; unless <paramref name="dryRun"/>, writes it — but only when no
    /// row has an error: a file with any error is refused whole, listing every error by row and column.
    /// </summary>
    public async Task<Outcome<ImportResult>> ImportAsync(Actor actor, ReadOnlyMemory<byte> file, bool dryRun, CancellationToken cancellationToken = default)
    {
        if (!actor.IsIn(Roles.Admin))
        {
            return Problem.Forbidden("Only administrators keep the people directory.");
        }

        var read = PeopleCsv.Read(file.Span);
        if (!read.Succeeded)
        {
            return read.Problem!;
        }

        var (columns, rows) = (read.Value!.Columns, read.Value.Rows);
        var existing = (await directory.ListAsync(cancellationToken).ToListAsync(cancellationToken)).ToDictionary(p => p.Id);
        var inFile = rows.Select(r => PersonRules.NormalizeId(r.Request.Id)).Where(id => id.Length > 0).ToHashSet();
        var firstRowOf = new Dictionary<string, int>();
        var thisYear = PersonRules.ThisYear(clock);
        var results = new List<(ImportedRow Row, Person? Person, Person? Before)>();
        foreach (var row in rows)
        {
            results.Add(Evaluate(row, columns, existing, inFile, firstRowOf, thisYear));
        }

        var invalid = results.Count(r => r.Row.Outcome == ImportOutcome.Invalid);
        ImportResult Result(bool written) => new(dryRun, written,
            results.Count(r => r.Row.Outcome == ImportOutcome.Added), results.Count(r => r.Row.Outcome == ImportOutcome.Changed),
            results.Count(r => r.Row.Outcome == ImportOutcome.Unchanged), invalid, [.. results.Select(r => r.Row)]);
        if (dryRun)
        {
            return Result(written: false);
        }

        if (invalid > 0)
        {
            var errors = results.SelectMany(r => r.Row.Errors.Select(e => (Key: $"rows[{r.Row.Row}].{e.Key}", e.Value))).ToDictionary(e => e.Key, e => e.Value);
            return Problem.Unprocessable($"{invalid} of {results.Count} rows have errors, so nothing was imported. Correct every row listed in errors and import the file again.", errors);
        }

        var now = clock.GetUtcNow();
        var importKey = StepKey();
        foreach (var (row, person, before) in results.Where(r => r.Row.Outcome is ImportOutcome.Added or ImportOutcome.Changed))
        {
            await directory.UpsertAsync(person!, cancellationToken);
            await audit.AppendAsync(AuditSubject(person!.Id), $"import-{importKey}", new AuditEntry(now, actor.Id,
                before is null ? "person-imported" : "person-import-changed", before is null ? Describe(person) : Describe(row.Changes)), cancellationToken);
        }

        return Result(written: true);
    }

    /// <summary>What one row of a people file would do: its outcome and errors, the person it would store, and who they were.</summary>
    static (ImportedRow Row, Person? Person, Person? Before) Evaluate(
        PeopleCsvRow row, IReadOnlyDictionary<string, string> columns, Dictionary<string, Person> existing, HashSet<string> inFile, Dictionary<string, int> firstRowOf, int thisYear)
    {
        var id = PersonRules.NormalizeId(row.Request.Id);
        var before = existing.GetValueOrDefault(id);
        // A column the file does not have keeps what the directory says; a present but empty cell clears it.
        var request = before is null ? row.Request : Merge(row.Request, before, columns);
        var (person, errors) = PersonRules.Validate(request, thisYear);
        foreach (var (field, messages) in row.Errors)
        {
            errors[field] = messages;
        }

        if (id.Length > 0 && !firstRowOf.TryAdd(id, row.Row))
        {
            errors["id"] = [$"{id} is already in row {firstRowOf[id]} of this file; each person may appear once."];
        }

        var supervisor = string.IsNullOrWhiteSpace(request.SupervisorId) ? null : PersonRules.NormalizeId(request.SupervisorId);
        if (supervisor is not null && supervisor != id && !existing.ContainsKey(supervisor!) && !inFile.Contains(supervisor!))
        {
            errors["supervisorId"] = [$"The supervisor {supervisor} is neither in the directory nor in this file."];
        }

        // Errors name the column as the file heads it, so the office finds the cell.
        var located = errors.ToDictionary(e => columns.TryGetValue(e.Key, out var heading) ? heading : e.Key, e => e.Value);
        var outcome = located.Count > 0 ? ImportOutcome.Invalid : before is null ? ImportOutcome.Added : PersonRules.Changes(before, person!).Count > 0 ? ImportOutcome.Changed : ImportOutcome.Unchanged;
        var changes = outcome == ImportOutcome.Changed ? PersonRules.Changes(before!, person!) : [];
        return (new ImportedRow(row.Row, id.Length > 0 ? id : null, row.Request.Name, outcome, changes, located), located.Count > 0 ? null : person, (Person?)before);
    }

    static PersonRequest Merge(PersonRequest row, Person before, IReadOnlyDictionary<string, string> columns)
    {
        T Keep<T>(string field, T fromFile, T fromDirectory) => columns.ContainsKey(field) ? fromFile : fromDirectory;
        return new PersonRequest(
            row.Id,
            Keep("name", row.Name, before.Name),
            Keep("nameKana", row.NameKana, before.NameKana),
            Keep("email", row.Email, before.Email),
            Keep("position", row.Position, PersonRules.JsonName(before.Position)),
            Keep("department", row.Department, before.Department),
            Keep("enrolled", row.Enrolled, before.Enrolled),
            Keep("doctorateYear", row.DoctorateYear, before.DoctorateYear),
            Keep("supervisorId", row.SupervisorId, before.SupervisorId),
            Keep("active", row.Active, before.Active));
    }

    async Task CheckSupervisorAsync(string? supervisorId, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        if (supervisorId is not null && !errors.ContainsKey("supervisorId") && await directory.FindAsync(supervisorId, cancellationToken) is null)
        {
            errors["supervisorId"] = [$"The supervisor {supervisorId} is not in the directory; add them first."];
        }
    }

    static string? SupervisorOf(PersonRequest request) =>
        string.IsNullOrWhiteSpace(request.SupervisorId) ? null : PersonRules.NormalizeId(request.SupervisorId);

    static IEnumerable<string> Searchable(Person person) => [person.Name, person.NameKana, person.Email, person.Id];

    static string Describe(Person person) => string.Join("; ", PersonRules.Fields(person).Where(f => f.Value is not null).Select(f => $"{f.Field}: {f.Value}"));

    static string Describe(IReadOnlyList<FieldChange> changes) => string.Join("; ", changes.Select(c => $"{c.Field}: {c.From ?? "—"} → {c.To ?? "—"}"));

    static string StepKey() => Convert.ToHexString(RandomNumberGenerator.GetBytes(6));
}
