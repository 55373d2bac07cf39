using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Grants.Functions;

/// <summary>The per-program summary report and the approver's queue.</summary>
public static class SummaryFunctions
{
    [Function("GetProgramSummary")]
    public static Task GetProgramSummary(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/reports/summary")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        ApiFunction.RunAsync("GetProgramSummary", req, client);

    [Function("ListApprovals")]
    public static Task ListApprovals(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/approvals")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        ApiFunction.RunAsync("ListApprovals", req, client);
}
