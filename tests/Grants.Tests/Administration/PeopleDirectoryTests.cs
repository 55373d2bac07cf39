using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Grants.Tests.Security;
using Grants.Workflows.Access;
using Grants.Workflows.Demo;
using Grants.Workflows.People;
using Grants.Workflows.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Grants.Tests.Administration.AdminHttp;
using static Grants.Tests.Orchestration.WorkflowHarness;

namespace Grants.Tests.Administration;

/// <summary>The people directory over HTTP: search for pickers, add, edit, deactivate a leaver, and CSV import with a dry run.</summary>
[Trait("Kind", "Orchestration")]
public sealed class PeopleDirectoryTests
{
    const string Admin = "office@example.ac.jp";

    static PeopleDirectoryTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    static ByteArrayContent Csv(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return content;
    }

    static byte[] ShiftJis(string text) => Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback).GetBytes(text);

    static byte[] Utf8WithBom(string text) => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)];

    static Task<JsonNode> ImportAsync(HttpClient client, byte[] file, bool dryRun, HttpStatusCode expected) =>
        SendAsync(client, HttpMethod.Post, $"/api/people/import?dryRun={(dryRun ? "true" : "false")}", Csv(file), expected);

    static Dictionary<int, JsonNode> RowsByNumber(JsonNode result) => result["rows"]!.AsArray().ToDictionary(r => r!["row"]!.GetValue<int>(), r => r!);

    [Fact]
    public async Task A_Shift_JIS_file_from_Excel_with_Japanese_headings_is_previewed_row_by_row_then_imported_and_audited()
    {
        await using var host = await ApiHost.StartAsync();
        using var admin = host.ClientFor(Admin, Roles.Admin);
        var file = ShiftJis(
            "サインイン名,氏名,フリガナ,メールアドレス,職位,所属,在籍,博士取得年,指導教員\r\n" +
            "watanabe@example.ac.jp,渡辺 美咲,ワタナベ ミサキ,watanabe@example.ac.jp,博士研究員,物質科学部門,,２０２２,\r\n" +
            "ito.r@example.ac.jp,伊藤 涼,イトウ リョウ,ito.r@example.ac.jp,大学院生,物質科学部門,はい,,kato@example.ac.jp\r\n" +
            "Tanaka@Example.ac.jp,田中 花子,タナカ ハナコ,tanaka@example.ac.jp,准教授,Materials Science,,2019,\r\n" +
            "kato@example.ac.jp,加藤 誠一,カトウ セイイチ,kato@example.ac.jp,教授,Materials Science,,,\r\n" +
            ",,,,,,,,\r\n");

        var before = await StorageSnapshot.TakeAsync(host.Storage);
        var preview = await ImportAsync(admin, file, dryRun: true, HttpStatusCode.OK);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(host.Storage));
        Assert.False(preview["written"]!.GetValue<bool>());
        Assert.Equal((2, 1, 1, 0), (preview["added"]!.GetValue<int>(), preview["changed"]!.GetValue<int>(), preview["unchanged"]!.GetValue<int>(), preview["invalid"]!.GetValue<int>()));
        var rows = RowsByNumber(preview);
        Assert.Equal(["added", "added", "changed", "unchanged"], rows.OrderBy(r => r.Key).Select(r => r.Value["outcome"]!.GetValue<string>()));
        Assert.Equal([2, 3, 4, 5], rows.Keys.Order());
        var change = rows[4]["changes"]!.AsArray().Single()!;
        Assert.Equal(("position", "assistantProfessor", "associateProfessor"), (change["field"]!.GetValue<string>(), change["from"]!.GetValue<string>(), change["to"]!.GetValue<string>()));
        Assert.Equal("tanaka@example.ac.jp", rows[4]["id"]!.GetValue<string>());

        var imported = await ImportAsync(admin, file, dryRun: false, HttpStatusCode.OK);
        Assert.True(imported["written"]!.GetValue<bool>());
        var people = host.Harness.Host.Services.GetRequiredService<PeopleDirectory>();
        var watanabe = (await people.FindAsync("watanabe@example.ac.jp"))!;
        Assert.Equal(("渡辺 美咲", Position.Postdoc, 2022, true), (watanabe.Name, watanabe.Position, watanabe.DoctorateYear!.Value, watanabe.Active));
        var ito = (await people.FindAsync("ito.r@example.ac.jp"))!;
        Assert.Equal((true, "kato@example.ac.jp"), (ito.Enrolled, ito.SupervisorId));
        Assert.Equal(Position.AssociateProfessor, (await people.FindAsync(DemoData.Researcher.Id))!.Position);

        var audit = host.Harness.Host.Services.GetRequiredService<AuditTrail>();
        var trail = await audit.ReadAsync(PeopleAdministration.AuditSubject(DemoData.Researcher.Id)).ToListAsync();
        Assert.Equal("person-import-changed", trail.Single().Action);
        Assert.Equal("position: assistantProfessor → associateProfessor", trail.Single().Detail);
        Assert.Empty(await audit.ReadAsync(PeopleAdministration.AuditSubject(DemoData.Supervisor.Id)).ToListAsync());

        // The same file again changes nothing.
        var again = await ImportAsync(admin, file, dryRun: true, HttpStatusCode.OK);
        Assert.Equal(4, again["unchanged"]!.GetValue<int>());
    }

    [Fact]
    public async Task UTF_8_files_with_and_without_a_byte_order_mark_and_English_headings_are_read_alike()
    {
        await using var host = await ApiHost.StartAsync();
        using var admin = host.ClientFor(Admin, Roles.Admin);
        const string text = "signInName,Name,Kana,E-mail,Position,Department,Doctorate year,Active\n" +
            "\"okada@example.ac.jp\",\"Okada, Ken\",オカダ ケン,okada@example.ac.jp,Research Staff,\"Lab 3\",2015,yes\n";
        foreach (var bytes in new[] { Utf8WithBom(text), Encoding.UTF8.GetBytes(text) })
        {
            var preview = await ImportAsync(admin, bytes, dryRun: true, HttpStatusCode.OK);
            var row = preview["rows"]!.AsArray().Single()!;
            Assert.Equal(("added", "okada@example.ac.jp", "Okada, Ken"), (row["outcome"]!.GetValue<string>(), row["id"]!.GetValue<string>(), row["name"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task A_file_with_duplicates_unknown_positions_bad_years_or_an_unknown_supervisor_lists_every_error_by_row_and_column_and_writes_nothing()
    {
        await using var host = await ApiHost.StartAsync();
        using var admin = host.ClientFor(Admin, Roles.Admin);
        var file = Utf8WithBom(
            "サインイン名,氏名,メールアドレス,職位,博士取得年,指導教員,在籍\n" +
            "mori@example.ac.jp,森 彩,mori@example.ac.jp,大学院生,,nobody@example.ac.jp,はい\n" +
            "abe@example.ac.jp,阿部 亮,abe@example.ac.jp,教員,1890,,\n" +
            "mori@example.ac.jp,森 彩,mori@example.ac.jp,大学院生,,,たぶん\n" +
            "ueda@example.ac.jp,上田 光,not-an-address,postdoc,二千十年,,\n" +
            "ok@example.ac.jp,大丈夫 太郎,ok@example.ac.jp,Postdoc,2020,,\n");
        var before = await StorageSnapshot.TakeAsync(host.Storage);

        var preview = await ImportAsync(admin, file, dryRun: true, HttpStatusCode.OK);
        var rows = RowsByNumber(preview);
        string[] Columns(int row) => [.. rows[row]["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal)];
        Assert.Equal(["指導教員"], Columns(2));
        Assert.Equal(["博士取得年", "職位"], Columns(3));
        Assert.Equal(["サインイン名", "在籍"], Columns(4));
        Assert.Equal(["メールアドレス", "博士取得年"], Columns(5));
        Assert.Equal("added", rows[6]["outcome"]!.GetValue<string>());
        Assert.Equal(4, preview["invalid"]!.GetValue<int>());
        Assert.Contains("row 2", rows[4]["errors"]!["サインイン名"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        var refused = await ImportAsync(admin, file, dryRun: false, (HttpStatusCode)422);
        var keys = refused["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Equal(7, keys.Count);
        Assert.Contains("rows[3].職位", keys);
        Assert.Contains("4 of 5 rows have errors, so nothing was imported", refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(host.Storage));
    }

    [Fact]
    public async Task Files_that_cannot_be_read_are_refused_as_a_whole_and_change_nothing()
    {
        await using var host = await ApiHost.StartAsync();
        using var admin = host.ClientFor(Admin, Roles.Admin);
        var before = await StorageSnapshot.TakeAsync(host.Storage);
        var header = "signInName,name,email,position\n";

        // UTF-16, as Excel's "Unicode text" saves it: neither UTF-8 nor Shift_JIS.
        var utf16 = await ImportAsync(admin, [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(header + "a@example.ac.jp,A,a@example.ac.jp,postdoc\n")], dryRun: true, HttpStatusCode.BadRequest);
        Assert.Contains(Errors(utf16), e => e.Contains("neither UTF-8 nor Shift_JIS", StringComparison.Ordinal));
        // Bytes that are not text in either encoding (a lone Shift_JIS lead byte at the end).
        await ImportAsync(admin, [.. Encoding.ASCII.GetBytes(header + "a@example.ac.jp,A,a@example.ac.jp,postdoc,"), 0x82], dryRun: true, HttpStatusCode.BadRequest);
        var unclosed = await ImportAsync(admin, Encoding.UTF8.GetBytes(header + "a@example.ac.jp,\"A,a@example.ac.jp,postdoc\nb@example.ac.jp,B,b@example.ac.jp,postdoc\n"), dryRun: false, HttpStatusCode.BadRequest);
        Assert.Contains(Errors(unclosed), e => e.Contains("quote", StringComparison.Ordinal));
        var columns = await ImportAsync(admin, Encoding.UTF8.GetBytes("氏名,部署,好きな色\n田中,物質,青\n"), dryRun: false, HttpStatusCode.BadRequest);
        Assert.Equal(["columns.email", "columns.id", "columns.position", "columns[3]"], columns["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
        await ImportAsync(admin, [], dryRun: false, HttpStatusCode.BadRequest);
        await SendAsync(admin, HttpMethod.Post, "/api/people/import?dryRun=maybe", Csv(Encoding.UTF8.GetBytes(header)), HttpStatusCode.BadRequest);
        await SendAsync(admin, HttpMethod.Post, "/api/people/import", Csv(new byte[PeopleCsv.MaxBytes + 1]), HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal(before, await StorageSnapshot.TakeAsync(host.Storage));
    }

    [Fact]
    public async Task An_administrator_adds_edits_and_deactivates_a_leaver_who_keeps_reading_their_applications_but_cannot_apply()
    {
        await using var host = await ApiHost.StartAsync();
        using var admin = host.ClientFor(Admin, Roles.Admin);
        var person = new { id = "Hayashi@Example.ac.jp", name = "林 大輔", nameKana = "ハヤシ ダイスケ", email = "hayashi@example.ac.jp", position = "助教", department = "物質科学部門", doctorateYear = 2018 };
        var before = await StorageSnapshot.TakeAsync(host.Storage);
        var invalid = await PostAsync(admin, "/api/people", new { id = "", name = "", email = "x", position = "学長", doctorateYear = 3000, supervisorId = "ghost@example.ac.jp" }, HttpStatusCode.BadRequest);
        Assert.Equal(["doctorateYear", "email", "id", "name", "position", "supervisorId"], invalid["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
        await PostAsync(admin, "/api/people", person, HttpStatusCode.Created);
        Assert.NotEqual(before, await StorageSnapshot.TakeAsync(host.Storage));
        await PostAsync(admin, "/api/people", person, HttpStatusCode.Conflict);

        var read = await admin.GetAsync("/api/people/hayashi@example.ac.jp");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var etag = read.Headers.ETag!;
        using (var current = new HttpRequestMessage(HttpMethod.Put, "/api/people/hayashi@example.ac.jp") { Content = AdminHttp.Json(person) })
        {
            current.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag.ToString()));
            using var response = await admin.SendAsync(current);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // A stale version is refused.
        using (var stale = new HttpRequestMessage(HttpMethod.Put, "/api/people/hayashi@example.ac.jp") { Content = AdminHttp.Json(new { person.name, person.email, position = "associateProfessor" }) })
        {
            await PutAsync(admin, "/api/people/hayashi@example.ac.jp", new { person.name, person.email, position = "assistantProfessor", department = "新部門" }, HttpStatusCode.OK);
            stale.Headers.IfMatch.Add(etag);
            using var response = await admin.SendAsync(stale);
            Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        }

        // The researcher drafts an application, then leaves the institute.
        var researcher = new Actor(DemoData.Researcher.Id, new HashSet<string> { Roles.Applicant });
        var (draft, _) = Ok(await host.Harness.Drafts.CreateDraftAsync(researcher, Draft(), idempotencyKey: null));
        var deactivated = await PutAsync(admin, $"/api/people/{DemoData.Researcher.Id}", new
        {
            name = DemoData.Researcher.Name,
            nameKana = DemoData.Researcher.NameKana,
            email = DemoData.Researcher.Email,
            position = "assistantProfessor",
            department = DemoData.Researcher.Department,
            doctorateYear = DemoData.Researcher.DoctorateYear,
            active = false,
        }, HttpStatusCode.OK);
        Assert.False(deactivated["active"]!.GetValue<bool>());
        var trail = await host.Harness.Host.Services.GetRequiredService<AuditTrail>().ReadAsync(PeopleAdministration.AuditSubject(DemoData.Researcher.Id)).ToListAsync();
        Assert.Equal("person-deactivated", trail.Single().Action);

        using var leaver = host.ClientFor(DemoData.Researcher.Id, Roles.Applicant);
        var refused = await PostAsync(leaver, "/api/applications", Draft("新しい論文"), HttpStatusCode.Forbidden);
        Assert.Contains("no longer active", refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await SendAsync(leaver, HttpMethod.Post, $"/api/applications/{draft.Id}/submit", null, HttpStatusCode.Forbidden);
        Assert.Equal(draft.Id, (await GetAsync(leaver, $"/api/applications/{draft.Id}"))["application"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Staff_search_people_by_name_kana_or_e_mail_with_a_bounded_result_and_applicants_may_not()
    {
        await using var host = await ApiHost.StartAsync();
        using var director = host.ClientFor(DemoData.Director.Id, Roles.Director);
        string[] Ids(JsonNode page) => [.. page["people"]!.AsArray().Select(p => p!["id"]!.GetValue<string>())];

        Assert.Equal([DemoData.Researcher.Id], Ids(await GetAsync(director, "/api/people?q=" + Uri.EscapeDataString("田中"))));
        Assert.Equal([DemoData.Researcher.Id], Ids(await GetAsync(director, "/api/people?q=" + Uri.EscapeDataString("たなか"))));
        Assert.Equal([DemoData.Student.Id], Ids(await GetAsync(director, "/api/people?q=SUZUKI@")));
        Assert.Equal([DemoData.InternationalStudent.Id], Ids(await GetAsync(director, "/api/people?q=" + Uri.EscapeDataString("Nguyen Lan"))));
        var page = await GetAsync(director, "/api/people?limit=3");
        Assert.Equal(3, Ids(page).Length);
        Assert.True(page["more"]!.GetValue<bool>());
        Assert.Equal(DemoData.People.Count, Ids(await GetAsync(director, "/api/people?limit=100")).Length);
        await GetAsync(director, "/api/people?limit=1000", HttpStatusCode.BadRequest);
        await GetAsync(director, "/api/people?limit=ten", HttpStatusCode.BadRequest);

        using var applicant = host.ClientFor(DemoData.Researcher.Id, Roles.Applicant);
        await GetAsync(applicant, "/api/people?q=a", HttpStatusCode.Forbidden);
    }
}
