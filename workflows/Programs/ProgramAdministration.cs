using Grants.Workflows.Access;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Programs;

/// <summary>A program version as the administrator sees it in the list of versions.</summary>
public sealed record ProgramVersion(int Version, bool Current, GrantProgram Definition);

/// <summary>What publishing a definition would change: the version it would become, the current one, and the changes in words.</summary>
public sealed record ProgramPreview(string ProgramId, int Version, int? CurrentVersion, IReadOnlyList<ProgramChange> Changes, GrantProgram Definition);

/// <summary>
/// The research support office's work on program definitions: list a program's versions, preview what a new version
/// changes, publish it. Administrators only; every publication is in the audit trail (subject <c>program-{id}</c>).
/// </summary>
public sealed class ProgramAdministration(ProgramCatalog catalog, AuditTrail audit, TimeProvider clock)
{
    public async Task<Outcome<IReadOnlyList<ProgramVersion>>> ListVersionsAsync(Actor actor, string programId, CancellationToken cancellationToken = default)
    {
        if (Refusal(actor) is { } refusal)
        {
            return refusal;
        }

        var versions = await catalog.ListVersionsAsync(programId, cancellationToken).ToListAsync(cancellationToken);
        if (versions.Count == 0)
        {
            return Problem.NotFound($"Program {programId}");
        }

        var current = (await catalog.FindAsync(programId, cancellationToken))?.Version;
        return versions.OrderByDescending(v => v.Version).Select(v => new ProgramVersion(v.Version, v.Version == current, v)).ToList();
    }

    /// <summary>Checks a definition for the program and says what it would change; stores nothing.</summary>
    public async Task<Outcome<ProgramPreview>> PreviewAsync(Actor actor, string programId, string definition, CancellationToken cancellationToken = default)
    {
        if (Refusal(actor) is { } refusal)
        {
            return refusal;
        }

        var parsed = Parse(programId, definition);
        if (!parsed.Succeeded)
        {
            return parsed.Problem!;
        }

        var program = parsed.Value!;
        var current = await catalog.FindAsync(programId, cancellationToken);
        if (await VersionProblemAsync(program, current, cancellationToken) is { } problem)
        {
            return problem;
        }

        return new ProgramPreview(programId, program.Version, current?.Version, ProgramChanges.Between(current, program), program);
    }

    /// <summary>Publishes a new version; the same definition again is a no-op (Created false), another under a taken number is refused.</summary>
    public async Task<Outcome<(ProgramPreview Preview, bool Created)>> PublishAsync(Actor actor, string programId, string definition, CancellationToken cancellationToken = default)
    {
        var preview = await PreviewAsync(actor, programId, definition, cancellationToken);
        if (!preview.Succeeded)
        {
            return preview.Problem!;
        }

        var program = preview.Value!.Definition;
        var result = await catalog.PublishAsync(program, cancellationToken);
        if (result is PublishResult.VersionTaken or PublishResult.NotNewer)
        {
            return await VersionProblemAsync(program, await catalog.FindAsync(programId, cancellationToken), cancellationToken) ?? Problem.Conflict("Another version was published meanwhile. Reload and try again.");
        }

        if (result == PublishResult.Published)
        {
            var summary = string.Join(" / ", preview.Value.Changes.Select(c => c.En));
            await audit.AppendAsync(Subject(programId), $"v{program.Version}-published", new AuditEntry(clock.GetUtcNow(), actor.Id, "program-published", $"Version {program.Version}: {summary}"), cancellationToken);
        }

        return (preview.Value, result == PublishResult.Published);
    }

    public static string Subject(string programId) => "program-" + programId;

    static Problem? Refusal(Actor actor) => actor.IsIn(Roles.Admin) ? null : Problem.Forbidden("Only the research support office (administrators) defines programs.");

    static Outcome<GrantProgram> Parse(string programId, string definition)
    {
        var parsed = ProgramDefinition.Parse(definition);
        if (parsed.Succeeded && parsed.Value!.Id != programId)
        {
            return Problem.Invalid("id", $"must be {programId}: a definition is published under its own program's address.");
        }

        return parsed;
    }

    /// <summary>Refuses a version number that is taken by a different definition or is older than the current one; the same definition again passes.</summary>
    async Task<Problem?> VersionProblemAsync(GrantProgram program, GrantProgram? current, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(program.Id, program.Version, cancellationToken) is { } published)
        {
            return ProgramCatalog.SameDefinition(published, program)
                ? null
                : Problem.Conflict($"Version {program.Version} of {program.Id} is already published with other content, and a published version never changes. Publish the change as version {(current?.Version ?? program.Version) + 1}.");
        }

        return current is not null && current.Version > program.Version
            ? Problem.Conflict($"Version {current.Version} of {program.Id} is current; a new version must be numbered {current.Version + 1} or higher.")
            : null;
    }
}
