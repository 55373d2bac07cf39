using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grants.Tests.Infrastructure;
using Grants.Workflows;
using Grants.Workflows.Demo;
using Grants.Workflows.Money;

namespace Grants.Tests.EndToEnd;

/// <summary>The local runtime started without demo data, as a fresh deployment starts: the programs are there, nothing else, and the office opens the calls.</summary>
[Trait("Kind", "EndToEnd")]
public sealed class FreshDeploymentTests
{
    [Fact]
    public async Task Started_with_no_demo_it_has_the_shipped_programs_but_no_calls_funds_or_people_until_the_office_opens_a_call()
    {
        var azurite = await Azurite.SharedAsync();
        await using var runtime = await LocalRuntime.StartWithoutDemoAsync(azurite);
        using var office = runtime.ClientFor("office@example.ac.jp", "admin");
        using var applicant = runtime.ClientFor(DemoData.Researcher.Id, "applicant");

        var programs = JsonDocument.Parse(await applicant.GetStringAsync("/api/programs")).RootElement;
        Assert.Equal(DemoData.Programs.Select(p => p.Id).Order(StringComparer.Ordinal), programs.EnumerateArray().Select(p => p.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal("[]", await applicant.GetStringAsync("/api/calls"));

        var year = FiscalYear.Of(DateTimeOffset.UtcNow);
        var opened = await office.PostAsJsonAsync($"/api/programs/{DemoData.ImaGaTaisetsu}/calls", new { fiscalYear = year.Year, closes = year.End }, GrantsJson.Options);
        Assert.True(opened.StatusCode == HttpStatusCode.Created, await opened.Content.ReadAsStringAsync());
        var calls = JsonDocument.Parse(await applicant.GetStringAsync("/api/calls")).RootElement;
        Assert.Equal((DemoData.ImaGaTaisetsu, "open"), (calls[0].GetProperty("programId").GetString(), calls[0].GetProperty("status").GetString()));

        // A restart publishes nothing twice and opens no demo call.
        await runtime.KillAsync();
        await runtime.StartAsync();
        Assert.Single(JsonDocument.Parse(await applicant.GetStringAsync("/api/calls")).RootElement.EnumerateArray());
        Assert.Single(JsonDocument.Parse(await office.GetStringAsync($"/api/programs/{DemoData.ImaGaTaisetsu}/versions")).RootElement.EnumerateArray());
    }
}
