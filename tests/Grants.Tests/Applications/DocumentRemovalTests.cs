using Grants.Workflows.Access;
using Grants.Workflows.Applications;
using static Grants.Tests.Orchestration.WorkflowHarness;

namespace Grants.Tests.Applications;

/// <summary>Taking a wrong document off an application: only its applicant, only while it can be edited, recorded in the audit trail.</summary>
[Trait("Kind", "Orchestration")]
public sealed class DocumentRemovalTests
{
    [Fact]
    public async Task The_applicant_removes_a_document_from_a_draft_and_the_removal_is_audited()
    {
        await using var harness = await StartAsync();
        var (draft, _) = Ok(await harness.Drafts.CreateDraftAsync(Researcher, Draft(), idempotencyKey: null));
        await harness.AttachInvoiceAsync(Researcher, draft.Id);
        var document = (await harness.Applications.GetAsync(draft.Id))!.Value.Documents.Single();

        Assert.Equal(ProblemKind.NotFound, (await harness.Documents.RemoveDocumentAsync(Student, draft.Id, document.Id)).Problem?.Kind);
        var removed = Ok(await harness.Documents.RemoveDocumentAsync(Researcher, draft.Id, document.Id));

        Assert.Empty(removed.Documents);
        Assert.Empty((await harness.Applications.GetAsync(draft.Id))!.Value.Documents);
        Assert.Equal(ProblemKind.NotFound, (await harness.Documents.RemoveDocumentAsync(Researcher, draft.Id, document.Id)).Problem?.Kind);
        var history = Ok(await harness.Queries.GetAsync(Researcher, draft.Id)).History;
        Assert.Contains(history, e => e.Action == "document-removed" && e.Actor == Researcher.Id && e.Detail.Contains(document.FileName, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_submitted_applications_documents_cannot_be_removed()
    {
        await using var harness = await StartAsync();
        var submitted = await harness.SubmitNewAsync(Researcher);
        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);
        var document = (await harness.Applications.GetAsync(submitted.Id))!.Value.Documents.Single();

        Assert.Equal(ProblemKind.Conflict, (await harness.Documents.RemoveDocumentAsync(Researcher, submitted.Id, document.Id)).Problem?.Kind);
        Assert.Single((await harness.Applications.GetAsync(submitted.Id))!.Value.Documents);
    }
}
