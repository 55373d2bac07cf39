using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Grants.Api;
using Grants.Tests.Orchestration;
using Grants.Tests.Programs;
using Grants.Workflows;
using Grants.Workflows.Access;
using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Grants.Workflows.Money;
using Grants.Workflows.Programs;
using static Grants.Tests.Orchestration.WorkflowHarness;

namespace Grants.Tests.Security;

/// <summary>
/// Who may do what, over HTTP through every route of <see cref="ApiRoutes.All"/> that has a subject: each cell of the
/// matrix in the README's "Who may do what" is one row here. Every denied cell is sent first, and together they change
/// nothing in storage; then the allowed cells are sent and each succeeds.
/// </summary>
[Trait("Kind", "Orchestration")]
public sealed class AuthorizationMatrixTests
{
    /// <summary>The people of the matrix, as Easy Auth would sign them in.</summary>
    static readonly Dictionary<string, (string Id, string[] Roles)> People = new()
    {
        ["applicant"] = (DemoData.Researcher.Id, [Roles.Applicant]),
        ["other applicant"] = (DemoData.Student.Id, [Roles.Applicant]),
        ["applicant who is a director"] = (DemoData.Researcher.Id, [Roles.Applicant, Roles.Director]),
        ["supervisor"] = (DemoData.Supervisor.Id, [Roles.Applicant]),
        ["director"] = (DemoData.Director.Id, [Roles.Director]),
        // The director's fund names the research support office's head as the delegate who decides when the director cannot.
        ["delegate"] = (DemoData.DirectorDiscretionary.EscalationContactId, [Roles.Delegate]),
        ["joint-use approver"] = (DemoData.JointUseApprover.Id, [Roles.Approver]),
        ["finance"] = (DemoData.Finance.Id, [Roles.Finance]),
        ["admin"] = ("office@example.ac.jp", [Roles.Admin]),
    };

    static readonly string[] Everyone = [.. People.Keys];

    sealed record Subjects(string Awaiting, string AwaitingDocument, string Draft, string Endorsing, string Unknown);

    [Fact]
    public async Task Every_cell_of_the_matrix_allows_or_denies_as_the_README_says_and_denied_requests_change_nothing()
    {
        await using var host = await ApiHost.StartAsync();
        var s = await ArrangeAsync(host.Harness);
        var failures = new List<string>();

        var before = await StorageSnapshot.TakeAsync(host.Storage);
        foreach (var (route, path, body, who, status) in Denied(s))
        {
            await ExpectAsync(host, route, path, body, who, status, failures);
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, await StorageSnapshot.TakeAsync(host.Storage));

        foreach (var (route, path, body, who, status) in Allowed(s))
        {
            await ExpectAsync(host, route, path, body, who, status, failures);
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Approvers_never_read_bank_details_unmasked_nor_create_batches_and_finance_never_decides()
    {
        await using var host = await ApiHost.StartAsync();
        var s = await ArrangeAsync(host.Harness);
        var failures = new List<string>();
        var account = $"people/{DemoData.Researcher.Id}/bank-account";
        await ExpectAsync(host, "PutBankAccount", account, Json(new { bankCode = "0001", branchCode = "001", accountType = "ordinary", accountNumber = "7654321", holderKana = "タナカ ハナコ" }), "applicant", 200, failures);
        foreach (var who in new[] { "director", "delegate", "joint-use approver", "other applicant" })
        {
            using var client = Client(host, who);
            var text = await (await client.GetAsync("/api/" + account)).Content.ReadAsStringAsync();
            Assert.DoesNotContain("7654321", text, StringComparison.Ordinal);
        }

        foreach (var who in new[] { "applicant", "finance" })
        {
            using var client = Client(host, who);
            Assert.Contains("7654321", await (await client.GetAsync("/api/" + account)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await ExpectAsync(host, "DecideApplication", $"applications/{s.Awaiting}/decision", Json(new { decision = "approve", comment = "" }), "finance", 403, failures);
        foreach (var who in new[] { "director", "delegate", "joint-use approver", "admin", "applicant" })
        {
            await ExpectAsync(host, "CreatePayoutBatch", "payout-batches", null, who, 403, failures);
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.DoesNotContain(host.Log.Lines, line => line.Contains("7654321", StringComparison.Ordinal));
    }

    /// <summary>An application awaiting the director's decision (with its invoice), a draft, and one awaiting its supervisor's endorsement.</summary>
    static async Task<Subjects> ArrangeAsync(WorkflowHarness harness)
    {
        var awaiting = await harness.SubmitNewAsync(Researcher);
        await harness.WaitForStatusAsync(awaiting.Id, ApplicationStatus.AwaitingApproval);
        var document = (await harness.Applications.GetAsync(awaiting.Id))!.Value.Documents.Single().Id;

        var (draft, _) = Ok(await harness.Drafts.CreateDraftAsync(Researcher, Draft("下書きの論文"), idempotencyKey: null));

        var ra = new DraftRequest(DemoData.GraduateFellowship, new Paper("日越共同研究", "International joint research", false),
            [new ExpenseLine(ExpenseKind.ResearchAssistantMonthly, new Yen(80_000), "RA 月額")], EndorserId: DemoData.Supervisor.Id, Months: 3);
        var (endorsing, _) = Ok(await harness.Drafts.CreateDraftAsync(Student, ra, idempotencyKey: null));
        using (var pdf = new MemoryStream("%PDF-1.4\n%%EOF\n"u8.ToArray()))
        {
            Ok(await harness.Documents.AddDocumentAsync(Student, endorsing.Id, new DocumentUpload("employmentPlan", "plan.pdf", "application/pdf", pdf, pdf.Length)));
        }

        Ok(await harness.Submission.SubmitAsync(Student, endorsing.Id));
        await harness.WaitForStatusAsync(endorsing.Id, ApplicationStatus.AwaitingEndorsement);
        // Each workflow's last write before it waits is the audit entry of its request mail; storage is compared after both.
        await EventuallyAsync(
            async () => (await harness.HistoryAsync(awaiting.Id)).Any(h => h.Action == "notified-approvalrequested")
                && (await harness.HistoryAsync(endorsing.Id)).Any(h => h.Action == "notified-endorsementrequested"),
            () => "the approval and endorsement requests to be mailed");
        return new Subjects(awaiting.Id, document, draft.Id, endorsing.Id, "APP-0123456789ABCDEF");
    }

    /// <summary>Denied cells: 404 where the person has no part in the subject (its existence does not leak), 403 where their part does not allow the action.</summary>
    static IEnumerable<(string Route, string Path, HttpContent? Body, string Who, int Status)> Denied(Subjects s)
    {
        string[] strangers = ["other applicant", "supervisor"];
        string[] notOwner = [.. Everyone.Where(p => p is not ("applicant" or "applicant who is a director"))];
        foreach (var who in strangers)
        {
            yield return ("GetApplication", $"applications/{s.Awaiting}", null, who, 404);
            yield return ("ListApplicationVersions", $"applications/{s.Awaiting}/versions", null, who, 404);
            yield return ("DownloadDocument", $"applications/{s.Awaiting}/documents/{s.AwaitingDocument}", null, who, 404);
            yield return ("DecideApplication", $"applications/{s.Awaiting}/decision", Decision(), who, 404);
            yield return ("ReportPaper", $"applications/{s.Awaiting}/report", Json(new { doi = "10.1103/PhysRevMaterials.1.000001" }), who, 404);
            yield return ("RecordArrival", $"applications/{s.Awaiting}/arrival", Json(new { arrivedOn = DateOnly.FromDateTime(DateTime.UtcNow) }), who, 404);
            yield return ("RequestExtension", $"applications/{s.Awaiting}/extension", Json(new { months = 1, reason = "延長" }), who, 404);
            yield return ("DecideExtension", $"applications/{s.Awaiting}/extension/decision", Decision(), who, 404);
            yield return ("StopSupport", $"applications/{s.Awaiting}/stop", Json(new { reason = "中止" }), who, 404);
        }

        foreach (var who in notOwner)
        {
            yield return ("UpdateApplication", $"applications/{s.Draft}", Json(Draft("他人の下書き")), who, 404);
            yield return ("UploadDocument", $"applications/{s.Draft}/documents", Pdf(), who, 404);
            yield return ("RemoveDocument", $"applications/{s.Awaiting}/documents/{s.AwaitingDocument}", null, who, 404);
            yield return ("SubmitApplication", $"applications/{s.Draft}/submit", null, who, 404);
            yield return ("WithdrawApplication", $"applications/{s.Awaiting}/withdraw", null, who, 404);
        }

        // Documents are fixed once submitted, for the applicant too.
        yield return ("RemoveDocument", $"applications/{s.Awaiting}/documents/{s.AwaitingDocument}", null, "applicant", 409);

        // Nobody decides or endorses their own; finance, administrators and approvers of other funds do not decide.
        foreach (var who in new[] { "applicant", "applicant who is a director", "joint-use approver", "finance", "admin" })
        {
            yield return ("DecideApplication", $"applications/{s.Awaiting}/decision", Decision(), who, 403);
        }

        // Steps after approval are never finance's nor another fund's approver's: 403 in any state, not "not now".
        foreach (var who in new[] { "finance", "joint-use approver" })
        {
            yield return ("ReportPaper", $"applications/{s.Awaiting}/report", Json(new { doi = "10.1103/PhysRevMaterials.1.000001" }), who, 403);
            yield return ("RecordArrival", $"applications/{s.Awaiting}/arrival", Json(new { arrivedOn = DateOnly.FromDateTime(DateTime.UtcNow) }), who, 403);
            yield return ("RequestExtension", $"applications/{s.Awaiting}/extension", Json(new { months = 1, reason = "延長" }), who, 403);
            yield return ("DecideExtension", $"applications/{s.Awaiting}/extension/decision", Decision(), who, 403);
            yield return ("StopSupport", $"applications/{s.Awaiting}/stop", Json(new { reason = "中止" }), who, 403);
        }

        yield return ("EndorseApplication", $"applications/{s.Endorsing}/endorsement", Endorsement(), "applicant", 404);
        yield return ("EndorseApplication", $"applications/{s.Awaiting}/endorsement", Endorsement(), "applicant", 403);
        foreach (var who in new[] { "other applicant", "director", "delegate", "joint-use approver", "finance", "admin" })
        {
            yield return ("EndorseApplication", $"applications/{s.Endorsing}/endorsement", Endorsement(), who, 403);
        }

        // An id that does not exist answers exactly as one that is not yours.
        foreach (var who in Everyone)
        {
            yield return ("GetApplication", $"applications/{s.Unknown}", null, who, 404);
        }

        // Money: only finance batches, exports, marks paid, returns and cancels; only the person or finance sets a bank account.
        foreach (var who in Everyone.Where(p => p != "finance"))
        {
            yield return ("CreatePayoutBatch", "payout-batches", null, who, 403);
            yield return ("GetPayoutBatch", "payout-batches/BATCH-0001", null, who, 403);
            yield return ("ListPayoutBatches", "payout-batches", null, who, 403);
            yield return ("ListPayoutBatchPayouts", "payout-batches/BATCH-0001/payouts", null, who, 403);
            yield return ("DownloadPayoutBatchFile", "payout-batches/BATCH-0001/file?format=csv", null, who, 403);
            yield return ("MarkPayoutBatchPaid", "payout-batches/BATCH-0001/paid", Json(new { transferDate = DateOnly.FromDateTime(DateTime.UtcNow) }), who, 403);
            yield return ("ReturnPayout", "payouts/PAY-0001/returned", Json(new { reason = "口座なし" }), who, 403);
            yield return ("CancelPayout", "payouts/PAY-0001/cancel", Json(new { reason = "取消" }), who, 403);
            yield return ("GetFinanceWork", "finance-work/paid-BATCH-0001", null, who, 403);
        }

        // Finance follows its own steps' work only: an application's workflow is not found there.
        yield return ("GetFinanceWork", "finance-work/paid-BATCH-0001", null, "finance", 404);
        yield return ("GetFinanceWork", $"finance-work/{s.Awaiting}", null, "finance", 404);

        foreach (var who in Everyone.Where(p => p is not ("applicant" or "applicant who is a director" or "finance")))
        {
            yield return ("PutBankAccount", $"people/{DemoData.Researcher.Id}/bank-account", BankAccount(), who, 403);
        }

        foreach (var who in new[] { "delegate", "joint-use approver" })
        {
            yield return ("GetReconciliation", $"reports/reconciliation?fiscalYear={ThisFiscalYear}", null, who, 403);
        }

        foreach (var who in new[] { "applicant", "other applicant", "supervisor" })
        {
            yield return ("ListApprovals", "approvals", null, who, 403);
            yield return ("GetProgramSummary", "reports/summary", null, who, 403);
            yield return ("GetReconciliation", "reports/reconciliation", null, who, 403);
        }

        // Program versions and calls: the research support office (administrators) only.
        foreach (var who in Everyone.Where(p => p != "admin"))
        {
            yield return ("ListProgramVersions", $"programs/{DemoData.ImaGaTaisetsu}/versions", null, who, 403);
            yield return ("PreviewProgramVersion", $"programs/{DemoData.ImaGaTaisetsu}/versions/preview", ProgramDefinition(2), who, 403);
            yield return ("PublishProgramVersion", $"programs/{DemoData.ImaGaTaisetsu}/versions", ProgramDefinition(2), who, 403);
            yield return ("OpenCall", $"programs/{DemoData.ImaGaTaisetsu}/calls", NextYearsCall(), who, 403);
            yield return ("MoveCallDeadline", $"programs/{DemoData.ImaGaTaisetsu}/calls/{ThisFiscalYear}/deadline", Json(new { closes = new FiscalYear(ThisFiscalYear).End }), who, 403);
            yield return ("CloseCall", $"programs/{DemoData.ImaGaTaisetsu}/calls/{ThisFiscalYear}/close", null, who, 403);
        }

        // Funds and budgets: administrators manage any fund; the director the funds they approve; everyone else none.
        foreach (var who in Everyone.Where(p => p is not ("admin" or "director" or "applicant who is a director")))
        {
            yield return ("ListFunds", "funds", null, who, 403);
        }

        foreach (var who in Everyone.Where(p => p is not ("admin" or "director")))
        {
            yield return ("GetFund", $"funds/{DemoData.DirectorFund}", null, who, 403);
            yield return ("SetFundAllocation", $"funds/{DemoData.DirectorFund}/budgets/{ThisFiscalYear}", Allocation(), who, 403);
        }

        yield return ("GetFund", $"funds/{DemoData.JointUseFund}", null, "director", 403);
        yield return ("SetFundAllocation", $"funds/{DemoData.JointUseFund}/budgets/{ThisFiscalYear}", Allocation(), "director", 403);

        // The people directory: administrators keep it; staff search it for pickers.
        foreach (var who in Everyone.Where(p => p != "admin"))
        {
            yield return ("CreateFund", "funds", NewFund(), who, 403);
            yield return ("UpdateFund", $"funds/{DemoData.DirectorFund}", NewFund(DemoData.DirectorFund), who, 403);
            yield return ("GetPerson", $"people/{DemoData.Student.Id}", null, who, 403);
            yield return ("AddPerson", "people", NewPerson(), who, 403);
            yield return ("UpdatePerson", $"people/{DemoData.Student.Id}", NewPerson(DemoData.Student.Id), who, 403);
            yield return ("ImportPeople", "people/import", PeopleCsv(), who, 403);
        }

        foreach (var who in new[] { "applicant", "other applicant", "supervisor" })
        {
            yield return ("GetAnnualReport", "reports/annual", null, who, 403);
            yield return ("GetAnnualReport", "reports/annual?from=2024&to=2026&format=csv&lang=ja", null, who, 403);
            yield return ("SearchPeople", "people?q=suzuki", null, who, 403);
        }

        // Stuck work is for administrators only: everyone else is refused, and a refused repair changes nothing.
        foreach (var who in Everyone.Except(["admin"]))
        {
            yield return ("ListStuckWorkflows", "operations/stuck", null, who, 403);
            yield return ("RepairWorkflow", $"operations/{Application.InstanceIdFor(s.Awaiting, 1)}/repair", Json(new { action = "restart" }), who, 403);
        }
    }

    static IEnumerable<(string Route, string Path, HttpContent? Body, string Who, int Status)> Allowed(Subjects s)
    {
        foreach (var who in Everyone.Except(["other applicant", "supervisor"]))
        {
            yield return ("GetApplication", $"applications/{s.Awaiting}", null, who, 200);
            yield return ("ListApplicationVersions", $"applications/{s.Awaiting}/versions", null, who, 200);
            yield return ("DownloadDocument", $"applications/{s.Awaiting}/documents/{s.AwaitingDocument}", null, who, 200);
        }

        foreach (var who in new[] { "supervisor", "other applicant" })
        {
            yield return ("GetApplication", $"applications/{s.Endorsing}", null, who, 200);
        }

        yield return ("UpdateApplication", $"applications/{s.Draft}", Json(Draft("直した下書き")), "applicant", 200);
        yield return ("UploadDocument", $"applications/{s.Draft}/documents", Pdf(), "applicant", 201);
        yield return ("EndorseApplication", $"applications/{s.Endorsing}/endorsement", Endorsement(), "supervisor", 202);
        yield return ("DecideApplication", $"applications/{s.Awaiting}/decision", Decision("return", "請求書の宛名を直してください。"), "delegate", 202);
        yield return ("WithdrawApplication", $"applications/{s.Draft}/withdraw", null, "applicant", 202);
        yield return ("PutBankAccount", $"people/{DemoData.Researcher.Id}/bank-account", BankAccount(), "applicant", 200);
        yield return ("GetBankAccount", $"people/{DemoData.Researcher.Id}/bank-account", null, "finance", 200);
        foreach (var who in new[] { "director", "finance", "admin" })
        {
            yield return ("GetReconciliation", $"reports/reconciliation?fiscalYear={ThisFiscalYear}", null, who, 200);
        }

        foreach (var who in new[] { "director", "delegate", "joint-use approver", "finance", "admin" })
        {
            yield return ("GetProgramSummary", "reports/summary", null, who, 200);
        }

        foreach (var who in new[] { "director", "delegate", "joint-use approver", "finance", "admin" })
        {
            yield return ("GetAnnualReport", "reports/annual", null, who, 200);
            yield return ("GetAnnualReport", "reports/annual?from=2024&to=2026&format=csv&lang=ja", null, who, 200);
        }

        foreach (var who in Everyone.Except(["applicant", "other applicant", "supervisor"]))
        {
            yield return ("ListApprovals", "approvals", null, who, 200);
        }

        yield return ("ListPayoutBatches", "payout-batches", null, "finance", 200);
        foreach (var who in Everyone)
        {
            yield return ("GetMe", "me", null, who, 200);
            yield return ("ListApplications", "applications", null, who, 200);
            yield return ("ListPrograms", "programs", null, who, 200);
            yield return ("ListPayouts", "payouts", null, who, 200);
        }

        yield return ("CreateApplication", "applications", Json(Draft("新しい論文")), "applicant", 201);

        foreach (var who in Everyone)
        {
            yield return ("ListCalls", "calls", null, who, 200);
        }

        foreach (var who in Everyone)
        {
            yield return ("GetOpenApi", "openapi.json", null, who, 200);
            yield return ("GetVocabulary", "vocabulary", null, who, 200);
        }

        yield return ("ListProgramVersions", $"programs/{DemoData.ImaGaTaisetsu}/versions", null, "admin", 200);
        yield return ("PreviewProgramVersion", $"programs/{DemoData.ImaGaTaisetsu}/versions/preview", ProgramDefinition(2), "admin", 200);
        yield return ("PublishProgramVersion", $"programs/{DemoData.ImaGaTaisetsu}/versions", ProgramDefinition(1), "admin", 200);
        yield return ("OpenCall", $"programs/{DemoData.ImaGaTaisetsu}/calls", NextYearsCall(), "admin", 201);
        yield return ("MoveCallDeadline", $"programs/{DemoData.ImaGaTaisetsu}/calls/{ThisFiscalYear + 1}/deadline", Json(new { closes = new FiscalYear(ThisFiscalYear + 1).End.AddDays(-1) }), "admin", 200);
        yield return ("CloseCall", $"programs/{DemoData.ImaGaTaisetsu}/calls/{ThisFiscalYear + 1}/close", null, "admin", 200);

        foreach (var who in new[] { "admin", "director", "applicant who is a director" })
        {
            yield return ("ListFunds", "funds", null, who, 200);
        }

        foreach (var who in new[] { "admin", "director" })
        {
            yield return ("GetFund", $"funds/{DemoData.DirectorFund}", null, who, 200);
            yield return ("SetFundAllocation", $"funds/{DemoData.DirectorFund}/budgets/{ThisFiscalYear}", Allocation(), who, 200);
        }

        yield return ("SetFundAllocation", $"funds/{DemoData.JointUseFund}/budgets/{ThisFiscalYear}", Allocation(), "admin", 200);
        yield return ("CreateFund", "funds", NewFund(), "admin", 201);
        yield return ("UpdateFund", $"funds/{DemoData.DirectorFund}", NewFund(DemoData.DirectorFund), "admin", 200);
        foreach (var who in Everyone.Except(["applicant", "other applicant", "supervisor"]))
        {
            yield return ("SearchPeople", "people?q=suzuki", null, who, 200);
        }

        yield return ("GetPerson", $"people/{DemoData.Student.Id}", null, "admin", 200);
        yield return ("AddPerson", "people", NewPerson(), "admin", 201);
        yield return ("UpdatePerson", $"people/{DemoData.Student.Id}", NewPerson(DemoData.Student.Id), "admin", 200);
        yield return ("ImportPeople", "people/import?dryRun=true", PeopleCsv(), "admin", 200);
        yield return ("ImportPeople", "people/import", PeopleCsv(), "admin", 200);
        yield return ("ListStuckWorkflows", "operations/stuck", null, "admin", 200);
        // Everyone signed in has a home; it lists only what waits for that person.
        foreach (var who in Everyone)
        {
            yield return ("GetToDo", "todo", null, who, 200);
        }

        // Everyone signed in may use the people picker (name and department only), to name a supervisor or host.
        foreach (var who in Everyone)
        {
            yield return ("FindPerson", $"people-search?q={Uri.EscapeDataString("加藤")}", null, who, 200);
        }
    }

    /// <summary>The shipped definition of 今が大切 under a version number (1 is the one published).</summary>
    static StringContent ProgramDefinition(int version)
    {
        var definition = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(Infrastructure.Repository.Root, "programs", DemoData.ImaGaTaisetsu + ".json")))!;
        definition["version"] = version;
        return new StringContent(definition.ToJsonString(), Encoding.UTF8, "application/json");
    }

    /// <summary>Next fiscal year's call, scheduled from its first day (this year's whole-year call ends the day before).</summary>
    static StringContent NextYearsCall()
    {
        var next = new FiscalYear(ThisFiscalYear + 1);
        return Json(new { fiscalYear = next.Year, opens = next.Start, closes = next.End });
    }

    static async Task ExpectAsync(ApiHost host, string routeName, string path, HttpContent? body, string who, int status, List<string> failures)
    {
        var route = ApiRoutes.Named(routeName);
        using var client = Client(host, who);
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), "/api/" + path) { Content = body };
        using var response = await client.SendAsync(request);
        if ((int)response.StatusCode != status)
        {
            failures.Add($"{routeName} {path} as {who}: expected {status}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        else if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            failures.Add($"{routeName} {path} as {who}: {status} without a problem body");
        }
    }

    static int ThisFiscalYear => DateTime.UtcNow.AddHours(9) is var japan && japan.Month >= 4 ? japan.Year : japan.Year - 1;

    static HttpClient Client(ApiHost host, string who) => host.ClientFor(People[who].Id, People[who].Roles);

    static StringContent Json(object value) => new StringContent(JsonSerializer.Serialize(value, GrantsJson.Options), Encoding.UTF8, "application/json");

    static StringContent Decision(string decision = "approve", string comment = "") => Json(new DecisionRequest(decision, comment));

    static StringContent Endorsement() => Json(new EndorsementRequest("endorse", "推薦します。"));

    static StringContent BankAccount() => Json(new { bankCode = "0001", branchCode = "001", accountType = "ordinary", accountNumber = "1234567", holderKana = "タナカ ハナコ" });

    static StringContent Allocation() => Json(new { allocation = 20_000_000, reason = "補正予算" });

    static StringContent NewFund(string id = "kakenhi-indirect") => Json(new
    {
        id, nameJa = "科研費間接経費", nameEn = "KAKENHI indirect costs", budgetCode = "KAK-002", approverId = DemoData.Director.Id, escalationContactId = DemoData.Admin.Id,
    });

    static StringContent NewPerson(string id = "watanabe@example.ac.jp") => Json(new
    {
        id, name = "渡辺 美咲", nameKana = "ワタナベ ミサキ", email = id, position = "graduateStudent", department = "物質科学部門", enrolled = true, supervisorId = DemoData.Supervisor.Id,
    });

    static StringContent PeopleCsv() => new("サインイン名,氏名,メールアドレス,職位\r\nokada@example.ac.jp,岡田 健,okada@example.ac.jp,研究員\r\n", Encoding.UTF8, "text/csv");

    static MultipartFormDataContent Pdf()
    {
        var file = new ByteArrayContent("%PDF-1.4\n%%EOF\n"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return new MultipartFormDataContent { { new StringContent("invoice"), "kind" }, { file, "file", "invoice.pdf" } };
    }
}
