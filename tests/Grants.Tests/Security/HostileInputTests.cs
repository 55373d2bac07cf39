using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Grants.Api;
using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static Grants.Tests.Orchestration.WorkflowHarness;

namespace Grants.Tests.Security;

/// <summary>What hostile input gets: a problem that says what is wrong, never a stack trace, and no change in storage.</summary>
[Trait("Kind", "Orchestration")]
public sealed class HostileInputTests
{
    static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();

    public static TheoryData<string, byte[], string> RenamedFiles => new()
    {
        { "invoice.pdf", [(byte)'M', (byte)'Z', 0x90, 0x00, 0x03], "a Windows program" },
        { "invoice.pdf", [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1], "a Linux program" },
        { "invoice.pdf", "#!/bin/sh\nrm -rf /\n"u8.ToArray(), "a script" },
        { "invoice.pdf", [(byte)'P', (byte)'K', 3, 4, 20, 0, 0, 0], "a ZIP archive" },
        { "invoice.pdf", [0x1F, 0x8B, 8, 0], "a gzip archive" },
        { "invoice.pdf", "Rar!\u001a\u0007\0"u8.ToArray(), "a RAR archive" },
        { "invoice.pdf", "\uFEFF  <!DOCTYPE html><html><script>alert(1)</script></html>"u8.ToArray(), "an HTML, SVG or XML document" },
        { "invoice.pdf", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"u8.ToArray(), "an HTML, SVG or XML document" },
        { "invoice.pdf", "<?xml version=\"1.0\"?><svg/>"u8.ToArray(), "an HTML, SVG or XML document" },
        { "invoice.pdf", "just some text"u8.ToArray(), "not a PDF" },
    };

    [Theory]
    [MemberData(nameof(RenamedFiles))]
    public async Task Executables_archives_HTML_and_SVG_are_refused_whatever_they_are_called(string fileName, byte[] content, string what)
    {
        using var stream = new MemoryStream(content);
        var problem = await DocumentRules.CheckAsync(new DocumentUpload("invoice", fileName, "application/pdf", stream, content.Length), ApplicationDocuments.MaxDocumentBytes, CancellationToken.None);
        Assert.NotNull(problem);
        Assert.Contains(what, Assert.Single(problem.Errors!["file"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../etc/passwd.pdf", "passwd.pdf")]
    [InlineData("C:\\Windows\\system32\\請求書.pdf", "請求書.pdf")]
    [InlineData("in\u0000vo\u001bice<script>.pdf", "invoicescript.pdf")]
    [InlineData("..\\..\\.hidden.pdf", "hidden.pdf")]
    [InlineData("ｶﾞ.pdf", "ｶﾞ.pdf")]
    [InlineData("invoice\u202Efdp.exe", "invoicefdp.exe")]
    [InlineData("\u200F請求書\u2066\u061C\uFEFF.pdf", "請求書.pdf")]
    public void File_names_keep_no_path_no_control_characters_and_no_markup(string given, string kept) =>
        Assert.Equal(kept, DocumentRules.SafeFileName(given));

    [Fact]
    public async Task Refused_uploads_bodies_and_ids_answer_problems_and_change_nothing_in_storage()
    {
        await using var host = await ApiHost.StartAsync();
        var (draft, _) = Ok(await host.Harness.Drafts.CreateDraftAsync(Researcher, Draft(), idempotencyKey: null));
        using var owner = host.ClientFor(DemoData.Researcher.Id, "applicant");
        var before = await StorageSnapshot.TakeAsync(host.Storage);

        foreach (var (_, content, what) in RenamedFiles.Select(row => ((string)row[0], (byte[])row[1], (string)row[2])))
        {
            var response = await owner.PostAsync($"/api/applications/{draft.Id}/documents", Upload("invoice", content, "invoice.pdf"));
            await AssertProblemAsync(response, HttpStatusCode.BadRequest, what);
        }

        await AssertProblemAsync(await owner.PostAsync($"/api/applications/{draft.Id}/documents", Upload("invoice", new byte[ApplicationDocuments.MaxDocumentBytes + 1], "big.pdf")), HttpStatusCode.BadRequest, "larger than 20 MB");
        await AssertProblemAsync(await owner.PostAsync($"/api/applications/{draft.Id}/documents", Upload("virus", Pdf, "invoice.pdf")), HttpStatusCode.BadRequest, "kind");
        await AssertProblemAsync(await owner.PostAsync($"/api/applications/{draft.Id}/documents", new StringContent("%PDF-1.4", Encoding.UTF8, "application/pdf")), HttpStatusCode.UnsupportedMediaType);

        // Bodies: not JSON, the wrong JSON, too much JSON, values out of range.
        await AssertProblemAsync(await owner.PutAsync($"/api/applications/{draft.Id}", new StringContent("{\"programId\":", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await owner.PutAsync($"/api/applications/{draft.Id}", new StringContent("{\"lines\":\"many\"}", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "lines");
        await AssertProblemAsync(await owner.PutAsync($"/api/applications/{draft.Id}", new StringContent("<draft/>", Encoding.UTF8, "application/xml")), HttpStatusCode.UnsupportedMediaType);
        await AssertProblemAsync(await owner.PutAsync($"/api/applications/{draft.Id}", new StringContent("[" + string.Concat(Enumerable.Repeat("1,", 200_000)) + "1]", Encoding.UTF8, "application/json")), HttpStatusCode.RequestEntityTooLarge);
        var negative = JsonSerializer.Serialize(Draft(submissionFee: -5), Grants.Workflows.GrantsJson.Options);
        await AssertProblemAsync(await owner.PutAsync($"/api/applications/{draft.Id}", new StringContent(negative, Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await owner.GetAsync("/api/applications?status=<script>"), HttpStatusCode.BadRequest, "status");

        // Ids of the wrong shape are not looked up: 404 for every application route, signed in or not.
        using var anonymous = host.ClientFor(null);
        foreach (var route in ApiRoutes.All.Where(r => r.Template.StartsWith("applications/{id}", StringComparison.Ordinal)))
        {
            foreach (var id in new[] { "app-0123456789abcdef", "APP-0123456789ABCDEF0", "APP-..%2F..%2Fx", "' or 1=1 --", "APP-0123456789ABCDE%20" })
            {
                foreach (var client in new[] { owner, anonymous })
                {
                    var path = "/api/" + route.Template.Replace("{id}", id, StringComparison.Ordinal).Replace("{docId}", "DOC-0123456789ABCDEF", StringComparison.Ordinal);
                    using var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
                    await AssertProblemAsync(await client.SendAsync(request), HttpStatusCode.NotFound);
                }
            }
        }

        Assert.Equal(before, await StorageSnapshot.TakeAsync(host.Storage));

        // A PDF with a hostile name is kept under a harmless one.
        var stored = await owner.PostAsync($"/api/applications/{draft.Id}/documents", Upload("invoice", Pdf, "../../etc/<b>passwd.pdf"));
        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        Assert.Equal("bpasswd.pdf", JsonDocument.Parse(await stored.Content.ReadAsStringAsync()).RootElement.GetProperty("fileName").GetString());
    }

    [Fact]
    public async Task Malformed_multipart_and_ids_with_slashes_answer_400_or_404_problems_never_5xx_and_change_nothing()
    {
        await using var host = await ApiHost.StartAsync();
        var (draft, _) = Ok(await host.Harness.Drafts.CreateDraftAsync(Researcher, Draft(), idempotencyKey: null));
        using var owner = host.ClientFor(DemoData.Researcher.Id, "applicant");
        using var stranger = host.ClientFor(DemoData.Student.Id, "applicant");
        var uploads = $"/api/applications/{draft.Id}/documents";
        var part = "--b0undary\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\ninvoice\r\n"
            + "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n";
        var before = await StorageSnapshot.TakeAsync(host.Storage);

        // Cut before the closing boundary, or a boundary that does not match the header's: the sender's fault, said so.
        await AssertProblemAsync(await owner.PostAsync(uploads, Multipart(part, "b0undary")), HttpStatusCode.BadRequest, "closing boundary");
        await AssertProblemAsync(await owner.PostAsync(uploads, Multipart(part + "\r\n--b0undary--\r\n", "other")), HttpStatusCode.BadRequest, "multipart");
        // Someone with no part in the application learns nothing, whatever their body: 404 as for any application not theirs.
        await AssertProblemAsync(await stranger.PostAsync(uploads, Multipart(part, "b0undary")), HttpStatusCode.NotFound);
        // Too many fields is not a file too large.
        var fields = string.Concat(Enumerable.Range(0, 40).Select(i => $"--b0undary\r\nContent-Disposition: form-data; name=\"f{i}\"\r\n\r\nx\r\n")) + "--b0undary--\r\n";
        await AssertProblemAsync(await owner.PostAsync(uploads, Multipart(fields, "b0undary")), HttpStatusCode.BadRequest, "at most 16 fields");

        // Program and endorser ids with path characters name nobody: a field error, not a storage failure.
        var slashed = Draft() with { ProgramId = "ima-ga-taisetsu/../x" };
        await AssertProblemAsync(await owner.PostAsync("/api/applications", JsonBody(slashed)), HttpStatusCode.BadRequest, "programId");
        var endorsed = Draft() with { EndorserId = "sensei/#?\\@example.ac.jp" };
        await AssertProblemAsync(await owner.PutAsync($"/api/applications/{draft.Id}", JsonBody(endorsed)), HttpStatusCode.BadRequest, "endorserId");
        Assert.Equal(before, await StorageSnapshot.TakeAsync(host.Storage));
        Assert.DoesNotContain(host.Log.Lines, line => line.StartsWith("Error", StringComparison.Ordinal));

        // A right-to-left override (U+202E), which would reorder how the name shows, is dropped.
        var stored = await owner.PostAsync(uploads, Upload("invoice", Pdf, "invoice\u202Efdp.pdf"));
        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        Assert.Equal("invoicefdp.pdf", JsonDocument.Parse(await stored.Content.ReadAsStringAsync()).RootElement.GetProperty("fileName").GetString());
    }

    [Fact]
    public async Task A_caller_who_reads_Japanese_gets_the_problems_of_hostile_input_in_Japanese_and_everyone_else_in_English()
    {
        await using var host = await ApiHost.StartAsync();
        var (draft, _) = Ok(await host.Harness.Drafts.CreateDraftAsync(Researcher, Draft(), idempotencyKey: null));
        using var japanese = host.ClientFor(DemoData.Researcher.Id, "applicant");
        japanese.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ja-JP,ja;q=0.9,en;q=0.5");
        using var english = host.ClientFor(DemoData.Researcher.Id, "applicant");
        english.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-GB,ja;q=0.5");
        var cut = "--b0undary\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\ninvoice\r\n--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.4\n";

        using var inJapanese = await japanese.PostAsync($"/api/applications/{draft.Id}/documents", Multipart(cut, "b0undary"));
        var problem = JsonDocument.Parse(await inJapanese.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.BadRequest, inJapanese.StatusCode);
        Assert.Equal("リクエストの内容に誤りがあります", problem.GetProperty("title").GetString());
        Assert.Contains("multipart/form-data ではありません", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("multipart の本文を読み取れませんでした。", problem.GetProperty("errors").GetProperty("file")[0].GetString());
        Assert.Contains("ja", inJapanese.Content.Headers.ContentLanguage);

        using var unknownProgram = await japanese.PostAsync("/api/applications", JsonBody(Draft() with { ProgramId = "ima/ga" }));
        var field = JsonDocument.Parse(await unknownProgram.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").GetProperty("programId")[0].GetString();
        Assert.Equal("プログラム「ima/ga」はありません。", field);

        using var inEnglish = await english.PostAsync($"/api/applications/{draft.Id}/documents", Multipart(cut, "b0undary"));
        var englishProblem = JsonDocument.Parse(await inEnglish.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("The request is not valid", englishProblem.GetProperty("title").GetString());
        Assert.Empty(inEnglish.Content.Headers.ContentLanguage);
    }

    static ByteArrayContent Multipart(string body, string boundary)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={boundary}");
        return content;
    }

    static StringContent JsonBody(object value) => new(JsonSerializer.Serialize(value, Grants.Workflows.GrantsJson.Options), Encoding.UTF8, "application/json");

    [Fact]
    public async Task An_unexpected_failure_answers_500_with_a_trace_id_and_no_stack_trace()
    {
        var route = new ApiRoute("Boom", "GET", "boom", _ => throw new InvalidOperationException("connection string AccountKey=secret at Grants.Internal"));
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Response.Body = new MemoryStream();
        await route.ExecuteAsync(new ApiCall(context, new Dictionary<string, string?>(), null!));

        context.Response.Body.Position = 0;
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync();
        Assert.Equal(StatusCodes.Status500InternalServerError, context.Response.StatusCode);
        Assert.Contains("traceId", body, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
    }

    static MultipartFormDataContent Upload(string kind, byte[] content, string fileName)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return new MultipartFormDataContent { { new StringContent(kind), "kind" }, { file, "file", fileName } };
    }

    static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? mentions = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (mentions is not null)
        {
            Assert.Contains(mentions, body, StringComparison.Ordinal);
        }
    }
}
