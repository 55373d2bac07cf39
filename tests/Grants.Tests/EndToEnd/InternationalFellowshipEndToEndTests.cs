using System.Net;
using Grants.Tests.Infrastructure;
using Grants.Workflows.Demo;
using Xunit.Abstractions;
using static Grants.Tests.Programs.ProgramHttp;

namespace Grants.Tests.EndToEnd;

/// <summary>
/// The international-student fellowship over HTTP against the local runtime: the host researcher endorses, the
/// director approves, month 1 is paid at the pre-arrival rate, the expected arrival moves, the host records the
/// arrival, the student's extension is granted, and the extra month is paid at the post-arrival rate.
/// </summary>
[Trait("Kind", "EndToEnd")]
public sealed class InternationalFellowshipEndToEndTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Endorse_approve_arrival_extension_and_completed()
    {
        var azurite = await Azurite.SharedAsync();
        // A "month" of a minute: the extension must be asked for within the only month (a single request); its decision
        // may come later, as support waits for it.
        await using var runtime = await LocalRuntime.StartAsync(azurite, "--Workflow:PaymentEvery", "00:01:00");
        await runtime.ExplainFailureAsync(output, async () =>
        {
            using var student = runtime.ClientFor(DemoData.InternationalStudent.Id, "applicant");
            using var host = runtime.ClientFor(DemoData.Supervisor.Id, "applicant");
            using var director = runtime.ClientFor(DemoData.Director.Id, "director");
            using var finance = runtime.ClientFor(DemoData.Finance.Id, "finance");
            var today = Programs.ProgramHarness.JapanToday;

            var id = await SubmitInternationalFellowshipAsync(student, months: 1);

            await WaitForStatusAsync(host, id, "awaitingEndorsement");
            await PostAcceptedAsync(host, $"/api/applications/{id}/endorsement", new { decision = "endorse", comment = "受入研究者として推薦します。" });
            await WaitForStatusAsync(director, id, "awaitingApproval");
            await PostAcceptedAsync(director, $"/api/applications/{id}/decision", new { decision = "approve" });

            // Month 1, before arrival, at the pre-arrival rate; every possible month is reserved at the higher rate.
            var first = await WaitForAsync(director, id, v => v["application"]!["paidMonths"]!.GetValue<int>() == 1, "month 1 paid");
            Assert.Equal(150_000, first["budget"]!["reserved"]!.GetValue<long>());
            Assert.Equal(new Dictionary<string, long> { [$"PO-{id}-M01"] = 50_000 }, await PayoutsOfAsync(finance, id));

            // The student asks for one more month while it is still the only month (support waits for the decision, however
            // long it takes); more than the program allows is refused.
            await PostProblemAsync(student, $"/api/applications/{id}/extension", new { months = 25, reason = "Two more years" }, HttpStatusCode.BadRequest);
            await PostAcceptedAsync(student, $"/api/applications/{id}/extension", new { months = 1, reason = "One more month of experiments after arrival." });

            // The expected date moves; then the host records the arrival. The student may do neither.
            var later = today.AddDays(45).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            await PostProblemAsync(student, $"/api/applications/{id}/arrival", new { expectedOn = later }, HttpStatusCode.Forbidden);
            await PostProblemAsync(host, $"/api/applications/{id}/arrival", new { }, HttpStatusCode.BadRequest);
            await PostAcceptedAsync(host, $"/api/applications/{id}/arrival", new { expectedOn = later });
            await WaitForAsync(host, id, v => v["application"]!["expectedArrival"]?.GetValue<string>() == later, "expected arrival moved");
            var arrivedOn = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            await PostAcceptedAsync(host, $"/api/applications/{id}/arrival", new { arrivedOn });
            await WaitForAsync(host, id, v => v["application"]!["arrivedOn"]?.GetValue<string>() == arrivedOn, "arrival recorded");

            // Only the director decides the extension.
            await PostProblemAsync(student, $"/api/applications/{id}/extension/decision", new { decision = "approve" }, HttpStatusCode.Forbidden);
            await PostAcceptedAsync(director, $"/api/applications/{id}/extension/decision", new { decision = "approve", comment = "延長を認めます。" });
            var extended = await WaitForAsync(director, id, v => v["application"]!["extensionMonths"]?.GetValue<int>() == 1, "extension granted");
            Assert.Equal(300_000, extended["budget"]!["reserved"]!.GetValue<long>());

            // The extra month is paid after arrival, at the post-arrival rate; then support ends and the unpaid rest is released.
            var completed = await WaitForAsync(director, id,
                v => v["application"]!["status"]!.GetValue<string>() == "completed" && Actions(v, "support-ended").Any(), "completed and support ended", TimeSpan.FromSeconds(360));
            Assert.Equal(2, completed["application"]!["paidMonths"]!.GetValue<int>());
            Assert.Equal(200_000, completed["budget"]!["reserved"]!.GetValue<long>());
            Assert.Equal(new Dictionary<string, long> { [$"PO-{id}-M01"] = 50_000, [$"PO-{id}-M02"] = 150_000 }, await PayoutsOfAsync(finance, id));
            Assert.Single(Actions(completed, "arrivalexpected"));
            Assert.Single(Actions(completed, "arrived"));
            Assert.Single(Actions(completed, "extension-approved"));
            var mail = await WaitForMailAsync(student, DemoData.InternationalStudent.Email, "支援が終了しました");
            Assert.Contains(mail, s => s.Contains("支援期間の延長", StringComparison.Ordinal));
            Assert.Contains(mail, s => s.Contains("来日を記録しました", StringComparison.Ordinal));
        });
    }
}
