using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Grants.Functions;

/// <summary>The per-program summary report.</summary>
public static class SummaryFunctions
{
    [Function("GetProgramSummary")]
    public static Task GetProgramSummary(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reports/summary")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        ApiFunction.RunAsync("GetProgramSummary", req, client);
}
