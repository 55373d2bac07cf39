using System.Net;
using System.Text;
using System.Text.Json;
using Grants.Workflows;
using Grants.Workflows.Demo;
using static Grants.Tests.Orchestration.WorkflowHarness;

namespace Grants.Tests.Security;

/// <summary>Lost updates: GET answers the application's ETag, and a PUT naming a stale one in If-Match is refused with 412 and changes nothing.</summary>
[Trait("Kind", "Orchestration")]
public sealed class ETagTests
{
    [Fact]
    public async Task Get_answers_an_ETag_and_a_put_with_a_stale_If_Match_is_refused_with_412_and_changes_nothing()
    {
        await using var host = await ApiHost.StartAsync();
        var (draft, _) = Ok(await host.Harness.Drafts.CreateDraftAsync(Researcher, Draft(), idempotencyKey: null));
        using var owner = host.ClientFor(DemoData.Researcher.Id, "applicant");

        var read = await owner.GetAsync($"/api/applications/{draft.Id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var first = ETagOf(read);
        Assert.False(string.IsNullOrEmpty(first));
        Assert.Equal(first, JsonDocument.Parse(await read.Content.ReadAsStringAsync()).RootElement.GetProperty("eTag").GetString());

        // The first writer names the version it read and wins; the answer carries the new version.
        var edited = await PutAsync(owner, draft.Id, Draft("改訂版のタイトル"), first);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var second = ETagOf(edited);
        Assert.False(string.IsNullOrEmpty(second));
        Assert.NotEqual(first, second);
        Assert.Equal(second, ETagOf(await owner.GetAsync($"/api/applications/{draft.Id}")));

        // The second writer still holds the first version: 412, and nothing changes.
        var before = await StorageSnapshot.TakeAsync(host.Storage);
        var stale = await PutAsync(owner, draft.Id, Draft("古い版からの編集"), first);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        Assert.Contains("ETag", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await PutAsync(owner, draft.Id, Draft("古い版からの編集"), "\"something-else\"")).StatusCode);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(host.Storage));
        Assert.Equal("改訂版のタイトル", (await host.Harness.Applications.GetAsync(draft.Id))!.Value.Paper.Title);

        // A list that names the current version, or *, matches.
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(owner, draft.Id, Draft("三つ目の版"), $"{first}, {second}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(owner, draft.Id, Draft("四つ目の版"), "*")).StatusCode);

        // Without If-Match an edit is still allowed (the documented choice): it applies to the version it reads.
        var unconditional = await PutAsync(owner, draft.Id, Draft("条件なしの編集"), ifMatch: null);
        Assert.Equal(HttpStatusCode.OK, unconditional.StatusCode);
        Assert.Equal("条件なしの編集", (await host.Harness.Applications.GetAsync(draft.Id))!.Value.Paper.Title);

        // Someone else's application is still 404, whatever If-Match says.
        using var stranger = host.ClientFor(DemoData.Student.Id, "applicant");
        Assert.Equal(HttpStatusCode.NotFound, (await PutAsync(stranger, draft.Id, Draft("他人の編集"), "*")).StatusCode);
    }

    static string? ETagOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("ETag", out var values) ? values.Single() : null;

    static async Task<HttpResponseMessage> PutAsync(HttpClient client, string id, object body, string? ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/applications/{id}")
        {
            Content = new StringContent(JsonSerializer.Serialize(body, GrantsJson.Options), Encoding.UTF8, "application/json"),
        };
        if (ifMatch is not null)
        {
            Assert.True(request.Headers.TryAddWithoutValidation("If-Match", ifMatch));
        }

        return await client.SendAsync(request);
    }
}
