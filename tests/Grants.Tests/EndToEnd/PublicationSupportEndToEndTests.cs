using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grants.Tests.Infrastructure;
using Grants.Workflows.Demo;
using Xunit.Abstractions;
using static Grants.Tests.Programs.ProgramHttp;

namespace Grants.Tests.EndToEnd;

/// <summary>
/// Young-researcher publication support over HTTP against the local runtime: submit, approve, report the paper's DOI
/// (after a reminder and an overdue notice), completed; the summary counts it.
/// </summary>
[Trait("Kind", "EndToEnd")]
public sealed class PublicationSupportEndToEndTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Submit_approve_report_the_DOI_and_the_application_is_completed()
    {
        var azurite = await Azurite.SharedAsync();
        await using var runtime = await LocalRuntime.StartAsync(azurite, "--Workflow:ReportReminderEvery", "00:00:02", "--Workflow:ReportDueAfter", "00:00:15");
        await runtime.ExplainFailureAsync(output, async () =>
        {
            using var applicant = runtime.ClientFor(DemoData.Researcher.Id, "applicant");
            using var director = runtime.ClientFor(DemoData.Director.Id, "director");
            using var finance = runtime.ClientFor(DemoData.Finance.Id, "finance");

            var id = await CreateAndSubmitAsync(applicant, new
            {
                programId = DemoData.ImaGaTaisetsu,
                paper = new { title = "Strain-tuned interface magnetism in oxide films", journal = "Physical Review Materials", jointUseResearch = false },
                lines = new object[]
                {
                    new { kind = "englishProofreading", amount = 45_000, description = "English proofreading" },
                    new { kind = "openAccessCharge", amount = 264_000, description = "Article processing charge" },
                },
            }, "invoice");
            var awaiting = await WaitForStatusAsync(director, id, "awaitingApproval");
            Assert.Equal(DemoData.DirectorFund, awaiting["application"]!["fundId"]!.GetValue<string>());
            Assert.Contains("decide", awaiting["allowedActions"]!.AsArray().Select(a => a!.GetValue<string>()));

            // The applicant cannot report before approval, nor decide their own application.
            await PostProblemAsync(applicant, $"/api/applications/{id}/report", new { doi = "10.1234/abcd" }, HttpStatusCode.Conflict);
            await PostProblemAsync(applicant, $"/api/applications/{id}/decision", new { decision = "approve" }, HttpStatusCode.Forbidden);

            await PostAcceptedAsync(director, $"/api/applications/{id}/decision", new { decision = "approve", comment = "重要な成果です。" });
            var approved = await WaitForStatusAsync(applicant, id, "approved");
            Assert.NotNull(approved["application"]!["reportDue"]);
            Assert.Contains("report", approved["allowedActions"]!.AsArray().Select(a => a!.GetValue<string>()));
            var payouts = await PayoutsOfAsync(finance, id);
            Assert.Equal(new Dictionary<string, long> { [$"PO-{id}"] = 309_000 }, payouts);

            await WaitForMailAsync(applicant, DemoData.Researcher.Email, "論文掲載の報告のお願い");
            await WaitForMailAsync(applicant, DemoData.Researcher.Email, "報告期限を過ぎています");

            var invalid = await PostProblemAsync(applicant, $"/api/applications/{id}/report", new { doi = "doi:abcd" }, HttpStatusCode.BadRequest);
            Assert.NotNull(invalid["errors"]!["doi"]);
            await PostProblemAsync(director, $"/api/applications/{id}/report", new { doi = "10.1234/abcd" }, HttpStatusCode.Forbidden);
            await PostAcceptedAsync(applicant, $"/api/applications/{id}/report", new { doi = "10.1234/abcd" });

            var completed = await WaitForAsync(applicant, id,
                v => v["application"]!["status"]!.GetValue<string>() == "completed" && Actions(v, "report").Any(), "completed with the report in its history");
            Assert.Equal("10.1234/abcd", completed["application"]!["report"]!["doi"]!.GetValue<string>());
            Assert.Contains("DOI 10.1234/abcd.", Actions(completed, "report"));
            await WaitForMailAsync(applicant, DemoData.Researcher.Email, "ご報告ありがとうございました");
            await PostProblemAsync(applicant, $"/api/applications/{id}/report", new { doi = "10.1234/efgh" }, HttpStatusCode.Conflict);

            // Still exactly one payout, and the summary counts the paper.
            Assert.Single(await PayoutsOfAsync(finance, id));
            var summary = (await director.GetFromJsonAsync<JsonNode>("/api/reports/summary"))!;
            var line = summary["programs"]!.AsArray().Single(p => p!["programId"]!.GetValue<string>() == DemoData.ImaGaTaisetsu)!;
            Assert.Equal(1, line["received"]!.GetValue<int>());
            Assert.Equal(1, line["approved"]!.GetValue<int>());
            Assert.Equal(309_000, line["reserved"]!.GetValue<long>());
            Assert.Equal(HttpStatusCode.Forbidden, (await applicant.GetAsync("/api/reports/summary")).StatusCode);
        });
    }
}
