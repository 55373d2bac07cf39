using System.Net.Http.Headers;
using System.Text;
using Grants.Api;
using Grants.Workflows.Access;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Xunit;

namespace Grants.Tests.Security;

/// <summary>
/// The OpenAPI document that <c>GET /api/openapi.json</c> serves is valid OpenAPI 3.1, names every row of the route table,
/// and tells the truth: every path and method answers, unsigned and signed in with a harmless or invalid input, with a
/// status it documents and a content type it documents for that status.
/// </summary>
[Trait("Kind", "Orchestration")]
public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task The_served_document_is_OpenAPI_3_1_with_an_operation_for_every_route()
    {
        await using var host = await ApiHost.StartAsync();
        var (document, diagnostic) = await ReadAsync(host);

        Assert.Empty(diagnostic.Errors);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, diagnostic.SpecificationVersion);
        var operations = Operations(document).Select(o => $"{o.Operation.OperationId} {o.Method} {o.Path}").Order(StringComparer.Ordinal);
        Assert.Equal(ApiRoutes.All.Select(r => $"{r.Name} {r.Method} /api/{r.Template}").Order(StringComparer.Ordinal), operations);
        Assert.Contains(ApiDescription.ProblemMedia, document.Paths["/api/applications/{id}"].Operations![HttpMethod.Get].Responses!["404"].Content!.Keys);
        Assert.NotNull(document.Components!.Schemas!["DraftRequest"].Properties!["programId"]);
    }

    [Fact]
    public async Task Every_operation_answers_with_a_status_and_content_type_it_documents()
    {
        await using var host = await ApiHost.StartAsync();
        var (document, _) = await ReadAsync(host);
        var callers = new (string Who, HttpClient Client)[]
        {
            ("nobody", host.ClientFor(null)),
            ("an applicant", host.ClientFor("someone@example.ac.jp", Roles.Applicant)),
            ("an administrator", host.ClientFor("office@example.ac.jp", Roles.Admin, Roles.Finance, Roles.Director)),
        };
        var failures = new List<string>();

        foreach (var (path, method, operation) in Operations(document))
        {
            foreach (var (who, client) in callers)
            {
                using var request = new HttpRequestMessage(method, Fill(path)) { Content = HarmlessBody(operation) };
                using var response = await client.SendAsync(request);
                var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!operation.Responses!.TryGetValue(status, out var documented))
                {
                    failures.Add($"{operation.OperationId} as {who}: {status} is not documented ({string.Join(", ", operation.Responses.Keys)}).");
                    continue;
                }

                var type = response.Content.Headers.ContentType?.MediaType;
                if (documented.Content is { Count: > 0 } media && !media.Keys.Any(m => Matches(m, type)))
                {
                    failures.Add($"{operation.OperationId} as {who}: {status} came as {type}, documented as {string.Join(", ", media.Keys)}.");
                }
            }
        }

        foreach (var (_, client) in callers)
        {
            client.Dispose();
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    static async Task<(OpenApiDocument Document, OpenApiDiagnostic Diagnostic)> ReadAsync(ApiHost host)
    {
        using var client = host.ClientFor(null);
        using var response = await client.GetAsync("/api/openapi.json");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var result = OpenApiDocument.Load(body, "json");
        return (result.Document!, result.Diagnostic!);
    }

    static IEnumerable<(string Path, HttpMethod Method, OpenApiOperation Operation)> Operations(OpenApiDocument document) =>
        document.Paths.SelectMany(p => p.Value.Operations!.Select(o => (p.Key, o.Key, o.Value)));

    /// <summary>Route values of the right shape that name nothing: the call reaches its use case and changes nothing.</summary>
    static string Fill(string path) => path
        .Replace("applications/{id}", "applications/APP-0000000000000000", StringComparison.Ordinal)
        .Replace("{docId}", "DOC-0000000000000000", StringComparison.Ordinal)
        .Replace("{fiscalYear}", "2026", StringComparison.Ordinal)
        .Replace("{year}", "2026", StringComparison.Ordinal)
        .Replace("{id}", "no-such-thing", StringComparison.Ordinal)
        .Replace("{subject}", "no-such-thing", StringComparison.Ordinal)
        .Replace("{instanceId}", "no-such-thing", StringComparison.Ordinal);

    /// <summary>An empty body of the first media type the operation reads: invalid wherever a field is required.</summary>
    static StringContent? HarmlessBody(OpenApiOperation operation)
    {
        if (operation.RequestBody?.Content?.Keys.FirstOrDefault() is not { } media)
        {
            return null;
        }

        var content = new StringContent(media == "application/json" ? "{}" : "", Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(media == "multipart/form-data" ? "multipart/form-data; boundary=x" : media);
        return content;
    }

    static bool Matches(string documented, string? actual) =>
        documented == "*/*" || string.Equals(MediaTypeHeaderValue.Parse(documented).MediaType, actual, StringComparison.OrdinalIgnoreCase);
}
