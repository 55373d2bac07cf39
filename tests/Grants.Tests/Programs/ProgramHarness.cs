using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grants.Tests.Infrastructure;
using Grants.Tests.Orchestration;
using Grants.Workflows.Access;
using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Grants.Workflows.Funds;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using static Grants.Tests.Orchestration.WorkflowHarness;

namespace Grants.Tests.Programs;

/// <summary>
/// What the program tests add to <see cref="WorkflowHarness"/>: the other people of the demo directory as actors,
/// drafts for the graduate and international fellowships, documents of any kind, and waits with their own deadline.
/// </summary>
public static class ProgramHarness
{
    public static readonly Actor Supervisor = new(DemoData.Supervisor.Id, new HashSet<string> { Roles.Applicant });

    public static readonly Actor InternationalStudent = new(DemoData.InternationalStudent.Id, new HashSet<string> { Roles.Applicant });

    public static readonly Actor JointUseApprover = new(DemoData.JointUseApprover.Id, new HashSet<string> { Roles.Approver });

    public static readonly Actor Admin = new(DemoData.Admin.Id, new HashSet<string> { Roles.Admin });

    public static readonly Partner SendingUniversity = new("Partner University of Technology", "Prof. Tran Van Minh", "tran@partner.example.edu");

    static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();

    /// <summary>How long a monthly award may take from approval to completed on a busy machine.</summary>
    public static readonly TimeSpan LongWait = TimeSpan.FromSeconds(120);

    /// <summary>Today in Japan, the calendar the API judges dates by.</summary>
    public static DateOnly JapanToday => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9)).DateTime);

    /// <summary>RA employment on international joint research: one monthly line, the supervisor named.</summary>
    public static DraftRequest RaDraft(int months = 3, long monthly = 80_000, string? endorserId = "kato@example.ac.jp", string title = "日越共同研究：酸化物界面の第一原理計算") =>
        new(DemoData.GraduateFellowship, new Paper(title, "International joint research with Partner University", false),
            [new ExpenseLine(ExpenseKind.ResearchAssistantMonthly, new Yen(monthly), "RA 月額")], EndorserId: endorserId, Months: months);

    /// <summary>An international student's fellowship: pre- and post-arrival rates, the sending university, the host named.</summary>
    public static DraftRequest InternationalDraft(int months = 2, DateOnly? expectedArrival = null) =>
        new(DemoData.InternationalFellowship, new Paper("Remote joint research on perovskite thin films", "Joint research plan", false),
            [
                new ExpenseLine(ExpenseKind.PreArrivalMonthly, new Yen(50_000), "来日前 月額"),
                new ExpenseLine(ExpenseKind.PostArrivalMonthly, new Yen(150_000), "来日後 月額"),
            ],
            EndorserId: DemoData.Supervisor.Id, Months: months, SendingUniversity: SendingUniversity, ExpectedArrival: expectedArrival ?? JapanToday.AddMonths(1));

    public static async Task AttachAsync(this WorkflowHarness harness, Actor applicant, string applicationId, DocumentKind kind)
    {
        using var content = new MemoryStream(Pdf);
        var document = Ok(await harness.Documents.AddDocumentAsync(applicant, applicationId, new DocumentUpload(kind.ToString(), $"{kind}.pdf", "application/pdf", content, Pdf.Length)));
        Assert.Equal(kind, document.Kind);
    }

    /// <summary>Drafts, attaches the given documents and submits, as a person would through the API.</summary>
    public static async Task<Application> SubmitWithAsync(this WorkflowHarness harness, Actor applicant, DraftRequest draft, params DocumentKind[] documents)
    {
        var (application, created) = Ok(await harness.Drafts.CreateDraftAsync(applicant, draft, idempotencyKey: null));
        Assert.True(created);
        foreach (var kind in documents)
        {
            await harness.AttachAsync(applicant, application.Id, kind);
        }

        var submitted = Ok(await harness.Submission.SubmitAsync(applicant, application.Id));
        Assert.Equal(ApplicationStatus.Submitted, submitted.Status);
        return submitted;
    }

    public static async Task<Application> CurrentAsync(this WorkflowHarness harness, string applicationId) =>
        (await harness.Applications.GetAsync(applicationId))!.Value;

    public static async Task<FundBudget> BudgetAsync(this WorkflowHarness harness, string fundId) =>
        (await harness.Funds.GetBudgetAsync(fundId, harness.Year))!;

    /// <summary>The payouts of months 1..<paramref name="upTo"/> that exist, by their deterministic ids.</summary>
    public static async Task<IReadOnlyList<Payout>> MonthlyPayoutsAsync(this WorkflowHarness harness, string applicationId, int upTo = 30)
    {
        var found = new List<Payout>();
        for (var month = 1; month <= upTo; month++)
        {
            if (await harness.Payouts.GetAsync(Payout.IdFor(applicationId, month)) is { } payout)
            {
                found.Add(payout);
            }
        }

        return found;
    }

    public static Task<Payout> WaitForPayoutAsync(this WorkflowHarness harness, string applicationId, int month, TimeSpan? timeout = null) =>
        WaitForAsync(() => harness.Payouts.GetAsync(Payout.IdFor(applicationId, month)), $"payout {Payout.IdFor(applicationId, month)}", timeout);

    public static Task<Application> WaitForAsync(this WorkflowHarness harness, string applicationId, Func<Application, bool> condition, string what, TimeSpan? timeout = null) =>
        WaitForAsync(async () => await harness.CurrentAsync(applicationId) is var a && condition(a) ? a : null, $"{applicationId}: {what}", timeout);

    public static Task<Application> WaitForStatusAsync(this WorkflowHarness harness, string applicationId, ApplicationStatus status, TimeSpan timeout) =>
        harness.WaitForAsync(applicationId, a => a.Status == status, $"status {status}", timeout);

    public static Task<SentMessage> WaitForMailAsync(this WorkflowHarness harness, string to, string subjectContains, int count, TimeSpan? timeout = null) =>
        WaitForAsync(
            () => Task.FromResult(harness.Mail.To(to).Where(m => m.Subject.Contains(subjectContains, StringComparison.Ordinal)).Skip(count - 1).FirstOrDefault()),
            $"mail #{count} to {to} about '{subjectContains}'; got: {string.Join(" | ", harness.Mail.Messages.Select(m => m.To + ": " + m.Subject))}",
            timeout);

    public static int MailCount(this WorkflowHarness harness, string to, string subjectContains) =>
        harness.Mail.To(to).Count(m => m.Subject.Contains(subjectContains, StringComparison.Ordinal));

    /// <summary>The audit actions recorded on an application, oldest first.</summary>
    public static async Task<IReadOnlyList<AuditEntry>> HistoryAsync(this WorkflowHarness harness, string applicationId) =>
        Ok(await harness.Queries.GetAsync(Director, applicationId)).History;

    public static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? WorkflowHarness.Timeout);
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Waited {(timeout ?? WorkflowHarness.Timeout).TotalSeconds} s for {what}.");
            }

            await Task.Delay(100);
        }
    }
}

/// <summary>Steps the end-to-end tests of the three programs share, spoken over HTTP to the local runtime.</summary>
public static class ProgramHttp
{
    static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();

    /// <summary>Creates a draft from a JSON body, attaches PDFs of the given kinds (camelCase), submits it; returns its id.</summary>
    public static async Task<string> CreateAndSubmitAsync(HttpClient applicant, object draft, params string[] documentKinds)
    {
        var id = await DraftWithDocumentsAsync(applicant, draft, documentKinds);
        var submitted = await applicant.PostAsync($"/api/applications/{id}/submit", null);
        Assert.True(submitted.StatusCode == HttpStatusCode.Accepted, await submitted.Content.ReadAsStringAsync());
        return id;
    }

    /// <summary>Creates a draft from a JSON body (answered 201 with its location) and attaches PDFs of the given kinds; returns its id.</summary>
    public static async Task<string> DraftWithDocumentsAsync(HttpClient applicant, object draft, params string[] documentKinds)
    {
        var created = await applicant.PostAsJsonAsync("/api/applications", draft);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonNode>())!["application"]!["id"]!.GetValue<string>();
        Assert.Equal($"/api/applications/{id}", created.Headers.Location!.OriginalString);
        foreach (var kind in documentKinds)
        {
            using var form = new MultipartFormDataContent
            {
                { new StringContent(kind), "kind" },
                { new ByteArrayContent(Pdf) { Headers = { ContentType = new("application/pdf") } }, "file", kind + ".pdf" },
            };
            var uploaded = await applicant.PostAsync($"/api/applications/{id}/documents", form);
            Assert.True(uploaded.StatusCode == HttpStatusCode.Created, await uploaded.Content.ReadAsStringAsync());
        }

        return id;
    }

    /// <summary>Submits a publication-fee application (今が大切) for an open-access charge, with its invoice; returns its id.</summary>
    public static Task<string> SubmitPaperAsync(HttpClient applicant, string title = "Strain-tuned interface magnetism", long amount = 264_000) =>
        CreateAndSubmitAsync(applicant, Paper(title, amount), "invoice");

    /// <summary>A publication-fee draft (今が大切) for an open-access charge, with its invoice attached but not submitted; returns its id.</summary>
    public static Task<string> DraftPaperAsync(HttpClient applicant, long amount, string title = "Strain-tuned magnetism in thin films") =>
        DraftWithDocumentsAsync(applicant, Paper(title, amount), "invoice");

    static object Paper(string title, long amount) => new
    {
        programId = DemoData.ImaGaTaisetsu,
        paper = new { title, journal = "Physical Review Materials", jointUseResearch = false },
        lines = new[] { new { kind = "openAccessCharge", amount, description = "Article processing charge" } },
    };

    /// <summary>Submits the international student's fellowship application (arriving in 30 days, the supervisor as host,
    /// with nomination and admission papers) for <paramref name="months"/> months; returns its id.</summary>
    public static Task<string> SubmitInternationalFellowshipAsync(HttpClient student, int months) =>
        CreateAndSubmitAsync(student, new
        {
            programId = DemoData.InternationalFellowship,
            paper = new { title = "Remote joint research on perovskite thin films", journal = "Joint research plan", jointUseResearch = false },
            lines = new[]
            {
                new { kind = "preArrivalMonthly", amount = 50_000, description = "Before arrival" },
                new { kind = "postArrivalMonthly", amount = 150_000, description = "After arrival" },
            },
            endorserId = DemoData.Supervisor.Id,
            months,
            sendingUniversity = new { institution = "Partner University of Technology", contactName = "Prof. Tran Van Minh", contactEmail = "tran@partner.example.edu" },
            expectedArrival = ProgramHarness.JapanToday.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        }, "nomination", "admissionPapers");

    /// <summary>POSTs a JSON body and expects 202 Accepted (the action was passed to the workflow).</summary>
    public static async Task PostAcceptedAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>POSTs a JSON body and expects a problem with the given status.</summary>
    public static async Task<JsonNode> PostProblemAsync(HttpClient client, string path, object body, HttpStatusCode status)
    {
        var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"POST {path}: expected {(int)status}, got {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!;
    }

    /// <summary>Polls the application view until the condition holds on it.</summary>
    public static async Task<JsonNode> WaitForAsync(HttpClient client, string id, Func<JsonNode, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(120));
        JsonNode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await client.GetFromJsonAsync<JsonNode>($"/api/applications/{id}");
            if (condition(last!))
            {
                return last!;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{id} did not reach '{what}'; last seen: {last?.ToJsonString(new JsonSerializerOptions { WriteIndented = true })}");
    }

    public static Task<JsonNode> WaitForStatusAsync(HttpClient client, string id, string status, TimeSpan? timeout = null) =>
        WaitForAsync(client, id, v => v["application"]!["status"]!.GetValue<string>() == status, status, timeout);

    /// <summary>The payouts of one application as finance lists them, by id.</summary>
    public static async Task<IReadOnlyDictionary<string, long>> PayoutsOfAsync(HttpClient finance, string applicationId)
    {
        var payouts = (await finance.GetFromJsonAsync<JsonArray>("/api/payouts"))!;
        return payouts.Where(p => p!["applicationId"]!.GetValue<string>() == applicationId)
            .ToDictionary(p => p!["id"]!.GetValue<string>(), p => p!["amount"]!.GetValue<long>());
    }

    /// <summary>Subjects of the mail captured for one address.</summary>
    public static async Task<IReadOnlyList<string>> MailSubjectsAsync(HttpClient client, string email) =>
        (await client.GetFromJsonAsync<JsonArray>($"/dev/mail?to={Uri.EscapeDataString(email)}"))!.Select(m => m!["subject"]!.GetValue<string>()).ToList();

    public static async Task<IReadOnlyList<string>> WaitForMailAsync(HttpClient client, string email, string subjectContains)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var subjects = await MailSubjectsAsync(client, email);
            if (subjects.Any(s => s.Contains(subjectContains, StringComparison.Ordinal)))
            {
                return subjects;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No mail to {email} about '{subjectContains}'; got: {string.Join(" | ", subjects)}");
            }

            await Task.Delay(200);
        }
    }

    public static IEnumerable<string> Actions(JsonNode view, string name) =>
        view["history"]!.AsArray().Where(h => h!["action"]!.GetValue<string>() == name).Select(h => h!["detail"]!.GetValue<string>());
}
