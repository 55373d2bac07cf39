using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grants.Tests.Security;
using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Grants.Tests.Programs;
using Grants.Workflows.Programs;
using static Grants.Tests.Orchestration.WorkflowHarness;
using static Grants.Tests.Programs.ProgramHarness;

namespace Grants.Tests.Home;

/// <summary>Each person's home through the API: what waits for them, named as they read it, and whether it is late.</summary>
[Trait("Kind", "Orchestration")]
public sealed class ToDoListTests
{
    [Fact]
    public async Task Applicant_approver_and_finance_each_see_what_waits_for_them_and_it_moves_as_they_act()
    {
        await using var host = await ApiHost.StartAsync();
        using var researcher = host.ClientFor(DemoData.Researcher.Id, "applicant");
        using var director = host.ClientFor(DemoData.Director.Id, "director");
        using var finance = host.ClientFor(DemoData.Finance.Id, "finance");
        await host.Harness.Drafts.CreateDraftAsync(Researcher, Draft("まだ書いている論文"), idempotencyKey: null);
        var submitted = await host.Harness.SubmitNewAsync(Researcher, Draft("審査を待つ論文"));
        await host.Harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);

        var mine = await ToDoAsync(researcher);
        Assert.Equal(["まだ書いている論文"], Titles(mine, "finishDraft"));
        Assert.True(Group(mine, "openCall")!["forInformation"]!.GetValue<bool>());
        Assert.Equal(1, mine["waiting"]!.GetValue<int>());

        var decide = Group(await ToDoAsync(director), "decide")!;
        Assert.Equal((1, 0), (decide["count"]!.GetValue<int>(), decide["overdue"]!.GetValue<int>()));
        var entry = decide["entries"]![0]!;
        Assert.Equal(("審査を待つ論文", DemoData.Researcher.Name, $"#/applications/{submitted.Id}"),
            (entry["title"]!.GetValue<string>(), entry["subtitle"]!.GetValue<string>(), entry["link"]!.GetValue<string>()));

        await DecideAsync(director, submitted.Id, "return");
        await host.Harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.Returned);
        Assert.Equal(["審査を待つ論文"], Titles(await ToDoAsync(researcher), "revise"));
        Assert.Null(Group(await ToDoAsync(director), "decide"));

        // Approved with no bank account: the applicant is asked to register one, and finance sees the payout held for it.
        var approved = await host.Harness.SubmitNewAsync(Researcher, Draft("採択される論文"));
        await host.Harness.WaitForStatusAsync(approved.Id, ApplicationStatus.AwaitingApproval);
        await DecideAsync(director, approved.Id, "approve");
        // The payout's lists are projected just after its record is written: wait for the list, not only the record.
        await EventuallyAsync(async () => Titles(await ToDoAsync(researcher), "registerBankAccount") is ["採択される論文"], () => "the bank-account to-do");
        var held = Group(await ToDoAsync(finance), "heldForBankAccount")!;
        Assert.Equal(DemoData.Researcher.Name, held["entries"]![0]!["title"]!.GetValue<string>());
        Assert.Null(Group(await ToDoAsync(finance), "readyToBatch"));

        using var saved = await researcher.PutAsync($"/api/people/{DemoData.Researcher.Id}/bank-account", Json(new
        {
            bankCode = "0001", branchCode = "001", accountType = "ordinary", accountNumber = "1234567", holderKana = "タナカ ハナコ",
        }));
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        Assert.Null(Group(await ToDoAsync(researcher), "registerBankAccount"));
        var ready = await ToDoAsync(finance);
        Assert.Null(Group(ready, "heldForBankAccount"));
        Assert.Equal(1, Group(ready, "readyToBatch")!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_supervisor_sees_the_endorsement_waiting_for_them_and_the_director_nothing_of_it()
    {
        await using var host = await ApiHost.StartAsync();
        using var supervisor = host.ClientFor(DemoData.Supervisor.Id, "applicant");
        var submitted = await host.Harness.SubmitWithAsync(Student, RaDraft(title: "界面磁性の研究計画"), DocumentKind.EmploymentPlan);
        await host.Harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingEndorsement);

        var list = await ToDoAsync(supervisor);
        Assert.Equal(["界面磁性の研究計画"], Titles(list, "endorse"));
        Assert.Equal(1, list["waiting"]!.GetValue<int>());
        Assert.Null(Group(await ToDoAsync(host.ClientFor(DemoData.Director.Id, "director")), "endorse"));
    }

    [Fact]
    public async Task Without_sign_in_there_is_no_home()
    {
        await using var host = await ApiHost.StartAsync();
        using var anonymous = host.ClientFor(null);
        using var response = await anonymous.GetAsync("/api/todo");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    static async Task<JsonObject> ToDoAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/todo");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    static JsonNode? Group(JsonObject list, string kind) =>
        list["groups"]!.AsArray().SingleOrDefault(g => g!["kind"]!.GetValue<string>() == kind);

    static string[] Titles(JsonObject list, string kind) =>
        [.. Group(list, kind)?["entries"]!.AsArray().Select(e => e!["title"]!.GetValue<string>()) ?? []];

    static async Task DecideAsync(HttpClient director, string id, string decision)
    {
        using var response = await director.PostAsync($"/api/applications/{id}/decision", Json(new { decision, comment = "確認しました。" }));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
}
