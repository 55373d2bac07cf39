using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Grants.Functions;

/// <summary>The audit trail, read-only, for administrators.</summary>
public static class AuditFunctions
{
    [Function("ReadAudit")]
    public static Task ReadAudit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/audit/{subject}")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string subject) =>
        ApiFunction.RunAsync("ReadAudit", req, client, new Dictionary<string, string?> { ["subject"] = subject });
}
