using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Grants.Functions;

/// <summary>Reports for finance.</summary>
public static class ReportFunctions
{
    [Function("GetReconciliation")]
    public static Task GetReconciliation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/reports/reconciliation")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        ApiFunction.RunAsync("GetReconciliation", req, client);
}
