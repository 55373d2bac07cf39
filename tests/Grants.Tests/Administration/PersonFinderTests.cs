using System.Net;
using System.Text.Json.Nodes;
using Grants.Tests.Security;
using Grants.Workflows.Access;
using Grants.Workflows.Demo;
using Grants.Workflows.People;
using Grants.Workflows.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Grants.Tests.Administration.AdminHttp;

namespace Grants.Tests.Administration;

/// <summary>
/// The people picker over HTTP, as an applicant uses it to name a supervisor: by name, kana or e-mail, however it is typed;
/// name and department only; ten at most; never a leaver; a query too short to narrow anything is refused.
/// </summary>
[Trait("Kind", "Orchestration")]
public sealed class PersonFinderTests
{
    static string Search(string q) => $"/api/people-search?q={Uri.EscapeDataString(q)}";

    static async Task<string[]> IdsAsync(HttpClient client, string q) =>
        [.. (await GetAsync(client, Search(q)))["people"]!.AsArray().Select(p => p!["id"]!.GetValue<string>())];

    [Fact]
    public async Task An_applicant_finds_the_supervisor_by_name_kana_or_e_mail_however_typed_and_sees_name_and_department_only()
    {
        await using var host = await ApiHost.StartAsync();
        using var applicant = host.ClientFor(DemoData.Student.Id, Roles.Applicant);

        var found = await GetAsync(applicant, Search("加藤"));
        Assert.Equal(["more", "people"], found.AsObject().Select(p => p.Key).Order());
        Assert.False(found["more"]!.GetValue<bool>());
        var kato = Assert.Single(found["people"]!.AsArray())!.AsObject();
        Assert.Equal(["department", "id", "name"], kato.Select(p => p.Key).Order());
        Assert.Equal((DemoData.Supervisor.Id, "加藤 誠一", "Materials Science"), (kato["id"]!.GetValue<string>(), kato["name"]!.GetValue<string>(), kato["department"]!.GetValue<string>()));

        // Hiragana, half-width kana, full-width letters, a name typed without its space, both words in either order.
        foreach (var typed in new[] { "かとう", "ｶﾄｳ", "カトウ セイ", "加藤誠一", "誠一 加藤", "ｋａｔｏ＠", "KATO@example", "kato" })
        {
            Assert.True((await IdsAsync(applicant, typed)).SequenceEqual([DemoData.Supervisor.Id]), $"“{typed}” should find only {DemoData.Supervisor.Id}");
        }

        // An address matches from its start only: the institute's domain, in everyone's address, finds nobody.
        Assert.Empty(await IdsAsync(applicant, "example.ac.jp"));
        Assert.Empty(await IdsAsync(applicant, "Materials"));
    }

    [Fact]
    public async Task At_most_ten_come_back_leavers_never_and_a_query_under_two_characters_is_refused_in_the_callers_language()
    {
        await using var host = await ApiHost.StartAsync();
        var directory = host.Services.GetRequiredService<PeopleDirectory>();
        for (var i = 1; i <= 12; i++)
        {
            await directory.UpsertAsync(new Person($"yamamoto{i:00}@example.ac.jp", $"山本 {i:00}", $"ヤマモト {i:00}", $"yamamoto{i:00}@example.ac.jp", Position.Professor, "Physics"));
        }

        using var applicant = host.ClientFor(DemoData.Researcher.Id, Roles.Applicant);
        var many = await GetAsync(applicant, Search("やまもと"));
        Assert.Equal(PersonFinder.MaxResults, many["people"]!.AsArray().Count);
        Assert.True(many["more"]!.GetValue<bool>());
        Assert.Equal(["yamamoto11@example.ac.jp"], await IdsAsync(applicant, "山本 11"));

        // A leaver disappears from the picker as soon as the directory says they left, though the picker keeps a copy.
        var leaver = (await directory.FindAsync("yamamoto11@example.ac.jp"))!;
        await directory.UpsertAsync(leaver with { Active = false });
        Assert.Empty(await IdsAsync(applicant, "山本 11"));
        Assert.DoesNotContain("yamamoto11@example.ac.jp", await IdsAsync(applicant, "yamamoto1"));

        foreach (var typed in new[] { "", "加", " ｋ ", "  " })
        {
            var problem = await GetAsync(applicant, Search(typed), HttpStatusCode.BadRequest);
            Assert.Equal(["q: Type between 2 and 100 characters of a name, its kana or an e-mail address."], Errors(problem));
        }

        Assert.Equal(["q: Type between 2 and 100 characters of a name, its kana or an e-mail address."], Errors(await GetAsync(applicant, Search(new string('あ', 101)), HttpStatusCode.BadRequest)));
        applicant.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ja");
        var japanese = await GetAsync(applicant, Search("加"), HttpStatusCode.BadRequest);
        Assert.Equal(["q: 氏名・フリガナ・メールアドレスを 2〜100 文字入力してください。"], Errors(japanese));

        using var anonymous = host.ClientFor(null);
        await GetAsync(anonymous, Search("加藤"), HttpStatusCode.Unauthorized);
    }
}
