using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grants.Tests.Infrastructure;
using Grants.Tests.Security;
using Grants.Workflows;
using Grants.Workflows.Demo;

namespace Grants.Tests.Programs;

/// <summary>Program versions and calls over HTTP, through the real route table: bad input is a problem that lists every error and changes nothing.</summary>
[Trait("Kind", "Orchestration")]
public sealed class ProgramApiTests
{
    const string Office = "office@example.ac.jp";

    static StringContent Json(string text, string type = "application/json") => new(text, Encoding.UTF8, type);

    static string ShippedText => File.ReadAllText(Path.Combine(Repository.Root, "programs", DemoData.ImaGaTaisetsu + ".json"));

    static string Changed(Action<JsonObject> change)
    {
        var definition = JsonNode.Parse(ShippedText)!.AsObject();
        change(definition);
        return definition.ToJsonString();
    }

    static async Task<JsonElement> ProblemOf(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement;
    }

    [Fact]
    public async Task Bad_definitions_and_bad_calls_are_refused_as_problems_listing_every_error_and_storage_is_unchanged()
    {
        await using var host = await ApiHost.StartAsync();
        using var office = host.ClientFor(Office, "admin");
        var versions = $"/api/programs/{DemoData.ImaGaTaisetsu}/versions";
        var before = await StorageSnapshot.TakeAsync(host.Storage);

        var invalid = await ProblemOf(await office.PostAsync(versions, Json(Changed(d =>
        {
            d["version"] = 2;
            d["expenses"]![2]!["capPerPaper"] = 0;
            d["capPerApplication"] = 0;
            d.Remove("nameJa");
        }))), HttpStatusCode.BadRequest);
        var errors = invalid.GetProperty("errors");
        Assert.Equal("must be > 0", errors.GetProperty("expenses[2].capPerPaper")[0].GetString());
        Assert.Equal("must be > 0", errors.GetProperty("capPerApplication")[0].GetString());
        Assert.Equal("is required", errors.GetProperty("nameJa")[0].GetString());
        Assert.Equal(3, errors.EnumerateObject().Count());

        await ProblemOf(await office.PostAsync(versions + "/preview", Json("{ \"id\": \"ima-ga-taisetsu\", ")), HttpStatusCode.BadRequest);
        await ProblemOf(await office.PostAsync(versions, new ByteArrayContent([0x7B, 0xFF, 0xFE, 0x7D]) { Headers = { { "Content-Type", "application/json" } } }), HttpStatusCode.BadRequest);
        await ProblemOf(await office.PostAsync(versions, Json(ShippedText, "text/plain")), HttpStatusCode.UnsupportedMediaType);
        var taken = await ProblemOf(await office.PostAsync(versions, Json(Changed(d => d["capPerApplication"] = 400_000))), HttpStatusCode.Conflict);
        Assert.Contains("version 2", taken.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemOf(await office.PostAsync($"/api/programs/{DemoData.GraduateFellowship}/versions", Json(Changed(d => d["version"] = 2))), HttpStatusCode.BadRequest);

        var calls = $"/api/programs/{DemoData.ImaGaTaisetsu}/calls";
        var year = host.Harness.Year;
        var overlapping = await ProblemOf(await office.PostAsJsonAsync(calls, new { fiscalYear = year.Year + 1, opens = year.End.AddDays(-10), closes = year.End.AddDays(30) }, GrantsJson.Options), HttpStatusCode.Conflict);
        Assert.Contains("overlap", overlapping.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var missing = await ProblemOf(await office.PostAsJsonAsync(calls, new { }, GrantsJson.Options), HttpStatusCode.BadRequest);
        Assert.Equal(["closes", "fiscalYear"], missing.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        await ProblemOf(await office.PostAsync(calls, Json("{\"fiscalYear\": 2026, \"closes\": \"31/03/2027\"}")), HttpStatusCode.BadRequest);
        await ProblemOf(await office.PostAsJsonAsync(calls, new { fiscalYear = year.Year, closes = year.End }, GrantsJson.Options), HttpStatusCode.Conflict);
        await ProblemOf(await office.PostAsJsonAsync($"{calls}/{year.Year}/deadline", new { closes = year.End.AddDays(1) }, GrantsJson.Options), HttpStatusCode.BadRequest);
        await ProblemOf(await office.PostAsync($"{calls}/1999/close", null), HttpStatusCode.NotFound);
        await ProblemOf(await office.PostAsync($"/api/programs/no-such-program/calls/{year.Year}/close", null), HttpStatusCode.NotFound);

        Assert.Equal(before, await StorageSnapshot.TakeAsync(host.Storage));
    }

    [Fact]
    public async Task The_office_previews_publishes_and_lists_a_version_and_applicants_see_open_and_upcoming_calls_with_their_deadlines()
    {
        await using var host = await ApiHost.StartAsync();
        using var office = host.ClientFor(Office, "admin");
        using var applicant = host.ClientFor(DemoData.Researcher.Id, "applicant");
        var versions = $"/api/programs/{DemoData.ImaGaTaisetsu}/versions";
        var v2 = Changed(d => { d["version"] = 2; d["expenses"]![2]!["capPerPaper"] = 400_000; });

        var preview = JsonDocument.Parse(await (await office.PostAsync(versions + "/preview", Json(v2))).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Open-access charge cap: ¥500,000 → ¥400,000", preview.GetProperty("changes")[0].GetProperty("en").GetString());
        Assert.Equal("オープンアクセス掲載料の上限: ¥500,000 → ¥400,000", preview.GetProperty("changes")[0].GetProperty("ja").GetString());

        Assert.Equal(HttpStatusCode.Created, (await office.PostAsync(versions, Json(v2))).StatusCode);
        var before = await StorageSnapshot.TakeAsync(host.Storage);
        Assert.Equal(HttpStatusCode.OK, (await office.PostAsync(versions, Json(v2))).StatusCode);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(host.Storage));

        var listed = JsonDocument.Parse(await office.GetStringAsync(versions)).RootElement;
        Assert.Equal([(2, true), (1, false)], listed.EnumerateArray().Select(v => (v.GetProperty("version").GetInt32(), v.GetProperty("current").GetBoolean())));
        Assert.Equal(HttpStatusCode.Forbidden, (await applicant.GetAsync(versions)).StatusCode);

        var year = host.Harness.Year;
        var next = year.Year + 1;
        var japanToday = ProgramHarness.JapanToday;
        var deadline = japanToday.AddDays(7) < year.End ? japanToday.AddDays(7) : year.End;
        var moved = await office.PostAsJsonAsync($"/api/programs/{DemoData.GraduateFellowship}/calls/{year.Year}/deadline", new { closes = deadline }, GrantsJson.Options);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var opened = await office.PostAsJsonAsync($"/api/programs/{DemoData.GraduateFellowship}/calls", new { fiscalYear = next, opens = year.End.AddDays(1), closes = year.End.AddDays(60) }, GrantsJson.Options);
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        Assert.Equal($"/api/programs/{DemoData.GraduateFellowship}/calls/{next}", opened.Headers.Location?.OriginalString);

        var seen = JsonDocument.Parse(await applicant.GetStringAsync("/api/calls")).RootElement.EnumerateArray()
            .Where(c => c.GetProperty("programId").GetString() == DemoData.GraduateFellowship)
            .Select(c => (c.GetProperty("fiscalYear").GetInt32(), c.GetProperty("status").GetString(), c.GetProperty("closes").GetString()))
            .ToList();
        Assert.Equal([(year.Year, "open", deadline.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), (next, "upcoming", year.End.AddDays(60).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))], seen);
    }
}
