using System.Text.Json;
using Grants.Workflows.Access;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Applications;

/// <summary>An applicant creates a draft and edits it until it is submitted.</summary>
public sealed class ApplicationDrafts(ApplicationStore applications, ProgramCatalog programs, PeopleDirectory people, ApplicationAccess access, AuditTrail audit, TimeProvider clock)
{
    /// <summary>Creates a draft. The same Idempotency-Key from the same person yields the same application, never a second one.</summary>
    public async Task<Outcome<(Application Application, bool Created)>> CreateDraftAsync(Actor actor, DraftRequest request, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        if (!actor.IsIn(Roles.Applicant))
        {
            return Problem.Forbidden("Only applicants create applications.");
        }

        if (await access.InactiveRefusalAsync(actor, cancellationToken) is { } inactive)
        {
            return inactive;
        }

        var checkedDraft = await CheckDraftAsync(request, cancellationToken);
        if (!checkedDraft.Succeeded)
        {
            return checkedDraft.Problem!;
        }

        (request, var program) = checkedDraft.Value;

        var now = clock.GetUtcNow();
        var id = idempotencyKey is null ? ApplicationIds.NewId() : ApplicationIds.IdFor(actor.Id, idempotencyKey);
        var draft = WithDraft(new Application(id, actor.Id, program.Id, program.Version, request.Paper!, [], [], ApplicationStatus.Draft, 0, now, now), request, program, now);
        if (await applications.TryCreateAsync(draft, cancellationToken))
        {
            await audit.AppendAsync(id, "created", new AuditEntry(now, actor.Id, "created", $"Draft for {program.NameEn}."), cancellationToken);
            return (draft, true);
        }

        var existing = (await applications.GetAsync(id, cancellationToken))!.Value;
        if (existing.ApplicantId != actor.Id || !SameDraft(existing, draft))
        {
            return Problem.Conflict("This Idempotency-Key was already used for a different request. Use a new key for a new application.");
        }

        return (existing, false);
    }

    public async Task<Outcome<Application>> UpdateDraftAsync(Actor actor, string id, DraftRequest request, CancellationToken cancellationToken = default)
    {
        var outcome = await UpdateDraftAsync(actor, id, request, ifMatch: null, cancellationToken);
        return outcome.Succeeded ? outcome.Value!.Value : outcome.Problem!;
    }

    /// <summary>
    /// Edits a draft. With <paramref name="ifMatch"/> (the ETags of an HTTP If-Match header, or <c>*</c>) the edit applies only
    /// to that version: a stale one is refused as a precondition failure and changes nothing. Without it the edit is
    /// still guarded by the version read here. Returns the saved application with its new ETag.
    /// </summary>
    public async Task<Outcome<Stored<Application>>> UpdateDraftAsync(Actor actor, string id, DraftRequest request, string? ifMatch, CancellationToken cancellationToken = default)
    {
        var own = await access.OwnAsync(actor, id, cancellationToken);
        if (!own.Succeeded)
        {
            return own.Problem!;
        }

        var stored = own.Value!;
        if (ifMatch is not null && !ETagMatches(ifMatch, stored.ETag))
        {
            return Problem.PreconditionFailed("The application changed since you read it. Reload it, apply your edit again and send it with the new ETag.");
        }

        if (!ProgramStates.Standard.Allows(stored.Value.Status, ApplicationAction.Edit, [Party.Applicant]))
        {
            return Problem.Conflict($"An application that is {stored.Value.Status} cannot be edited.");
        }

        var checkedDraft = await CheckDraftAsync(request, cancellationToken);
        if (!checkedDraft.Succeeded)
        {
            return checkedDraft.Problem!;
        }

        (request, var program) = checkedDraft.Value;

        var now = clock.GetUtcNow();
        var saved = await access.SaveGuardedAsync(stored, WithDraft(stored.Value, request, program, now), cancellationToken);
        if (saved is null)
        {
            return ifMatch is null
                ? Problem.Conflict("The application changed while you edited it. Reload it and try again.")
                : Problem.PreconditionFailed("The application changed while you edited it. Reload it, apply your edit again and send it with the new ETag.");
        }

        await audit.AppendAsync(id, ApplicationIds.NewStepKey(), new AuditEntry(now, actor.Id, "edited", "Draft updated."), cancellationToken);
        return saved;
    }

    /// <summary>Whether an If-Match header value (<c>*</c> or a comma-separated list of ETags) names the stored version; a weak prefix is ignored.</summary>
    static bool ETagMatches(string ifMatch, Azure.ETag current)
    {
        static string Opaque(string tag) => tag.Trim() is var t && t.StartsWith("W/", StringComparison.Ordinal) ? t[2..] : tag.Trim();
        var stored = Opaque(current.ToString("H"));
        return ifMatch.Split(',').Select(Opaque).Any(t => t == "*" || t == stored);
    }

    /// <summary>Normalises and validates a draft's shape and finds its program; the two ways in (create, edit) share it.</summary>
    async Task<Outcome<(DraftRequest Request, GrantProgram Program)>> CheckDraftAsync(DraftRequest request, CancellationToken cancellationToken)
    {
        request = DraftValidation.Normalize(request);
        var errors = DraftValidation.Validate(request);
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        var program = await programs.FindAsync(request.ProgramId!, cancellationToken);
        if (program is null)
        {
            return Problem.Invalid("programId", $"There is no program '{request.ProgramId}'.");
        }

        // An endorser who is not in the directory could never sign in to endorse: the application would wait for nobody.
        if (request.EndorserId is { } endorserId && await people.FindAsync(endorserId, cancellationToken) is null)
        {
            return Problem.Invalid("endorserId", $"Nobody with the sign-in name '{endorserId}' is in the institute's directory. Use your supervisor's or host's institute e-mail address.");
        }

        return (request, program);
    }

    static Application WithDraft(Application application, DraftRequest request, GrantProgram program, DateTimeOffset now) => application with
    {
        ProgramId = program.Id,
        ProgramVersion = program.Version,
        Paper = request.Paper!,
        Lines = request.Lines ?? [],
        EndorserId = request.EndorserId,
        Months = request.Months ?? 0,
        SendingUniversity = request.SendingUniversity,
        ExpectedArrival = request.ExpectedArrival,
        UpdatedAt = now,
    };

    static bool SameDraft(Application a, Application b) =>
        a.ProgramId == b.ProgramId && JsonSerializer.Serialize(a.Paper, GrantsJson.Options) == JsonSerializer.Serialize(b.Paper, GrantsJson.Options)
        && JsonSerializer.Serialize(a.Lines, GrantsJson.Options) == JsonSerializer.Serialize(b.Lines, GrantsJson.Options);
}
