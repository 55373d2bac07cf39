using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Grants.Functions;

/// <summary>Payouts and the bank transfer batches made of them.</summary>
public static class PayoutFunctions
{
    [Function("ListPayouts")]
    public static Task ListPayouts(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "payouts")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        ApiFunction.RunAsync("ListPayouts", req, client);

    [Function("CreatePayoutBatch")]
    public static Task CreatePayoutBatch(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "payout-batches")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        ApiFunction.RunAsync("CreatePayoutBatch", req, client);

    [Function("DownloadPayoutBatchFile")]
    public static Task DownloadPayoutBatchFile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "payout-batches/{id}/file")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        ApiFunction.RunAsync("DownloadPayoutBatchFile", req, client, ApiFunction.Id(id));
}
