using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Grants.Functions;

/// <summary>Liveness and the program catalogue.</summary>
public static class HealthFunctions
{
    [Function("Health")]
    public static Task Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        ApiFunction.RunAsync("Health", req, client);

    [Function("ListPrograms")]
    public static Task ListPrograms(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programs")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        ApiFunction.RunAsync("ListPrograms", req, client);
}
