using System.Net;
using System.Text;
using System.Text.Json;
using Grants.Api;
using Grants.Workflows;
using Grants.Workflows.Demo;
using static Grants.Tests.Orchestration.WorkflowHarness;

namespace Grants.Tests.Security;

/// <summary>The audit trail over HTTP: administrators read a subject's entries, each API action carries its request's correlation id, and nothing writes it.</summary>
[Trait("Kind", "Orchestration")]
public sealed class AuditTrailTests
{
    [Fact]
    public async Task An_admin_reads_an_applications_audit_with_each_requests_correlation_id_and_nobody_else_can()
    {
        await using var host = await ApiHost.StartAsync();
        using var owner = host.ClientFor(DemoData.Researcher.Id, "applicant");
        using var admin = host.ClientFor("office@example.ac.jp", "admin");

        // A caller's W3C trace id becomes the correlation id.
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/applications")
        {
            Content = new StringContent(JsonSerializer.Serialize(Draft(), GrantsJson.Options), Encoding.UTF8, "application/json"),
        };
        create.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        var created = await owner.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(traceId, created.Headers.GetValues(ApiRoute.CorrelationHeader).Single());
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("application").GetProperty("id").GetString()!;

        // Without one, the host's request id is used, and the response says which.
        var edited = await owner.PutAsync($"/api/applications/{id}", new StringContent(JsonSerializer.Serialize(Draft("改訂"), GrantsJson.Options), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var editCorrelation = edited.Headers.GetValues(ApiRoute.CorrelationHeader).Single();
        Assert.False(string.IsNullOrWhiteSpace(editCorrelation));
        Assert.NotEqual(traceId, editCorrelation);

        var read = await admin.GetAsync($"/api/audit/{id}");
        var body = await read.Content.ReadAsStringAsync();
        Assert.True(read.StatusCode == HttpStatusCode.OK, body);
        var entries = JsonDocument.Parse(body).RootElement.GetProperty("entries").EnumerateArray().ToList();
        var createdEntry = Assert.Single(entries, e => e.GetProperty("action").GetString() == "created");
        Assert.Equal(DemoData.Researcher.Id, createdEntry.GetProperty("actor").GetString());
        Assert.Equal(DemoData.Researcher.Name, createdEntry.GetProperty("actorName").GetString());
        Assert.Equal(traceId, createdEntry.GetProperty("correlationId").GetString());
        var edit = Assert.Single(entries, e => e.GetProperty("action").GetString() == "edited");
        Assert.Equal(("下書きを更新", "Draft updated."), (edit.GetProperty("detailJa").GetString(), edit.GetProperty("detailEn").GetString()));
        Assert.Equal(editCorrelation, Assert.Single(entries, e => e.GetProperty("action").GetString() == "edited").GetProperty("correlationId").GetString());

        // Nobody but an administrator reads it: not the applicant, the approver, finance; not without signing in.
        var before = await StorageSnapshot.TakeAsync(host.Storage);
        foreach (var (person, role) in new[] { (DemoData.Researcher.Id, "applicant"), (DemoData.Student.Id, "applicant"), (DemoData.Director.Id, "director"), (DemoData.Finance.Id, "finance") })
        {
            using var client = host.ClientFor(person, role);
            var refused = await client.GetAsync($"/api/audit/{id}");
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("created", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var anonymous = host.ClientFor(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/audit/{id}")).StatusCode);

        // A subject too long to be an id names nothing; one with characters storage keys refuse (a guest's sign-in name) is read, here empty.
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/audit/" + new string('a', 300))).StatusCode);
        var odd = await admin.GetAsync("/api/audit/a%5Cb%23ext%23%2F");
        Assert.Equal(HttpStatusCode.OK, odd.StatusCode);
        Assert.Contains("\"entries\":[]", await odd.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // No route writes the audit trail: the only audit route reads, and every other method is refused and changes nothing.
        Assert.All(ApiRoutes.All.Where(r => r.Template.StartsWith("audit", StringComparison.Ordinal)), r => Assert.Equal("GET", r.Method));
        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete })
        {
            foreach (var path in new[] { $"/api/audit/{id}", "/api/audit" })
            {
                using var request = new HttpRequestMessage(method, path) { Content = new StringContent("{\"actor\":\"x\",\"action\":\"approved\"}", Encoding.UTF8, "application/json") };
                var response = await admin.SendAsync(request);
                Assert.True(response.StatusCode is HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotFound, $"{method} {path}: {response.StatusCode}");
            }
        }

        Assert.Equal(before, await StorageSnapshot.TakeAsync(host.Storage));
    }
}
