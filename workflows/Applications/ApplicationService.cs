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
    CallStore calls,
    FundStore funds,
    PeopleDirectory people,
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

        if (await InactiveRefusalAsync(actor, cancellationToken) is { } inactive)
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
        var id = idempotencyKey is null ? NewId() : IdFor(actor.Id, idempotencyKey);
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
        var stored = await FindOwnAsync(actor, id, cancellationToken);
        if (stored is null)
        {
            return Problem.NotFound($"Application {id}");
        }

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
        var changed = WithDraft(stored.Value, request, program, now);
        var saved = await SaveGuardedAsync(stored, changed, cancellationToken);
        if (saved is null)
        {
            return ifMatch is null
                ? Problem.Conflict("The application changed while you edited it. Reload it and try again.")
                : Problem.PreconditionFailed("The application changed while you edited it. Reload it, apply your edit again and send it with the new ETag.");
        }

        await audit.AppendAsync(id, NewStepKey(), new AuditEntry(now, actor.Id, "edited", "Draft updated."), cancellationToken);
        return saved;
    }

    /// <summary>Whether an If-Match header value (<c>*</c> or a comma-separated list of ETags) names the stored version; a weak prefix is ignored.</summary>
    static bool ETagMatches(string ifMatch, Azure.ETag current)
    {
        static string Opaque(string tag) => tag.Trim() is var t && t.StartsWith("W/", StringComparison.Ordinal) ? t[2..] : tag.Trim();
        var stored = Opaque(current.ToString("H"));
        return ifMatch.Split(',').Select(Opaque).Any(t => t == "*" || t == stored);
    }

    public async Task<Outcome<ApplicationDocument>> AddDocumentAsync(Actor actor, string id, DocumentUpload upload, CancellationToken cancellationToken = default)
    {
        var outcome = await AddDocumentAsync(actor, id, upload, idempotencyKey: null, cancellationToken);
        return outcome.Succeeded ? outcome.Value.Document : outcome.Problem!;
    }

    /// <summary>
    /// Attaches a document. The same Idempotency-Key from the same person for the same application yields the same document
    /// (Created false), never a second one; the key with a different file, kind or name is refused as a conflict.
    /// </summary>
    public async Task<Outcome<(ApplicationDocument Document, bool Created)>> AddDocumentAsync(Actor actor, string id, DocumentUpload upload, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        var stored = await FindOwnAsync(actor, id, cancellationToken);
        if (stored is null)
        {
            return Problem.NotFound($"Application {id}");
        }

        var documentId = idempotencyKey is null ? "DOC-" + NewId()[4..] : DocumentIdFor(actor.Id, id, idempotencyKey);
        if (idempotencyKey is not null && stored.Value.Documents.FirstOrDefault(d => d.Id == documentId) is { } earlier)
        {
            return await SameUploadAsync(earlier, upload, cancellationToken) ? (earlier, false) : ReusedDocumentKey();
        }

        if (!ProgramStates.Standard.Allows(stored.Value.Status, ApplicationAction.Upload, [Party.Applicant]))
        {
            return Problem.Conflict($"Documents cannot be added to an application that is {stored.Value.Status}.");
        }

        var problem = await DocumentRules.CheckAsync(upload, MaxDocumentBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var now = clock.GetUtcNow();
        var blob = await documents.SaveAsync(id, documentId, upload.Content, DocumentRules.PdfContentType, cancellationToken);
        var document = new ApplicationDocument(documentId, Enum.Parse<Programs.DocumentKind>(upload.Kind!, ignoreCase: true), DocumentRules.SafeFileName(upload.FileName), DocumentRules.PdfContentType, blob.Size, blob.Sha256, now);
        var updated = await applications.UpdateAsync(id, a => a.Documents.Any(d => d.Id == documentId) ? a : a with { Documents = [.. a.Documents, document], UpdatedAt = now }, cancellationToken);
        var kept = updated.Value.Documents.First(d => d.Id == documentId);
        if (kept != document)
        {
            // A concurrent request with the same key attached it first.
            return kept with { UploadedAt = document.UploadedAt } == document ? (kept, false) : ReusedDocumentKey();
        }

        await audit.AppendAsync(id, documentId, new AuditEntry(now, actor.Id, "document-added", $"{document.Kind}: {document.FileName} ({document.Size} bytes)."), cancellationToken);
        return (document, true);
    }

    /// <summary>The 404 to answer before an upload's body is read when the actor may not attach to the application; null when they may try.</summary>
    public async Task<Problem?> FindAttachableAsync(Actor actor, string id, CancellationToken cancellationToken = default) =>
        await FindOwnAsync(actor, id, cancellationToken) is null ? Problem.NotFound($"Application {id}") : null;

    /// <summary>
    /// Takes a document off an application its applicant may still edit (a wrong file, a superseded invoice). The blob
    /// stays: a submitted version may refer to it, and versions are read-only. A document that is not there answers 404.
    /// </summary>
    public async Task<Outcome<Application>> RemoveDocumentAsync(Actor actor, string id, string documentId, CancellationToken cancellationToken = default)
    {
        var stored = await FindOwnAsync(actor, id, cancellationToken);
        if (stored is null)
        {
            return Problem.NotFound($"Application {id}");
        }

        var document = stored.Value.Documents.FirstOrDefault(d => d.Id == documentId);
        if (document is null)
        {
            return Problem.NotFound($"Document {documentId} of application {id}");
        }

        if (!ProgramStates.Standard.Allows(stored.Value.Status, ApplicationAction.Upload, [Party.Applicant]))
        {
            return Problem.Conflict($"Documents cannot be removed from an application that is {stored.Value.Status}.");
        }

        var now = clock.GetUtcNow();
        var updated = await applications.UpdateAsync(id, a => a.Documents.All(d => d.Id != documentId) || !ProgramStates.Standard.Allows(a.Status, ApplicationAction.Upload, [Party.Applicant])
            ? a
            : a with { Documents = [.. a.Documents.Where(d => d.Id != documentId)], UpdatedAt = now }, cancellationToken);
        if (updated.Value.Documents.Any(d => d.Id == documentId))
        {
            return Problem.Conflict($"The application became {updated.Value.Status} meanwhile; its documents can no longer be changed.");
        }

        await audit.AppendAsync(id, documentId + "-removed", new AuditEntry(now, actor.Id, "document-removed", $"{document.Kind}: {document.FileName}."), cancellationToken);
        return updated.Value;
    }

    static Problem ReusedDocumentKey() =>
        Problem.Conflict("This Idempotency-Key was already used for a different document. Use a new key for a new upload.");

    /// <summary>Whether an upload repeats the one that made <paramref name="earlier"/>: same kind, same (sanitised) name, same bytes.</summary>
    static async Task<bool> SameUploadAsync(ApplicationDocument earlier, DocumentUpload upload, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<Programs.DocumentKind>(upload.Kind, ignoreCase: true, out var kind) || kind != earlier.Kind
            || DocumentRules.SafeFileName(upload.FileName) != earlier.FileName || !upload.Content.CanSeek)
        {
            return false;
        }

        var start = upload.Content.Position;
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(upload.Content, cancellationToken));
        upload.Content.Position = start;
        return hash == earlier.Sha256;
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

        if (await InactiveRefusalAsync(actor, cancellationToken) is { } inactive)
        {
            return inactive;
        }

        var application = stored.Value;
        if (application.Status == ApplicationStatus.Submitted && await durable.GetInstanceAsync(application.InstanceId, cancellationToken) is null)
        {
            // A previous submit stored the status but did not start the workflow: finish that submit.
            await StartWorkflowAsync(application, cancellationToken);
            return application;
        }

        if (!ProgramStates.Standard.Allows(application.Status, ApplicationAction.Submit, [Party.Applicant]))
        {
            return Problem.Conflict($"An application that is {application.Status} cannot be submitted.");
        }

        var now = clock.GetUtcNow();
        var current = await programs.FindAsync(application.ProgramId, cancellationToken);
        if (current is null || await calls.OpenOnAsync(current.Id, Call.JapanDateOf(now), cancellationToken) is null)
        {
            return Problem.Conflict($"{current?.NameEn ?? application.ProgramId} has no open call today; applications are accepted only while a call is open.");
        }

        // A resubmission runs under the program version current at submission; every submitted version is kept.
        application = application with { ProgramVersion = current.Version };
        var submitted = application with
        {
            Status = ApplicationStatus.Submitted,
            SubmissionCount = application.SubmissionCount + 1,
            SubmittedAt = now,
            UpdatedAt = now,
            EligibilityReasons = null,
            Decision = null,
            Claim = null,
        };
        var saved = await SaveGuardedAsync(stored, submitted, cancellationToken);
        if (saved is null)
        {
            return Problem.Conflict("The application changed while you submitted it. Reload it and try again.");
        }

        await applications.SaveSubmittedVersionAsync(submitted, cancellationToken);
        await audit.AppendAsync(id, $"s{submitted.SubmissionCount}-submitted", new AuditEntry(now, actor.Id, "submitted", $"Submission {submitted.SubmissionCount}."), cancellationToken);
        await StartWorkflowAsync(submitted, cancellationToken);
        return submitted;
    }

    /// <summary>A leaver (inactive in the directory) keeps reading their applications but starts or submits none.</summary>
    async Task<Problem?> InactiveRefusalAsync(Actor actor, CancellationToken cancellationToken) =>
        await people.FindAsync(actor.Id, cancellationToken) is { Active: false }
            ? Problem.Forbidden("You are no longer active in the institute's directory, so you cannot create or submit applications. Your applications stay readable; if this is a mistake, ask the research support office.")
            : null;

    /// <summary>Claims an approver's decision (exactly one of concurrent decisions is accepted) and passes it to the waiting workflow, which reserves budget and pays on approval.</summary>
    public async Task<Outcome<Application>> DecideAsync(Actor actor, string id, DecisionRequest request, CancellationToken cancellationToken = default)
    {
        WorkflowEventKind? kind = request.Decision?.Trim().ToLowerInvariant() switch
        {
            "approve" => WorkflowEventKind.Approve,
            "reject" => WorkflowEventKind.Reject,
            "return" => WorkflowEventKind.Return,
            _ => null,
        };
        var comment = Clean(request.Comment);
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

        return await ActAsync(actor, id, ApplicationAction.Decide, "decide on", async (application, _) =>
            (await ClaimAsync(application, new WorkflowEvent(kind.Value, actor.Id, comment, clock.GetUtcNow()), cancellationToken)).Problem,
            cancellationToken);
    }

    /// <summary>A supervisor's or host researcher's endorsement (or refusal to endorse), passed to the waiting workflow.</summary>
    public async Task<Outcome<Application>> EndorseAsync(Actor actor, string id, EndorsementRequest request, CancellationToken cancellationToken = default)
    {
        WorkflowEventKind? kind = request.Decision?.Trim().ToLowerInvariant() switch
        {
            "endorse" => WorkflowEventKind.Endorse,
            "decline" => WorkflowEventKind.DeclineEndorsement,
            _ => null,
        };
        var comment = Clean(request.Comment);
        if (kind is null)
        {
            return Problem.Invalid("decision", "Answer with endorse or decline.");
        }

        if (comment.Length > DraftValidation.MaxText)
        {
            return Problem.Invalid("comment", $"At most {DraftValidation.MaxText} characters.");
        }

        return await ActAsync(actor, id, ApplicationAction.Endorse, "endorse", async (application, _) =>
            ClaimOf(application) is not null
                ? await AlreadyDecidedAsync(application, cancellationToken)
                : await RaiseAsync(application, new WorkflowEvent(kind.Value, actor.Id, comment, clock.GetUtcNow()), cancellationToken),
            cancellationToken);
    }

    /// <summary>The applicant reports the published paper (its DOI) after payment.</summary>
    public async Task<Outcome<Application>> ReportAsync(Actor actor, string id, ReportRequest request, CancellationToken cancellationToken = default)
    {
        var doi = Clean(request.Doi);
        if (!System.Text.RegularExpressions.Regex.IsMatch(doi, @"^10\.\d{4,9}/\S{1,200}$"))
        {
            return Problem.Invalid("doi", "Give the paper's DOI, such as 10.1103/PhysRevMaterials.7.012345.");
        }

        return await ActAsync(actor, id, ApplicationAction.Report, "report on", async (application, program) =>
        {
            if (program.Report is null || application.Report is not null)
            {
                return Problem.Conflict(application.Report is null ? "This program asks for no report." : "The report was already received.");
            }

            return await RaiseAwardAsync(application, new AwardEvent(AwardEventKind.Report, actor.Id, "", clock.GetUtcNow(), Doi: doi), cancellationToken);
        }, cancellationToken);
    }

    /// <summary>The host researcher records the student's arrival, or moves the expected arrival date.</summary>
    public async Task<Outcome<Application>> RecordArrivalAsync(Actor actor, string id, ArrivalRequest request, CancellationToken cancellationToken = default)
    {
        if ((request.ArrivedOn is null) == (request.ExpectedOn is null))
        {
            return Problem.Invalid("arrivedOn", "Give either arrivedOn (the student has arrived) or expectedOn (the new expected date).");
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(TimeSpan.FromHours(9)).DateTime);
        if (request.ArrivedOn is { } arrived && (arrived > today || arrived < today.AddYears(-3)))
        {
            return Problem.Invalid("arrivedOn", "The arrival date cannot be in the future or years ago.");
        }

        if (request.ExpectedOn is { } expected && (expected < today || expected > today.AddYears(3)))
        {
            return Problem.Invalid("expectedOn", "The expected arrival must be between today and three years from now.");
        }

        return await ActAsync(actor, id, ApplicationAction.RecordArrival, "record the arrival of", async (application, _) =>
        {
            if (application.PaymentKind != PaymentKind.MonthlyBeforeAndAfterArrival || application.ArrivedOn is not null)
            {
                return Problem.Conflict(application.ArrivedOn is null ? "This application has no arrival to record." : "The arrival was already recorded.");
            }

            var kind = request.ArrivedOn is not null ? AwardEventKind.Arrived : AwardEventKind.ArrivalExpected;
            return await RaiseAwardAsync(application, new AwardEvent(kind, actor.Id, "", clock.GetUtcNow(), Date: request.ArrivedOn ?? request.ExpectedOn), cancellationToken);
        }, cancellationToken);
    }

    /// <summary>The student or host asks to extend monthly support; the approver decides.</summary>
    public async Task<Outcome<Application>> RequestExtensionAsync(Actor actor, string id, ExtensionRequest request, CancellationToken cancellationToken = default)
    {
        var reason = Clean(request.Reason);
        if (request.Months is not (>= 1 and <= 24))
        {
            return Problem.Invalid("months", "Ask for 1 to 24 more months.");
        }

        if (reason.Length is 0 or > DraftValidation.MaxText)
        {
            return Problem.Invalid("reason", $"Say why, in at most {DraftValidation.MaxText} characters.");
        }

        return await ActAsync(actor, id, ApplicationAction.RequestExtension, "extend", async (application, program) =>
        {
            if (application.PaymentKind == PaymentKind.OneTime || application.ExtensionRequested > 0)
            {
                return Problem.Conflict(application.ExtensionRequested > 0 ? "An extension request is already waiting for a decision." : "Only monthly support can be extended.");
            }

            if (application.ExtensionMonths + request.Months > program.Period.MaxExtensionMonths)
            {
                return Problem.Invalid("months", $"{program.NameEn} can be extended by {program.Period.MaxExtensionMonths} months at most; {application.ExtensionMonths} are already granted.");
            }

            var now = clock.GetUtcNow();
            await applications.UpdateAsync(id, a => a with { ExtensionRequested = request.Months!.Value, UpdatedAt = now }, cancellationToken);
            await audit.AppendAsync(id, NewStepKey(), new AuditEntry(now, actor.Id, "extension-requested", $"{request.Months} months: {reason}"), cancellationToken);
            return null;
        }, cancellationToken);
    }

    /// <summary>The approver grants or refuses a requested extension; a granted one reserves the extra months and extends the payouts.</summary>
    public async Task<Outcome<Application>> DecideExtensionAsync(Actor actor, string id, DecisionRequest request, CancellationToken cancellationToken = default)
    {
        var approve = request.Decision?.Trim().ToLowerInvariant() switch { "approve" => true, "reject" => false, _ => (bool?)null };
        if (approve is null)
        {
            return Problem.Invalid("decision", "Decide with approve or reject.");
        }

        return await ActAsync(actor, id, ApplicationAction.DecideExtension, "decide the extension of", async (application, _) =>
        {
            if (application.ExtensionRequested == 0)
            {
                return Problem.Conflict("No extension is waiting for a decision.");
            }

            var now = clock.GetUtcNow();
            if (approve.Value)
            {
                return await RaiseAwardAsync(application, new AwardEvent(AwardEventKind.ExtensionApproved, actor.Id, Clean(request.Comment), now, Months: application.ExtensionRequested), cancellationToken);
            }
            else
            {
                await applications.UpdateAsync(id, a => a with { ExtensionRequested = 0, UpdatedAt = now }, cancellationToken);
                await audit.AppendAsync(id, NewStepKey(), new AuditEntry(now, actor.Id, "extension-refused", Clean(request.Comment)), cancellationToken);
            }

            return null;
        }, cancellationToken);
    }

    /// <summary>Ends monthly support early (withdrawal by the student, or termination); unpaid months are released.</summary>
    public async Task<Outcome<Application>> StopAsync(Actor actor, string id, StopRequest request, CancellationToken cancellationToken = default)
    {
        var reason = Clean(request.Reason);
        if (reason.Length is 0 or > DraftValidation.MaxText)
        {
            return Problem.Invalid("reason", $"Say why, in at most {DraftValidation.MaxText} characters.");
        }

        return await ActAsync(actor, id, ApplicationAction.Stop, "stop", async (application, _) =>
        {
            if (application.PaymentKind == PaymentKind.OneTime)
            {
                return Problem.Conflict("Only monthly support can be stopped; a one-time payout is cancelled by finance.");
            }

            return await RaiseAwardAsync(application, new AwardEvent(AwardEventKind.Stop, actor.Id, reason, clock.GetUtcNow()), cancellationToken);
        }, cancellationToken);
    }

    public async Task<Outcome<Application>> WithdrawAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        var stored = await FindOwnAsync(actor, id, cancellationToken);
        if (stored is null)
        {
            return Problem.NotFound($"Application {id}");
        }

        var application = stored.Value;
        if (!ProgramStates.Standard.Allows(application.Status, ApplicationAction.Withdraw, [Party.Applicant]))
        {
            return await AlreadyDecidedAsync(application, cancellationToken);
        }

        var now = clock.GetUtcNow();
        if (application.Status is ApplicationStatus.Submitted or ApplicationStatus.AwaitingApproval or ApplicationStatus.AwaitingEndorsement)
        {
            // The workflow owns a submitted application; the withdrawal is claimed like a decision, and the workflow records it.
            // One still being checked is marked withdrawn at once (whatever the check saved meanwhile), so it never reaches an approver.
            var claimed = await ClaimAsync(application, new WorkflowEvent(WorkflowEventKind.Withdraw, actor.Id, "", now), cancellationToken);
            if (claimed.Problem is not null)
            {
                return claimed.Problem;
            }

            application = claimed.Application!;
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
        var found = await FindWithPartiesAsync(actor, id, cancellationToken);
        if (found is null)
        {
            return Problem.NotFound($"Application {id}");
        }

        var (stored, program, parties) = found.Value;
        var application = stored.Value;
        var history = await audit.ReadAsync(id, cancellationToken).ToListAsync(cancellationToken);
        var budget = application.FundId is not null && application.FiscalYear is { } year && (actor.IsStaff || parties.Contains(Party.Approver) || parties.Contains(Party.Delegate))
            ? await funds.GetBudgetAsync(application.FundId, year, cancellationToken)
            : null;
        var fund = budget is null ? null : await funds.GetFundAsync(budget.FundId, cancellationToken);
        var state = program.States[application.Status];
        return new ApplicationView(application, state.LabelJa, state.LabelEn, program.States.ActionsFor(application.Status, parties), history, budget, stored.ETag.ToString("H"))
        {
            FundNameJa = fund?.NameJa,
            FundNameEn = fund?.NameEn,
        };
    }

    /// <summary>Every version the applicant submitted, oldest first; read-only copies.</summary>
    public async Task<Outcome<IReadOnlyList<Application>>> ListVersionsAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        if (await FindWithPartiesAsync(actor, id, cancellationToken) is null)
        {
            return Problem.NotFound($"Application {id}");
        }

        return await applications.ListSubmittedVersionsAsync(id, cancellationToken).ToListAsync(cancellationToken);
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

        if (!actor.IsStaff)
        {
            var own = await applications.ListByApplicantAsync(actor.Id, cancellationToken)
                .Concat(applications.ListByEndorserAsync(actor.Id, cancellationToken))
                .Where(a => wanted is null || a.Status == wanted)
                .ToListAsync(cancellationToken);
            return own.DistinctBy(a => a.Id).OrderBy(a => a.CreatedAt).ToList();
        }

        var statuses = wanted is { } one ? [one] : Enum.GetValues<ApplicationStatus>();
        var all = new List<Application>();
        foreach (var s in statuses)
        {
            all.AddRange(await applications.ListByStatusAsync(s, cancellationToken).ToListAsync(cancellationToken));
        }

        return all.OrderBy(a => a.SubmittedAt ?? a.CreatedAt).ToList();
    }

    async Task<Stored<Application>?> FindOwnAsync(Actor actor, string id, CancellationToken cancellationToken)
    {
        var stored = await applications.GetAsync(id, cancellationToken);
        return stored is not null && stored.Value.ApplicantId == actor.Id ? stored : null;
    }

    async Task<Stored<Application>?> FindReadableAsync(Actor actor, string id, CancellationToken cancellationToken) =>
        (await FindWithPartiesAsync(actor, id, cancellationToken))?.Stored;

    /// <summary>The application, its program version, and who the actor is to it; null when the actor has no part in it (so its existence does not leak).</summary>
    async Task<(Stored<Application> Stored, GrantProgram Program, IReadOnlyCollection<Party> Parties)?> FindWithPartiesAsync(Actor actor, string id, CancellationToken cancellationToken)
    {
        var stored = await applications.GetAsync(id, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        var application = stored.Value;
        var program = await programs.FindAsync(application.ProgramId, application.ProgramVersion, cancellationToken)
            ?? throw new InvalidOperationException($"Program {application.ProgramId} v{application.ProgramVersion} is missing.");
        var parties = new HashSet<Party>();
        var own = application.ApplicantId == actor.Id;
        if (own)
        {
            parties.Add(Party.Applicant);
        }
        else
        {
            if (application.EndorserId == actor.Id)
            {
                parties.Add(Party.Endorser);
            }

            var fund = await funds.GetFundAsync(application.FundId ?? program.FundFor(application.Paper.JointUseResearch), cancellationToken);
            if (fund?.ApproverId == actor.Id)
            {
                parties.Add(Party.Approver);
            }

            if (fund?.EscalationContactId == actor.Id)
            {
                parties.Add(Party.Delegate);
            }
        }

        if (actor.IsIn(Roles.Finance))
        {
            parties.Add(Party.Finance);
        }

        if (actor.IsIn(Roles.Admin))
        {
            parties.Add(Party.Admin);
        }

        return parties.Count == 0 && !actor.IsStaff ? null : (stored, program, parties);
    }

    /// <summary>
    /// Checks that the actor may take the action in the application's current state (404 when they have no part in it,
    /// 403 when their part does not allow it, 409 when the state does not), then performs it.
    /// </summary>
    async Task<Outcome<Application>> ActAsync(Actor actor, string id, ApplicationAction action, string verb, Func<Application, GrantProgram, Task<Problem?>> perform, CancellationToken cancellationToken)
    {
        var found = await FindWithPartiesAsync(actor, id, cancellationToken);
        if (found is null)
        {
            return Problem.NotFound($"Application {id}");
        }

        var (stored, program, parties) = found.Value;
        var status = stored.Value.Status;
        if (!program.States.Allows(status, action, parties))
        {
            if (parties.Contains(Party.Applicant) && (action is ApplicationAction.Decide or ApplicationAction.Endorse or ApplicationAction.DecideExtension))
            {
                return Problem.Forbidden($"Nobody may {verb} their own application.");
            }

            // "Not you" (403) when another party could act now or these parties never may; "not now" (409) only for a party the action awaits in another state.
            if (program.States.AllowsAnyone(status, action) || !program.States.AllowsInAnyState(action, parties))
            {
                return Problem.Forbidden($"You may not {verb} this application.");
            }

            return action == ApplicationAction.Decide
                ? await AlreadyDecidedAsync(stored.Value, cancellationToken)
                : Problem.Conflict($"The application is {program.States[status].LabelEn.ToLowerInvariant()}; it is not possible to {verb} it now.");
        }

        var problem = await perform(stored.Value, program);
        return problem is null ? stored.Value : problem;
    }

    /// <summary>
    /// Claims the decision (or withdrawal) for the application's current submission with an ETag-guarded write, then tells
    /// the workflow. Of concurrent requests exactly one claims it; the others learn who did, and when. The workflow acts on
    /// the claim on the record, so a repeated event changes nothing and one lost in a crash is found when the workflow wakes.
    /// </summary>
    async Task<(Application? Application, Problem? Problem)> ClaimAsync(Application application, WorkflowEvent workflowEvent, CancellationToken cancellationToken)
    {
        var claim = new DecisionClaim(NewStepKey(), application.SubmissionCount, workflowEvent);
        var withdrawal = workflowEvent.Kind == WorkflowEventKind.Withdraw;
        var saved = await applications.UpdateAsync(application.Id, a =>
            a.SubmissionCount != claim.Submission || ClaimOf(a) is not null ? a
            : a.Status == ApplicationStatus.AwaitingApproval || (withdrawal && a.Status == ApplicationStatus.AwaitingEndorsement) ? a with { Claim = claim, UpdatedAt = workflowEvent.At }
            : withdrawal && a.Status == ApplicationStatus.Submitted ? a with { Claim = claim, Status = ApplicationStatus.Withdrawn, UpdatedAt = workflowEvent.At }
            : a, cancellationToken);
        var current = saved.Value;
        if (current.Claim?.Id != claim.Id)
        {
            if (ClaimOf(current) is { } earlier && current.Status is ApplicationStatus.AwaitingApproval or ApplicationStatus.AwaitingEndorsement)
            {
                // The claim may be one whose event a crash lost: tell the workflow again; it acts on the claim once.
                await durable.RaiseEventAsync(current.InstanceId, ApplicationWorkflow.EventName, earlier.Event, cancellationToken);
            }

            return (null, await AlreadyDecidedAsync(current, cancellationToken));
        }

        await durable.RaiseEventAsync(current.InstanceId, ApplicationWorkflow.EventName, workflowEvent, cancellationToken);
        return (current, null);
    }

    /// <summary>The decision or withdrawal claimed for the current submission, if any.</summary>
    static DecisionClaim? ClaimOf(Application application) =>
        application.Claim is { } claim && claim.Submission == application.SubmissionCount ? claim : null;

    /// <summary>The 409 for a decision or withdrawal that comes too late, saying what happened, by whom (by name) and when (Japan time).</summary>
    async Task<Problem> AlreadyDecidedAsync(Application application, CancellationToken cancellationToken)
    {
        (WorkflowEventKind Kind, string ActorId, DateTimeOffset At)? what = ClaimOf(application) is { } claim ? (claim.Event.Kind, claim.Event.ActorId, claim.Event.At)
            : application.Decision is { } decision ? (decision.Outcome switch { DecisionOutcome.Approve => WorkflowEventKind.Approve, DecisionOutcome.Reject => WorkflowEventKind.Reject, _ => WorkflowEventKind.Return }, decision.DeciderId, decision.At)
            : null;
        var label = ProgramStates.Standard[application.Status].LabelEn.ToLowerInvariant();
        if (what is not { } happened)
        {
            return Problem.Conflict($"The application is {label}; no decision or withdrawal can be taken now.");
        }

        var verb = happened.Kind switch
        {
            WorkflowEventKind.Approve => "approved",
            WorkflowEventKind.Reject => "rejected",
            WorkflowEventKind.Return => "returned for changes",
            WorkflowEventKind.Withdraw => "withdrawn",
            _ => "decided",
        };
        var name = (await people.FindAsync(happened.ActorId, cancellationToken))?.Name ?? happened.ActorId;
        return Problem.Conflict($"This application was already {verb} by {name} at {happened.At.ToOffset(TimeSpan.FromHours(9)):yyyy-MM-dd HH:mm:ss} (Japan time); it is {label} now.");
    }

    async Task<Problem?> RaiseAsync(Application application, WorkflowEvent workflowEvent, CancellationToken cancellationToken)
    {
        await durable.RaiseEventAsync(application.InstanceId, ApplicationWorkflow.EventName, workflowEvent, cancellationToken);
        return null;
    }

    /// <summary>
    /// Raises an event into the award of an approved application. The award starts a moment after the approval is
    /// recorded, and an event raised to an instance that does not exist yet would be dropped, so this waits for it.
    /// </summary>
    async Task<Problem?> RaiseAwardAsync(Application application, AwardEvent awardEvent, CancellationToken cancellationToken)
    {
        var instanceId = AwardWorkflow.InstanceIdFor(application.Id);
        var deadline = clock.GetUtcNow() + AwardStartWait;
        while (await durable.GetInstanceAsync(instanceId, cancellationToken) is null)
        {
            if (clock.GetUtcNow() > deadline)
            {
                return Problem.Conflict("The approved application is still being set up for payment. Try again in a minute.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        await durable.RaiseEventAsync(instanceId, AwardWorkflow.EventName, awardEvent, cancellationToken);
        return null;
    }

    static readonly TimeSpan AwardStartWait = TimeSpan.FromSeconds(20);

    static string Clean(string? text) => (text ?? "").Trim().Normalize(NormalizationForm.FormC);

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
        await durable.ScheduleNewOrchestrationInstanceAsync(nameof(ApplicationWorkflow), ApplicationWorkflowInput.For(application, program, workflowOptions), new StartOrchestrationOptions(application.InstanceId), cancellationToken);
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

    static string NewId() => "APP-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));

    static string IdFor(string actorId, string key) =>
        "APP-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(actorId + "\n" + key)))[..16];

    static string DocumentIdFor(string actorId, string applicationId, string key) =>
        "DOC-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(actorId + "\n" + applicationId + "\n" + key)))[..16];

    static string NewStepKey() => Convert.ToHexString(RandomNumberGenerator.GetBytes(6));
}
