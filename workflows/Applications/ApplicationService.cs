using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Grants.Workflows.Access;
using Grants.Workflows.Orchestration;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Grants.Workflows.Applications;

/// <summary>
/// What people do with applications: draft, attach, submit, decide, withdraw, read and list. Every rule of
/// who may do what, and when, is applied here, so both hosts behave the same.
/// </summary>
public sealed class ApplicationService(
    ApplicationStore applications,
    ProgramCatalog programs,
    FundStore funds,
    DocumentStore documents,
    AuditTrail audit,
    DurableTaskClient durable,
    WorkflowOptions workflowOptions,
    TimeProvider clock)
{
    public const long MaxDocumentBytes = 20 * 1024 * 1024;

    /// <summary>Creates a draft. The same Idempotency-Key from the same person yields the same application, never a second one.</summary>
    public async Task<Outcome<(Application Application, bool Created)>> CreateDraftAsync(Actor actor, DraftRequest request, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        if (!actor.IsIn(Roles.Applicant))
        {
            return Problem.Forbidden("Only applicants create applications.");
        }

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

        var now = clock.GetUtcNow();
        var id = idempotencyKey is null ? NewId() : IdFor(actor.Id, idempotencyKey);
        var draft = new Application(id, actor.Id, program.Id, program.Version, request.Paper!, request.Lines ?? [], [], ApplicationStatus.Draft, 0, now, now);
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
        var stored = await FindOwnAsync(actor, id, cancellationToken);
        if (stored is null)
        {
            return Problem.NotFound($"Application {id}");
        }

        if (!ApplicationLifecycle.Allows(stored.Value.Status, ApplicationAction.Edit))
        {
            return Problem.Conflict($"An application that is {stored.Value.Status} cannot be edited.");
        }

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

        var now = clock.GetUtcNow();
        var changed = stored.Value with { ProgramId = program.Id, ProgramVersion = program.Version, Paper = request.Paper!, Lines = request.Lines ?? [], UpdatedAt = now };
        var saved = await SaveGuardedAsync(stored, changed, cancellationToken);
        if (saved is null)
        {
            return Problem.Conflict("The application changed while you edited it. Reload it and try again.");
        }

        await audit.AppendAsync(id, NewStepKey(), new AuditEntry(now, actor.Id, "edited", "Draft updated."), cancellationToken);
        return saved.Value;
    }

    public async Task<Outcome<ApplicationDocument>> AddDocumentAsync(Actor actor, string id, DocumentUpload upload, CancellationToken cancellationToken = default)
    {
        var stored = await FindOwnAsync(actor, id, cancellationToken);
        if (stored is null)
        {
            return Problem.NotFound($"Application {id}");
        }

        if (!ApplicationLifecycle.Allows(stored.Value.Status, ApplicationAction.Upload))
        {
            return Problem.Conflict($"Documents cannot be added to an application that is {stored.Value.Status}.");
        }

        var problem = await DocumentRules.CheckAsync(upload, MaxDocumentBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var now = clock.GetUtcNow();
        var documentId = "DOC-" + NewId()[4..];
        var blob = await documents.SaveAsync(id, documentId, upload.Content, DocumentRules.PdfContentType, cancellationToken);
        var document = new ApplicationDocument(documentId, Enum.Parse<Programs.DocumentKind>(upload.Kind!, ignoreCase: true), DocumentRules.SafeFileName(upload.FileName), DocumentRules.PdfContentType, blob.Size, blob.Sha256, now);
        await applications.UpdateAsync(id, a => a with { Documents = [.. a.Documents, document], UpdatedAt = now }, cancellationToken);
        await audit.AppendAsync(id, documentId, new AuditEntry(now, actor.Id, "document-added", $"{document.Kind}: {document.FileName} ({document.Size} bytes)."), cancellationToken);
        return document;
    }

    public async Task<Outcome<(ApplicationDocument Document, Stream Content)>> OpenDocumentAsync(Actor actor, string id, string documentId, CancellationToken cancellationToken = default)
    {
        var stored = await FindReadableAsync(actor, id, cancellationToken);
        var document = stored?.Value.Documents.FirstOrDefault(d => d.Id == documentId);
        if (document is null)
        {
            return Problem.NotFound($"Document {documentId} of application {id}");
        }

        return (document, await documents.OpenAsync(id, documentId, cancellationToken));
    }

    /// <summary>Submits a draft (or a revised returned application) and starts its workflow.</summary>
    public async Task<Outcome<Application>> SubmitAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        var stored = await FindOwnAsync(actor, id, cancellationToken);
        if (stored is null)
        {
            return Problem.NotFound($"Application {id}");
        }

        var application = stored.Value;
        if (application.Status == ApplicationStatus.Submitted && await durable.GetInstanceAsync(application.InstanceId, cancellationToken) is null)
        {
            // A previous submit stored the status but did not start the workflow: finish that submit.
            await StartWorkflowAsync(application, cancellationToken);
            return application;
        }

        if (!ApplicationLifecycle.Allows(application.Status, ApplicationAction.Submit))
        {
            return Problem.Conflict($"An application that is {application.Status} cannot be submitted.");
        }

        var now = clock.GetUtcNow();
        var submitted = application with
        {
            Status = ApplicationStatus.Submitted,
            SubmissionCount = application.SubmissionCount + 1,
            SubmittedAt = now,
            UpdatedAt = now,
            EligibilityReasons = null,
            Decision = null,
        };
        var saved = await SaveGuardedAsync(stored, submitted, cancellationToken);
        if (saved is null)
        {
            return Problem.Conflict("The application changed while you submitted it. Reload it and try again.");
        }

        await audit.AppendAsync(id, $"s{submitted.SubmissionCount}-submitted", new AuditEntry(now, actor.Id, "submitted", $"Submission {submitted.SubmissionCount}."), cancellationToken);
        await StartWorkflowAsync(submitted, cancellationToken);
        return submitted;
    }

    /// <summary>Passes an approver's decision to the waiting workflow, which reserves budget and pays on approval.</summary>
    public async Task<Outcome<Application>> DecideAsync(Actor actor, string id, DecisionRequest request, CancellationToken cancellationToken = default)
    {
        if (!actor.IsIn(Roles.Director))
        {
            return Problem.Forbidden("Only the director decides on applications.");
        }

        WorkflowEventKind? kind = request.Decision?.Trim().ToLowerInvariant() switch
        {
            "approve" => WorkflowEventKind.Approve,
            "reject" => WorkflowEventKind.Reject,
            "return" => WorkflowEventKind.Return,
            _ => null,
        };
        var comment = (request.Comment ?? "").Trim().Normalize(NormalizationForm.FormC);
        if (kind is null)
        {
            return Problem.Invalid("decision", "Decide with approve, reject or return.");
        }

        if (comment.Length > DraftValidation.MaxText)
        {
            return Problem.Invalid("comment", $"At most {DraftValidation.MaxText} characters.");
        }

        if (kind != WorkflowEventKind.Approve && comment.Length == 0)
        {
            return Problem.Invalid("comment", "Tell the applicant why: a comment is required to reject or return.");
        }

        var stored = await applications.GetAsync(id, cancellationToken);
        if (stored is null)
        {
            return Problem.NotFound($"Application {id}");
        }

        if (stored.Value.ApplicantId == actor.Id)
        {
            return Problem.Forbidden("Nobody decides on their own application; a delegate must decide it.");
        }

        if (!ApplicationLifecycle.Allows(stored.Value.Status, ApplicationAction.Decide))
        {
            return Problem.Conflict($"The application is {stored.Value.Status}, not awaiting approval.");
        }

        await durable.RaiseEventAsync(stored.Value.InstanceId, ApplicationWorkflow.EventName, new WorkflowEvent(kind.Value, actor.Id, comment, clock.GetUtcNow()), cancellationToken);
        return stored.Value;
    }

    public async Task<Outcome<Application>> WithdrawAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        var stored = await FindOwnAsync(actor, id, cancellationToken);
        if (stored is null)
        {
            return Problem.NotFound($"Application {id}");
        }

        var application = stored.Value;
        if (!ApplicationLifecycle.Allows(application.Status, ApplicationAction.Withdraw))
        {
            return Problem.Conflict($"An application that is {application.Status} cannot be withdrawn.");
        }

        var now = clock.GetUtcNow();
        if (application.Status is ApplicationStatus.Submitted or ApplicationStatus.AwaitingApproval)
        {
            // The workflow owns a submitted application; it records the withdrawal when it receives it.
            await durable.RaiseEventAsync(application.InstanceId, ApplicationWorkflow.EventName, new WorkflowEvent(WorkflowEventKind.Withdraw, actor.Id, "", now), cancellationToken);
            if (application.Status == ApplicationStatus.Submitted)
            {
                var saved = await SaveGuardedAsync(stored, application with { Status = ApplicationStatus.Withdrawn, UpdatedAt = now }, cancellationToken);
                if (saved is null)
                {
                    return Problem.Conflict("The application changed meanwhile. Reload it and try again.");
                }

                application = saved.Value;
            }
        }
        else
        {
            var saved = await SaveGuardedAsync(stored, application with { Status = ApplicationStatus.Withdrawn, UpdatedAt = now }, cancellationToken);
            if (saved is null)
            {
                return Problem.Conflict("The application changed meanwhile. Reload it and try again.");
            }

            application = saved.Value;
        }

        await audit.AppendAsync(id, NewStepKey(), new AuditEntry(now, actor.Id, "withdrawal-requested", ""), cancellationToken);
        return application;
    }

    public async Task<Outcome<ApplicationView>> GetAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        var stored = await FindReadableAsync(actor, id, cancellationToken);
        if (stored is null)
        {
            return Problem.NotFound($"Application {id}");
        }

        var application = stored.Value;
        var history = await audit.ReadAsync(id, cancellationToken).ToListAsync(cancellationToken);
        var budget = application.FundId is not null && application.FiscalYear is { } year && IsStaff(actor)
            ? await funds.GetBudgetAsync(application.FundId, year, cancellationToken)
            : null;
        return new ApplicationView(application, ApplicationLifecycle.ActionsIn(application.Status), history, budget);
    }

    /// <summary>Applicants list their own applications; staff list by status, each status being one partition.</summary>
    public async Task<Outcome<IReadOnlyList<Application>>> ListAsync(Actor actor, string? status, CancellationToken cancellationToken = default)
    {
        ApplicationStatus? wanted = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (!Enum.TryParse<ApplicationStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(status, out _))
            {
                return Problem.Invalid("status", $"Use one of: {string.Join(", ", Enum.GetNames<ApplicationStatus>().Select(JsonNamingPolicy.CamelCase.ConvertName))}.");
            }

            wanted = parsed;
        }

        if (!IsStaff(actor))
        {
            var own = await applications.ListByApplicantAsync(actor.Id, cancellationToken)
                .Where(a => wanted is null || a.Status == wanted)
                .ToListAsync(cancellationToken);
            return own;
        }

        var statuses = wanted is { } one ? [one] : Enum.GetValues<ApplicationStatus>();
        var all = new List<Application>();
        foreach (var s in statuses)
        {
            all.AddRange(await applications.ListByStatusAsync(s, cancellationToken).ToListAsync(cancellationToken));
        }

        return all.OrderBy(a => a.SubmittedAt ?? a.CreatedAt).ToList();
    }

    static bool IsStaff(Actor actor) => actor.IsIn(Roles.Director) || actor.IsIn(Roles.Finance) || actor.IsIn(Roles.Admin);

    async Task<Stored<Application>?> FindOwnAsync(Actor actor, string id, CancellationToken cancellationToken)
    {
        var stored = await applications.GetAsync(id, cancellationToken);
        return stored is not null && stored.Value.ApplicantId == actor.Id ? stored : null;
    }

    async Task<Stored<Application>?> FindReadableAsync(Actor actor, string id, CancellationToken cancellationToken)
    {
        var stored = await applications.GetAsync(id, cancellationToken);
        return stored is not null && (stored.Value.ApplicantId == actor.Id || IsStaff(actor)) ? stored : null;
    }

    async Task<Stored<Application>?> SaveGuardedAsync(Stored<Application> stored, Application changed, CancellationToken cancellationToken)
    {
        try
        {
            return await applications.ReplaceAsync(stored, changed, cancellationToken);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 412)
        {
            return null;
        }
    }

    async Task StartWorkflowAsync(Application application, CancellationToken cancellationToken)
    {
        var program = await programs.FindAsync(application.ProgramId, application.ProgramVersion, cancellationToken)
            ?? throw new InvalidOperationException($"Program {application.ProgramId} v{application.ProgramVersion} is missing.");
        var input = new ApplicationWorkflowInput(application.Id, application.SubmissionCount, workflowOptions.Apply(program.Approval));
        await durable.ScheduleNewOrchestrationInstanceAsync(nameof(ApplicationWorkflow), input, new StartOrchestrationOptions(application.InstanceId), cancellationToken);
    }

    static bool SameDraft(Application a, Application b) =>
        a.ProgramId == b.ProgramId && JsonSerializer.Serialize(a.Paper, GrantsJson.Options) == JsonSerializer.Serialize(b.Paper, GrantsJson.Options)
        && JsonSerializer.Serialize(a.Lines, GrantsJson.Options) == JsonSerializer.Serialize(b.Lines, GrantsJson.Options);

    static string NewId() => "APP-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));

    static string IdFor(string actorId, string key) =>
        "APP-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(actorId + "\n" + key)))[..16];

    static string NewStepKey() => Convert.ToHexString(RandomNumberGenerator.GetBytes(6));
}
