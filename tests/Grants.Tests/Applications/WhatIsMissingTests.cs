using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grants.Tests.Security;
using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Grants.Workflows.Eligibility;
using Grants.Workflows.Money;
using Grants.Workflows.Programs;
using static Grants.Tests.Orchestration.WorkflowHarness;

namespace Grants.Tests.Applications;

/// <summary>
/// The server says what a draft still lacks before submission (and whether a program is for the reader, and its open
/// call), so the portal shows it instead of deciding it again; each item is one the eligibility check would refuse.
/// </summary>
[Trait("Kind", "Orchestration")]
public sealed class WhatIsMissingTests
{
    static readonly ApplicationDocument Invoice = new("DOC-1", DocumentKind.Invoice, "invoice.pdf", "application/pdf", 1234, new string('a', 64), DateTimeOffset.UnixEpoch);

    static Application DraftOf(GrantProgram program, IReadOnlyList<ExpenseLine> lines, string? endorserId = null, int months = 0, params ApplicationDocument[] documents) =>
        new Application("APP-TEST", DemoData.Student.Id, program.Id, program.Version, new Paper("題目", "Journal", false),
            lines, documents, ApplicationStatus.Draft, 0, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch) with { EndorserId = endorserId, Months = months };

    static ExpenseLine Line(ExpenseKind kind, long yen) => new(kind, new Yen(yen), kind.ToString());

    [Fact]
    public void A_draft_lacks_its_lines_then_each_required_document_then_nothing()
    {
        var program = DemoData.PublicationSupport;

        Assert.Equal([new MissingItem("lines", null, null)], EligibilityCheck.Missing(program, DraftOf(program, [])));
        Assert.Equal(
            [new MissingItem("document", ExpenseKind.SubmissionFee, DocumentKind.Invoice), new MissingItem("document", ExpenseKind.OpenAccessCharge, DocumentKind.Invoice)],
            EligibilityCheck.Missing(program, DraftOf(program, [Line(ExpenseKind.SubmissionFee, 80_000), Line(ExpenseKind.OpenAccessCharge, 100_000)])));
        Assert.Empty(EligibilityCheck.Missing(program, DraftOf(program, [Line(ExpenseKind.SubmissionFee, 80_000)], documents: Invoice)));
    }

    [Fact]
    public void Monthly_support_under_a_program_with_an_endorser_lacks_the_endorser_and_the_months_and_the_check_refuses_for_the_same()
    {
        var program = DemoData.GraduateSupport;
        var draft = DraftOf(program, [Line(ExpenseKind.ResearchAssistantMonthly, 50_000)]);

        var missing = EligibilityCheck.Missing(program, draft);

        Assert.Equal(
            [new MissingItem("document", ExpenseKind.ResearchAssistantMonthly, DocumentKind.EmploymentPlan), new MissingItem("endorser", null, null), new MissingItem("months", null, null)],
            missing);
        var refused = EligibilityCheck.Evaluate(program, DemoData.Student, draft).Select(r => r.Code).ToHashSet();
        Assert.Superset(new HashSet<string> { "document-missing", "endorser-missing", "months-out-of-range" }, refused);
        Assert.Empty(EligibilityCheck.Missing(program, draft with { EndorserId = DemoData.Supervisor.Id, Months = 6, Documents = [Invoice with { Kind = DocumentKind.EmploymentPlan }] }));
    }

    [Fact]
    public async Task An_application_read_lists_what_is_missing_until_it_is_ready_and_the_program_list_says_which_program_is_for_the_reader_and_its_open_call()
    {
        await using var host = await ApiHost.StartAsync();
        var harness = host.Harness;
        using var researcher = host.ClientFor(Researcher.Id, "applicant");
        var (draft, _) = Ok(await harness.Drafts.CreateDraftAsync(Researcher, Draft(), idempotencyKey: null));

        var missing = (await researcher.GetFromJsonAsync<JsonNode>($"/api/applications/{draft.Id}"))!["missing"]!.AsArray();
        Assert.Equal("""[{"code":"document","kind":"submissionFee","document":"invoice"}]""", missing.ToJsonString());

        await harness.AttachInvoiceAsync(Researcher, draft.Id);
        Assert.Empty((await researcher.GetFromJsonAsync<JsonNode>($"/api/applications/{draft.Id}"))!["missing"]!.AsArray());

        // Once submitted there is nothing to add, even to an application that lacks its invoice.
        var submitted = await harness.SubmitNewAsync(Researcher, attachInvoice: false);
        Assert.Empty((await researcher.GetFromJsonAsync<JsonNode>($"/api/applications/{submitted.Id}"))!["missing"]!.AsArray());

        var programs = (await researcher.GetFromJsonAsync<JsonArray>("/api/programs"))!;
        var publication = programs.Single(p => p!["id"]!.GetValue<string>() == DemoData.ImaGaTaisetsu)!;
        Assert.True(publication["forYou"]!["eligible"]!.GetValue<bool>());
        Assert.Equal("open", publication["openCall"]!["status"]!.GetValue<string>());
        Assert.Equal(publication["openCall"]!.ToJsonString(), publication["calls"]!.AsArray().Single(c => c!["status"]!.GetValue<string>() == "open")!.ToJsonString());

        using var student = host.ClientFor(Student.Id, "applicant");
        var forStudent = (await student.GetFromJsonAsync<JsonArray>("/api/programs"))!;
        Assert.False(forStudent.Single(p => p!["id"]!.GetValue<string>() == DemoData.ImaGaTaisetsu)!["forYou"]!["eligible"]!.GetValue<bool>());
        Assert.True(forStudent.Single(p => p!["id"]!.GetValue<string>() == DemoData.GraduateFellowship)!["forYou"]!["eligible"]!.GetValue<bool>());

        using var stranger = host.ClientFor("nobody@example.ac.jp", "applicant");
        Assert.All((await stranger.GetFromJsonAsync<JsonArray>("/api/programs"))!, p => Assert.False(p!["forYou"]!["eligible"]!.GetValue<bool>()));
    }
}
