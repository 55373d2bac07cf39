using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Grants.Functions;

/// <summary>Applications: drafts, documents, submission, endorsement, decisions, withdrawal, and what follows approval.</summary>
public static class ApplicationFunctions
{
    [Function("CreateApplication")]
    public static Task CreateApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/applications")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        ApiFunction.RunAsync("CreateApplication", req, client);

    [Function("ListApplications")]
    public static Task ListApplications(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/applications")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        ApiFunction.RunAsync("ListApplications", req, client);

    [Function("GetApplication")]
    public static Task GetApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/applications/{id}")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        ApiFunction.RunAsync("GetApplication", req, client, ApiFunction.Id(id));

    [Function("UpdateApplication")]
    public static Task UpdateApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/applications/{id}")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        ApiFunction.RunAsync("UpdateApplication", req, client, ApiFunction.Id(id));

    [Function("UploadDocument")]
    public static Task UploadDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/applications/{id}/documents")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        ApiFunction.RunAsync("UploadDocument", req, client, ApiFunction.Id(id));

    [Function("DownloadDocument")]
    public static Task DownloadDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/applications/{id}/documents/{docId}")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id,
        string docId) =>
        ApiFunction.RunAsync("DownloadDocument", req, client, new Dictionary<string, string?> { ["id"] = id, ["docId"] = docId });

    [Function("RemoveDocument")]
    public static Task RemoveDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/applications/{id}/documents/{docId}")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id,
        string docId) =>
        ApiFunction.RunAsync("RemoveDocument", req, client, new Dictionary<string, string?> { ["id"] = id, ["docId"] = docId });

    [Function("SubmitApplication")]
    public static Task SubmitApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/applications/{id}/submit")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        ApiFunction.RunAsync("SubmitApplication", req, client, ApiFunction.Id(id));

    [Function("DecideApplication")]
    public static Task DecideApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/applications/{id}/decision")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        ApiFunction.RunAsync("DecideApplication", req, client, ApiFunction.Id(id));

    [Function("WithdrawApplication")]
    public static Task WithdrawApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/applications/{id}/withdraw")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        ApiFunction.RunAsync("WithdrawApplication", req, client, ApiFunction.Id(id));

    [Function("EndorseApplication")]
    public static Task EndorseApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/applications/{id}/endorsement")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        ApiFunction.RunAsync("EndorseApplication", req, client, ApiFunction.Id(id));

    [Function("ReportPaper")]
    public static Task ReportPaper(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/applications/{id}/report")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        ApiFunction.RunAsync("ReportPaper", req, client, ApiFunction.Id(id));

    [Function("RecordArrival")]
    public static Task RecordArrival(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/applications/{id}/arrival")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        ApiFunction.RunAsync("RecordArrival", req, client, ApiFunction.Id(id));

    [Function("RequestExtension")]
    public static Task RequestExtension(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/applications/{id}/extension")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        ApiFunction.RunAsync("RequestExtension", req, client, ApiFunction.Id(id));

    [Function("DecideExtension")]
    public static Task DecideExtension(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/applications/{id}/extension/decision")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        ApiFunction.RunAsync("DecideExtension", req, client, ApiFunction.Id(id));

    [Function("StopSupport")]
    public static Task StopSupport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/applications/{id}/stop")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        ApiFunction.RunAsync("StopSupport", req, client, ApiFunction.Id(id));

    [Function("ListApplicationVersions")]
    public static Task ListApplicationVersions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/applications/{id}/versions")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        ApiFunction.RunAsync("ListApplicationVersions", req, client, ApiFunction.Id(id));
}
