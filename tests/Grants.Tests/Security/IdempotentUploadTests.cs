using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Grants.Workflows.Demo;
using static Grants.Tests.Orchestration.WorkflowHarness;

namespace Grants.Tests.Security;

/// <summary>An upload sent again with the same Idempotency-Key returns the same document and never stores a second one.</summary>
[Trait("Kind", "Orchestration")]
public sealed class IdempotentUploadTests
{
    static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();

    [Fact]
    public async Task The_same_key_replays_the_same_document_and_a_different_body_with_it_is_refused_and_changes_nothing()
    {
        await using var host = await ApiHost.StartAsync();
        var (draft, _) = Ok(await host.Harness.Drafts.CreateDraftAsync(Researcher, Draft(), idempotencyKey: null));
        var (other, _) = Ok(await host.Harness.Drafts.CreateDraftAsync(Researcher, Draft("別の論文"), idempotencyKey: null));
        using var owner = host.ClientFor(DemoData.Researcher.Id, "applicant");

        var first = await UploadAsync(owner, draft.Id, "invoice-2025-001", Pdf, "請求書.pdf");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        var documentId = IdOf(await first.Content.ReadAsStringAsync());

        // The same request again, e.g. after a lost response: the same document, marked as a replay, nothing stored twice.
        var before = await StorageSnapshot.TakeAsync(host.Storage);
        var again = await UploadAsync(owner, draft.Id, "invoice-2025-001", Pdf, "請求書.pdf");
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(documentId, IdOf(await again.Content.ReadAsStringAsync()));
        Assert.Equal(first.Headers.Location, again.Headers.Location);

        // The same key with another file, kind or name: 409, and nothing changes.
        var changed = Pdf.Concat("% another\n"u8.ToArray()).ToArray();
        foreach (var (kind, content, name) in new[] { ("invoice", changed, "請求書.pdf"), ("invoice", Pdf, "別の請求書.pdf") })
        {
            var refused = await UploadAsync(owner, draft.Id, "invoice-2025-001", content, name, kind);
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Idempotency-Key", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // A key that is too long or has control characters is refused before anything is read.
        Assert.Equal(HttpStatusCode.BadRequest, (await UploadAsync(owner, draft.Id, new string('k', 201), Pdf, "請求書.pdf")).StatusCode);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(host.Storage));
        Assert.Equal([documentId], (await host.Harness.Applications.GetAsync(draft.Id))!.Value.Documents.Select(d => d.Id));

        // The key is the person's for one application: the same key on another application is a new document.
        var elsewhere = await UploadAsync(owner, other.Id, "invoice-2025-001", Pdf, "請求書.pdf");
        Assert.Equal(HttpStatusCode.Created, elsewhere.StatusCode);
        Assert.False(elsewhere.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual(documentId, IdOf(await elsewhere.Content.ReadAsStringAsync()));

        // Someone else sending the key learns nothing: 404 as for any application that is not theirs.
        using var stranger = host.ClientFor(DemoData.Student.Id, "applicant");
        Assert.Equal(HttpStatusCode.NotFound, (await UploadAsync(stranger, draft.Id, "invoice-2025-001", Pdf, "請求書.pdf")).StatusCode);

        // Without a key every upload is a new document.
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(owner, draft.Id, null, Pdf, "請求書.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(owner, draft.Id, null, Pdf, "請求書.pdf")).StatusCode);
        Assert.Equal(3, (await host.Harness.Applications.GetAsync(draft.Id))!.Value.Documents.Count);
    }

    static string IdOf(string json) => JsonDocument.Parse(json).RootElement.GetProperty("id").GetString()!;

    static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string applicationId, string? key, byte[] content, string fileName, string kind = "invoice")
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/applications/{applicationId}/documents")
        {
            Content = new MultipartFormDataContent { { new StringContent(kind), "kind" }, { file, "file", fileName } },
        };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return await client.SendAsync(request);
    }
}
