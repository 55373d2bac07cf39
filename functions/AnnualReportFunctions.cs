using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Grants.Functions;

/// <summary>The annual report over a range of fiscal years, for staff.</summary>
public static class AnnualReportFunctions
{
    [Function("GetAnnualReport")]
    public static Task GetAnnualReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/reports/annual")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        ApiFunction.RunAsync("GetAnnualReport", req, client);
}
