using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Grants.Functions;

/// <summary>Program versions and calls, for the research support office; the list of calls for everyone.</summary>
public static class ProgramFunctions
{
    [Function("ListProgramVersions")]
    public static Task ListProgramVersions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/programs/{id}/versions")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        ApiFunction.RunAsync("ListProgramVersions", req, client, ApiFunction.Id(id));

    [Function("PreviewProgramVersion")]
    public static Task PreviewProgramVersion(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/programs/{id}/versions/preview")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        ApiFunction.RunAsync("PreviewProgramVersion", req, client, ApiFunction.Id(id));

    [Function("PublishProgramVersion")]
    public static Task PublishProgramVersion(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/programs/{id}/versions")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        ApiFunction.RunAsync("PublishProgramVersion", req, client, ApiFunction.Id(id));

    [Function("ListCalls")]
    public static Task ListCalls(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/calls")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        ApiFunction.RunAsync("ListCalls", req, client);

    [Function("OpenCall")]
    public static Task OpenCall(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/programs/{id}/calls")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        ApiFunction.RunAsync("OpenCall", req, client, ApiFunction.Id(id));

    [Function("MoveCallDeadline")]
    public static Task MoveCallDeadline(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/programs/{id}/calls/{year}/deadline")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id,
        string year) =>
        ApiFunction.RunAsync("MoveCallDeadline", req, client, new Dictionary<string, string?> { ["id"] = id, ["year"] = year });

    [Function("CloseCall")]
    public static Task CloseCall(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/programs/{id}/calls/{year}/close")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id,
        string year) =>
        ApiFunction.RunAsync("CloseCall", req, client, new Dictionary<string, string?> { ["id"] = id, ["year"] = year });
}
