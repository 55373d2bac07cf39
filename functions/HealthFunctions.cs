using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Grants.Functions;

/// <summary>Liveness, the program catalogue, and who the caller is.</summary>
public static class HealthFunctions
{
    [Function("Health")]
    public static Task Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        ApiFunction.RunAsync("Health", req, client);

    [Function("ListPrograms")]
    public static Task ListPrograms(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/programs")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        ApiFunction.RunAsync("ListPrograms", req, client);

    [Function("GetMe")]
    public static Task GetMe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/me")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        ApiFunction.RunAsync("GetMe", req, client);
}
