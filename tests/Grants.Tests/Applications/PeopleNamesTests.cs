using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grants.Tests.Security;
using Grants.Workflows.Demo;
using Grants.Workflows.People;
using Grants.Workflows.Storage;
using static Grants.Tests.Programs.ProgramHttp;

namespace Grants.Tests.Applications;

/// <summary>
/// Names, not ids: what the API serves a person names the applicant, the endorser, the decider, who took each step and
/// whom a step asked, and a payout's purpose, payee and fund — from one copy of the directory, never stale after a change.
/// </summary>
[Trait("Kind", "Orchestration")]
public sealed class PeopleNamesTests
{
    [Fact]
    public async Task An_application_waiting_for_its_endorser_names_the_endorser_applicant_and_each_step_in_view_and_list()
    {
        await using var host = await ApiHost.StartAsync();
        using var student = host.ClientFor(DemoData.InternationalStudent.Id, "applicant");
        var id = await SubmitInternationalFellowshipAsync(student, months: 2);
        // The status moves a moment before the step that asks the endorser writes its line: wait for both.
        var view = await WaitForAsync(student, id, v => v["application"]!["status"]!.GetValue<string>() == "awaitingEndorsement"
            && v["timeline"]!.AsArray().Any(s => s!["action"]!.GetValue<string>() == "endorsement-requested"), "awaiting endorsement, the endorser asked");

        var application = view["application"]!;
        Assert.Equal(DemoData.InternationalStudent.Name, application["applicantName"]!.GetValue<string>());
        Assert.Equal(DemoData.Supervisor.Name, application["endorserName"]!.GetValue<string>());
        var timeline = view["timeline"]!.AsArray();
        var created = Assert.Single(timeline, s => s!["action"]!.GetValue<string>() == "created")!;
        Assert.Equal(DemoData.InternationalStudent.Name, created["actorName"]!.GetValue<string>());
        var asked = Assert.Single(timeline, s => s!["action"]!.GetValue<string>() == "endorsement-requested")!;
        Assert.Equal($"Asked {DemoData.Supervisor.Name}.", asked["detailEn"]!.GetValue<string>());
        Assert.Equal($"{DemoData.Supervisor.Name} さんに依頼", asked["detailJa"]!.GetValue<string>());
        // The workflow's own steps name nobody.
        Assert.All(timeline.Where(s => s!["actor"]!.GetValue<string>() == "system"), s => Assert.Null(s!["actorName"]));

        var list = (await student.GetFromJsonAsync<JsonArray>("/api/applications"))!;
        var listed = Assert.Single(list, a => a!["id"]!.GetValue<string>() == id)!;
        Assert.Equal(DemoData.Supervisor.Name, listed["endorserName"]!.GetValue<string>());
        Assert.Equal(DemoData.InternationalStudent.Name, listed["applicantName"]!.GetValue<string>());

        // The names are served, not stored: the stored application still holds ids only.
        var stored = (await new ApplicationStore(host.Storage).GetAsync(id))!.Value;
        Assert.Null(stored.ApplicantName);
        Assert.Null(stored.EndorserName);
    }

    [Fact]
    public async Task An_approved_paper_names_its_decider_and_its_payout_names_the_paper_payee_and_fund()
    {
        await using var host = await ApiHost.StartAsync();
        using var researcher = host.ClientFor(DemoData.Researcher.Id, "applicant");
        using var director = host.ClientFor(DemoData.Director.Id, "director");
        using var finance = host.ClientFor(DemoData.Finance.Id, "finance");
        var id = await SubmitPaperAsync(researcher, title: "Spin waves in strained films");
        await WaitForStatusAsync(director, id, "awaitingApproval");
        await PostAcceptedAsync(director, $"/api/applications/{id}/decision", new { decision = "approve", comment = "承認します。" });
        var approved = await WaitForStatusAsync(researcher, id, "approved");
        Assert.Equal(DemoData.Director.Name, approved["application"]!["decision"]!["deciderName"]!.GetValue<string>());

        var payout = await Programs.ProgramHarness.WaitForAsync(
            async () => (await finance.GetFromJsonAsync<JsonArray>("/api/payouts?status=approved"))!.FirstOrDefault(p => p!["applicationId"]!.GetValue<string>() == id),
            "the approved payout");
        Assert.Equal("Spin waves in strained films", payout["purpose"]!.GetValue<string>());
        Assert.Equal(DemoData.Researcher.Name, payout["payeeName"]!.GetValue<string>());
        Assert.Equal(DemoData.DirectorDiscretionary.NameJa, payout["fundNameJa"]!.GetValue<string>());
        Assert.Equal(DemoData.DirectorDiscretionary.NameEn, payout["fundNameEn"]!.GetValue<string>());
    }

    [Fact]
    public async Task Names_come_from_the_directorys_copy_which_a_change_on_any_instance_replaces_and_which_keeps_leavers()
    {
        var storage = await (await Infrastructure.Azurite.SharedAsync()).NewStorageAsync();
        var directory = new PeopleDirectory(storage);
        await directory.UpsertAsync(DemoData.Researcher);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        using var snapshot = new PeopleSnapshot(directory, clock);

        var book = await snapshot.NamesAsync([DemoData.Researcher.Id, "system", null]);
        Assert.Equal(DemoData.Researcher.Name, book[DemoData.Researcher.Id]);
        Assert.Null(book["system"]);
        Assert.Null(book[null]);

        // A rename, and someone added, through another instance's directory are seen once the stamp is asked again.
        var elsewhere = new PeopleDirectory(storage);
        await elsewhere.UpsertAsync(DemoData.Researcher with { Name = "田中 花子（新姓）" });
        await elsewhere.UpsertAsync(DemoData.Supervisor with { Active = false });
        clock.Advance(PeopleSnapshot.StampEvery);
        var after = await snapshot.NamesAsync([DemoData.Researcher.Id, DemoData.Supervisor.Id]);
        Assert.Equal("田中 花子（新姓）", after[DemoData.Researcher.Id]);
        // A leaver is no longer offered by the picker but is still named on what they did.
        Assert.Equal(DemoData.Supervisor.Name, after[DemoData.Supervisor.Id]);
        Assert.DoesNotContain(await snapshot.ReadAsync(), p => p.Choice.Id == DemoData.Supervisor.Id);
    }
}
