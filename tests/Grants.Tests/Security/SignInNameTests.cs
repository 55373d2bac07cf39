using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Grants.Workflows;
using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Grants.Workflows.People;
using Grants.Workflows.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Grants.Tests.Orchestration.WorkflowHarness;

namespace Grants.Tests.Security;

/// <summary>
/// Sign-in names with the characters Table Storage refuses in keys (<c>/ \ # ?</c>, control characters) — every Entra guest
/// account has <c>#EXT#</c> — work on every route a person uses, over HTTP, end to end through the workflow.
/// </summary>
[Trait("Kind", "Orchestration")]
public sealed class SignInNameTests
{
    public static TheoryData<string> HostileNames => new()
    {
        "nguyen_partner.example.edu#ext#@institute.onmicrosoft.com",
        "a/b\\c?d#e%@example.ac.jp",
        "tab\tand\u0001control@example.ac.jp",
    };

    [Theory]
    [MemberData(nameof(HostileNames))]
    public async Task A_person_whose_sign_in_name_has_key_forbidden_characters_uses_every_route_end_to_end(string name)
    {
        await using var host = await ApiHost.StartAsync();
        var people = host.Harness.Host.Services.GetRequiredService<PeopleDirectory>();
        await people.UpsertAsync(DemoData.Researcher with { Id = name, Email = "guest@example.edu", Name = "Nguyen Van An" });
        using var person = host.ClientFor(name, "applicant");
        var path = Uri.EscapeDataString(name);

        var me = await ReadAsync(await person.GetAsync("/api/me"), HttpStatusCode.OK);
        Assert.Equal(name, me.GetProperty("id").GetString());
        Assert.Equal("Nguyen Van An", me.GetProperty("name").GetString());

        var created = await ReadAsync(await person.PostAsync("/api/applications", JsonBody(Draft())), HttpStatusCode.Created);
        var id = created.GetProperty("application").GetProperty("id").GetString()!;
        var pdf = new ByteArrayContent("%PDF-1.4\n%%EOF\n"u8.ToArray());
        pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        await ReadAsync(await person.PostAsync($"/api/applications/{id}/documents", new MultipartFormDataContent { { new StringContent("invoice"), "kind" }, { pdf, "file", "請求書.pdf" } }), HttpStatusCode.Created);
        await ReadAsync(await person.PostAsync($"/api/applications/{id}/submit", null), HttpStatusCode.Accepted);
        await host.Harness.WaitForStatusAsync(id, ApplicationStatus.AwaitingApproval);

        var mine = await ReadAsync(await person.GetAsync("/api/applications"), HttpStatusCode.OK);
        Assert.Equal(id, Assert.Single(mine.EnumerateArray()).GetProperty("id").GetString());
        var view = await ReadAsync(await person.GetAsync($"/api/applications/{id}"), HttpStatusCode.OK);
        Assert.Contains(view.GetProperty("history").EnumerateArray(), e => e.GetProperty("actor").GetString() == name);

        var account = new { bankCode = "0001", branchCode = "001", accountType = "ordinary", accountNumber = "1234567", holderKana = "グエン バン アン" };
        await ReadAsync(await person.PutAsync($"/api/people/{path}/bank-account", JsonBody(account)), HttpStatusCode.OK);
        var read = await ReadAsync(await person.GetAsync($"/api/people/{path}/bank-account"), HttpStatusCode.OK);
        Assert.Equal("1234567", read.GetProperty("account").GetProperty("accountNumber").GetString());
        await ReadAsync(await person.GetAsync("/api/payouts"), HttpStatusCode.OK);

        using var director = host.ClientFor(DemoData.Director.Id, "director");
        await ReadAsync(await director.PostAsync($"/api/applications/{id}/decision", JsonBody(new { decision = "approve", comment = "" })), HttpStatusCode.Accepted);
        await host.Harness.WaitForStatusAsync(id, ApplicationStatus.Approved);
        var payouts = await ReadAsync(await person.GetAsync("/api/payouts"), HttpStatusCode.OK);
        Assert.Equal(id, Assert.Single(payouts.EnumerateArray()).GetProperty("applicationId").GetString());
        Assert.DoesNotContain(host.Log.Lines, line => line.StartsWith("Error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Keys_without_forbidden_characters_are_stored_as_they_always_were_and_others_never_raw()
    {
        foreach (var key in new[] { "person", "researcher@example.ac.jp", "applicant|tanaka@example.ac.jp", "APP-0123456789ABCDEF", "budget|2026", "ｶﾞ請求書 é" })
        {
            Assert.Same(key, TableKey.Encode(key));
        }

        Assert.Equal("nguyen_partner.example.edu%23EXT%23@institute.onmicrosoft.com", TableKey.Encode("nguyen_partner.example.edu#EXT#@institute.onmicrosoft.com"));
        Assert.Equal("a%2Fb%5Cc%3Fd%25e%01%C2%85", TableKey.Encode("a/b\\c?d%e\u0001\u0085"));
        // One-to-one: an escaped name never meets a name that looks like its escape.
        Assert.NotEqual(TableKey.Encode("a#b"), TableKey.Encode("a%23b"));
        Assert.StartsWith("~", TableKey.Encode(new string('x', 600)), StringComparison.Ordinal);

        var storage = await (await Infrastructure.Azurite.SharedAsync()).NewStorageAsync();
        var name = "nguyen_partner.example.edu#EXT#@institute.onmicrosoft.com/\\?\u0007";
        await storage.People.UpsertAsync("person|" + name, name, DemoData.Researcher with { Id = name });
        Assert.Equal(name, (await storage.People.GetAsync("person|" + name, name))!.Value.Id);
        Assert.Equal(name, Assert.Single(await storage.People.QueryPartitionAsync("person|" + name).ToListAsync()).Id);
        await storage.People.DeleteAsync("person|" + name, name);
        Assert.Null(await storage.People.GetAsync("person|" + name, name));
    }

    static StringContent JsonBody(object value) => new(JsonSerializer.Serialize(value, GrantsJson.Options), Encoding.UTF8, "application/json");

    static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {status}, got {(int)response.StatusCode} {body}");
        return body.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(body);
    }
}
