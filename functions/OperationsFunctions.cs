using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Grants.Functions;

/// <summary>Stuck workflows and their repair, for administrators.</summary>
public static class OperationsFunctions
{
    [Function("ListStuckWorkflows")]
    public static Task ListStuckWorkflows(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/operations/stuck")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        ApiFunction.RunAsync("ListStuckWorkflows", req, client);

    [Function("RepairWorkflow")]
    public static Task RepairWorkflow(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/operations/{instanceId}/repair")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string instanceId) =>
        ApiFunction.RunAsync("RepairWorkflow", req, client, new Dictionary<string, string?> { ["instanceId"] = instanceId });
}
