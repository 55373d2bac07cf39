using System.Net;
using Grants.Tests.Infrastructure;
using Grants.Workflows.Demo;
using Xunit.Abstractions;
using static Grants.Tests.Programs.ProgramHttp;

namespace Grants.Tests.EndToEnd;

/// <summary>
/// The graduate-student fellowship over HTTP against the local runtime: the supervisor endorses RA employment, the
/// director approves, and the durable timer pays one payout a month (a month is two seconds here) until support ends.
/// </summary>
[Trait("Kind", "EndToEnd")]
public sealed class GraduateFellowshipEndToEndTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RA_support_is_endorsed_approved_paid_monthly_and_completed()
    {
        var azurite = await Azurite.SharedAsync();
        await using var runtime = await LocalRuntime.StartAsync(azurite, "--Workflow:PaymentEvery", "00:00:02");
        await runtime.ExplainFailureAsync(output, async () =>
        {
            using var student = runtime.ClientFor(DemoData.Student.Id, "applicant");
            using var supervisor = runtime.ClientFor(DemoData.Supervisor.Id, "applicant");
            using var director = runtime.ClientFor(DemoData.Director.Id, "director");
            using var finance = runtime.ClientFor(DemoData.Finance.Id, "finance");

            var id = await CreateAndSubmitAsync(student, new
            {
                programId = DemoData.GraduateFellowship,
                paper = new { title = "First-principles study of oxide interfaces (joint research)", journal = "Partner University", jointUseResearch = false },
                lines = new[] { new { kind = "researchAssistantMonthly", amount = 80_000, description = "RA monthly" } },
                endorserId = DemoData.Supervisor.Id,
                months = 2,
            }, "employmentPlan");

            await WaitForStatusAsync(supervisor, id, "awaitingEndorsement");
            await WaitForMailAsync(supervisor, DemoData.Supervisor.Email, "推薦のお願い");
            // The student cannot endorse their own application; the director cannot approve before the endorsement.
            await PostProblemAsync(student, $"/api/applications/{id}/endorsement", new { decision = "endorse" }, HttpStatusCode.Forbidden);
            await PostProblemAsync(director, $"/api/applications/{id}/decision", new { decision = "approve" }, HttpStatusCode.Conflict);

            await PostAcceptedAsync(supervisor, $"/api/applications/{id}/endorsement", new { decision = "endorse", comment = "推薦します。" });
            var endorsed = await WaitForStatusAsync(director, id, "awaitingApproval");
            Assert.Equal(DemoData.Supervisor.Id, endorsed["application"]!["endorsement"]!["endorserId"]!.GetValue<string>());

            await PostAcceptedAsync(director, $"/api/applications/{id}/decision", new { decision = "approve", comment = "承認します。" });
            var approved = await WaitForStatusAsync(director, id, "approved");
            Assert.Equal(160_000, approved["budget"]!["reserved"]!.GetValue<long>());

            var completed = await WaitForAsync(director, id,
                v => v["application"]!["status"]!.GetValue<string>() == "completed" && Actions(v, "support-ended").Any(), "completed and support ended", TimeSpan.FromSeconds(240));
            Assert.Equal(2, completed["application"]!["paidMonths"]!.GetValue<int>());
            Assert.Equal(2, Actions(completed, "monthly-payout-created").Count());
            Assert.Single(Actions(completed, "support-ended"));
            Assert.Equal(160_000, completed["budget"]!["reserved"]!.GetValue<long>());

            var payouts = await PayoutsOfAsync(finance, id);
            Assert.Equal(new Dictionary<string, long> { [$"PO-{id}-M01"] = 80_000, [$"PO-{id}-M02"] = 80_000 }, payouts);
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Equal(2, (await PayoutsOfAsync(finance, id)).Count);

            var mail = await WaitForMailAsync(student, DemoData.Student.Email, "支援が終了しました");
            Assert.Contains(mail, s => s.Contains("1か月目の支援", StringComparison.Ordinal));
            Assert.Contains(mail, s => s.Contains("2か月目の支援", StringComparison.Ordinal));
        });
    }
}
