using System.Security.Cryptography;
using Grants.Workflows.Access;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Applications;

/// <summary>An applicant attaches documents to an application they may still edit, or takes one off; its readers open them.</summary>
public sealed class ApplicationDocuments(ApplicationStore applications, DocumentStore documents, ApplicationAccess access, AuditTrail audit, TimeProvider clock)
{
    public const long MaxDocumentBytes = 20 * 1024 * 1024;

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
        var own = await access.OwnAsync(actor, id, cancellationToken);
        if (!own.Succeeded)
        {
            return own.Problem!;
        }

        var application = own.Value!.Value;
        var documentId = idempotencyKey is null ? ApplicationIds.NewDocumentId() : ApplicationIds.DocumentIdFor(actor.Id, id, idempotencyKey);
        if (idempotencyKey is not null && application.Documents.FirstOrDefault(d => d.Id == documentId) is { } earlier)
        {
            return await SameUploadAsync(earlier, upload, cancellationToken) ? (earlier, false) : ReusedDocumentKey();
        }

        if (!ProgramStates.Standard.Allows(application.Status, ApplicationAction.Upload, [Party.Applicant]))
        {
            return Problem.Conflict($"Documents cannot be added to an application that is {application.Status}.");
        }

        var problem = await DocumentRules.CheckAsync(upload, MaxDocumentBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var now = clock.GetUtcNow();
        var blob = await documents.SaveAsync(id, documentId, upload.Content, DocumentRules.PdfContentType, cancellationToken);
        var document = new ApplicationDocument(documentId, Enum.Parse<DocumentKind>(upload.Kind!, ignoreCase: true), DocumentRules.SafeFileName(upload.FileName), DocumentRules.PdfContentType, blob.Size, blob.Sha256, now);
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
        (await access.OwnAsync(actor, id, cancellationToken)).Problem;

    /// <summary>
    /// Takes a document off an application its applicant may still edit (a wrong file, a superseded invoice). The blob
    /// stays: a submitted version may refer to it, and versions are read-only. A document that is not there answers 404.
    /// </summary>
    public async Task<Outcome<Application>> RemoveDocumentAsync(Actor actor, string id, string documentId, CancellationToken cancellationToken = default)
    {
        var own = await access.OwnAsync(actor, id, cancellationToken);
        if (!own.Succeeded)
        {
            return own.Problem!;
        }

        var application = own.Value!.Value;
        var document = application.Documents.FirstOrDefault(d => d.Id == documentId);
        if (document is null)
        {
            return Problem.NotFound($"Document {documentId} of application {id}");
        }

        if (!ProgramStates.Standard.Allows(application.Status, ApplicationAction.Upload, [Party.Applicant]))
        {
            return Problem.Conflict($"Documents cannot be removed from an application that is {application.Status}.");
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

    public async Task<Outcome<(ApplicationDocument Document, Stream Content)>> OpenDocumentAsync(Actor actor, string id, string documentId, CancellationToken cancellationToken = default)
    {
        var reach = await access.ReachAsync(actor, id, cancellationToken);
        var document = reach.Value?.Application.Documents.FirstOrDefault(d => d.Id == documentId);
        if (document is null)
        {
            return Problem.NotFound($"Document {documentId} of application {id}");
        }

        return (document, await documents.OpenAsync(id, documentId, cancellationToken));
    }

    static Problem ReusedDocumentKey() =>
        Problem.Conflict("This Idempotency-Key was already used for a different document. Use a new key for a new upload.");

    /// <summary>Whether an upload repeats the one that made <paramref name="earlier"/>: same kind, same (sanitised) name, same bytes.</summary>
    static async Task<bool> SameUploadAsync(ApplicationDocument earlier, DocumentUpload upload, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<DocumentKind>(upload.Kind, ignoreCase: true, out var kind) || kind != earlier.Kind
            || DocumentRules.SafeFileName(upload.FileName) != earlier.FileName || !upload.Content.CanSeek)
        {
            return false;
        }

        var start = upload.Content.Position;
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(upload.Content, cancellationToken));
        upload.Content.Position = start;
        return hash == earlier.Sha256;
    }
}
