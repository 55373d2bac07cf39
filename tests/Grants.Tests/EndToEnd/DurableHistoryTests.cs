using Azure.Data.Tables;
using Grants.Tests.Infrastructure;
using Grants.Workflows.Demo;
using Xunit.Abstractions;
using static Grants.Tests.Programs.ProgramHttp;

namespace Grants.Tests.EndToEnd;

/// <summary>
/// An application's workflow, whose award runs as a sub-orchestration that continues as new, keeps a history the
/// engine can read back: after a restart in the middle of the award the engine replays it from the table, the award
/// ends, and the application's workflow completes. Every history row is an event with its type.
/// </summary>
[Trait("Kind", "EndToEnd")]
public sealed class DurableHistoryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_application_workflow_completes_after_a_restart_during_its_award()
    {
        var azurite = await Azurite.SharedAsync();
        await using var runtime = await LocalRuntime.StartAsync(azurite, "--Workflow:PaymentEvery", "00:00:03");
        await runtime.ExplainFailureAsync(output, async () =>
        {
            using var student = runtime.ClientFor(DemoData.InternationalStudent.Id, "applicant");
            using var host = runtime.ClientFor(DemoData.Supervisor.Id, "applicant");
            using var director = runtime.ClientFor(DemoData.Director.Id, "director");
            var id = await SubmitInternationalFellowshipAsync(student, months: 2);
            await WaitForStatusAsync(host, id, "awaitingEndorsement");
            await PostAcceptedAsync(host, $"/api/applications/{id}/endorsement", new { decision = "endorse" });
            await WaitForStatusAsync(director, id, "awaitingApproval");
            await PostAcceptedAsync(director, $"/api/applications/{id}/decision", new { decision = "approve" });
            await WaitForAsync(director, id, v => v["application"]!["paidMonths"]!.GetValue<int>() >= 1, "month 1 paid");

            // The restart empties the engine's memory: from here on it reads the application's workflow from the table.
            await runtime.KillAsync();
            await runtime.StartAsync();

            var instances = new TableClient(azurite.ConnectionString, runtime.TaskHub + "Instances");
            var workflow = $"{id}-s1";
            var deadline = DateTime.UtcNow.AddMinutes(3);
            string? status = null;
            while (status != "Completed")
            {
                Assert.True(DateTime.UtcNow < deadline, $"The workflow {workflow} is still {status} three minutes after a restart during its award.{await FailuresAsync(instances, id)}");
                await Task.Delay(250);
                var row = await instances.GetEntityIfExistsAsync<TableEntity>(workflow, "");
                status = row.HasValue ? row.Value!.GetString("RuntimeStatus") : null;
            }

            var history = new TableClient(azurite.ConnectionString, runtime.TaskHub + "History");
            var unreadable = await history.QueryAsync<TableEntity>(r => r.PartitionKey.CompareTo(id) >= 0 && r.PartitionKey.CompareTo(id + "~") < 0)
                .Where(r => r.RowKey != "sentinel" && !r.ContainsKey("EventType"))
                .Select(r => $"{r.PartitionKey}/{r.RowKey}")
                .ToListAsync();
            Assert.Empty(unreadable);
            Assert.False(runtime.Logged("did not contain a 'EventType'"), runtime.Output);
        });
    }

    /// <summary>What the engine recorded for each of the application's workflows that failed (the workflow and its award), to say why.</summary>
    static async Task<string> FailuresAsync(TableClient instances, string applicationId) =>
        string.Concat(await instances.QueryAsync<TableEntity>(r => r.PartitionKey.CompareTo(applicationId) >= 0 && r.PartitionKey.CompareTo(applicationId + "~") < 0)
            .Where(r => r.GetString("RuntimeStatus") == "Failed")
            .Select(r => $" {r.PartitionKey} failed: {r.GetString("Output")}")
            .ToListAsync());
}
