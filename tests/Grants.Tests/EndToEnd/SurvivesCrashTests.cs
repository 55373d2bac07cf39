using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grants.Tests.Infrastructure;
using Grants.Workflows.Demo;
using Xunit.Abstractions;
using static Grants.Tests.Programs.ProgramHttp;

namespace Grants.Tests.EndToEnd;

/// <summary>
/// The walking skeleton over HTTP against the local runtime as a real process: a young researcher applies, the
/// process is killed with SIGKILL while the application waits for the director, restarted, and the approval still
/// produces exactly one payout and one reservation, which finance batches and downloads as CSV.
/// </summary>
[Trait("Kind", "EndToEnd")]
public sealed class SurvivesCrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Application_survives_a_kill_while_awaiting_approval_and_is_paid_exactly_once()
    {
        var azurite = await Azurite.SharedAsync();
        await using var runtime = await LocalRuntime.StartAsync(azurite);
        await runtime.ExplainFailureAsync(output, async () =>
        {
            using var applicant = runtime.ClientFor(DemoData.Researcher.Id, "applicant");
            var id = await DraftPaperAsync(applicant, 264_000);

            var clock = Stopwatch.StartNew();
            Assert.Equal(HttpStatusCode.Accepted, (await applicant.PostAsync($"/api/applications/{id}/submit", null)).StatusCode);
            await WaitForStatusAsync(applicant, id, "awaitingApproval");
            output.WriteLine($"submit → awaitingApproval: {clock.ElapsedMilliseconds} ms");

            await runtime.KillAsync();
            await runtime.StartAsync();

            using var director = runtime.ClientFor(DemoData.Director.Id, "director");
            var decision = await director.PostAsJsonAsync($"/api/applications/{id}/decision", new { decision = "approve", comment = "Important result; approved." });
            Assert.Equal(HttpStatusCode.Accepted, decision.StatusCode);
            var approved = await WaitForStatusAsync(director, id, "approved");

            Assert.Equal(264_000, approved["budget"]!["reserved"]!.GetValue<long>());
            using var finance = runtime.ClientFor(DemoData.Finance.Id, "finance");
            var payouts = (await finance.GetFromJsonAsync<JsonArray>("/api/payouts"))!;
            var payout = Assert.Single(payouts);
            Assert.Equal($"PO-{id}", payout!["id"]!.GetValue<string>());
            Assert.Equal(264_000, payout["amount"]!.GetValue<long>());

            var batch = await finance.PostAsync("/api/payout-batches", null);
            Assert.Equal(HttpStatusCode.Created, batch.StatusCode);
            var csvResponse = await finance.GetAsync(batch.Headers.Location);
            Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType!.MediaType);
            var csv = await csvResponse.Content.ReadAsStringAsync();
            Assert.Single(csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries), line => line.Contains($"PO-{id}", StringComparison.Ordinal));
            Assert.Contains("264000", csv, StringComparison.Ordinal);

            var mail = (await applicant.GetFromJsonAsync<JsonArray>($"/dev/mail?to={DemoData.Researcher.Email}"))!;
            Assert.Contains(mail, m => m!["subject"]!.GetValue<string>().Contains("承認されました", StringComparison.Ordinal));
        });
    }

    static async Task<JsonNode> WaitForStatusAsync(HttpClient client, string id, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonNode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await client.GetFromJsonAsync<JsonNode>($"/api/applications/{id}");
            if (last!["application"]!["status"]!.GetValue<string>() == status)
            {
                return last;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{id} did not reach {status}; last seen: {last?.ToJsonString(new JsonSerializerOptions { WriteIndented = true })}");
    }
}
