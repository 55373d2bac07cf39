using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Grants.Functions;

/// <summary>Payouts, the bank transfer batches made of them, and what the bank did with them.</summary>
public static class PayoutFunctions
{
    [Function("ListPayouts")]
    public static Task ListPayouts(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/payouts")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        ApiFunction.RunAsync("ListPayouts", req, client);

    [Function("CreatePayoutBatch")]
    public static Task CreatePayoutBatch(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/payout-batches")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        ApiFunction.RunAsync("CreatePayoutBatch", req, client);

    [Function("DownloadPayoutBatchFile")]
    public static Task DownloadPayoutBatchFile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/payout-batches/{id}/file")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        ApiFunction.RunAsync("DownloadPayoutBatchFile", req, client, ApiFunction.Id(id));

    [Function("ListPayoutBatches")]
    public static Task ListPayoutBatches(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/payout-batches")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        ApiFunction.RunAsync("ListPayoutBatches", req, client);

    [Function("ListPayoutBatchPayouts")]
    public static Task ListPayoutBatchPayouts(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/payout-batches/{id}/payouts")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        ApiFunction.RunAsync("ListPayoutBatchPayouts", req, client, ApiFunction.Id(id));

    [Function("GetPayoutBatch")]
    public static Task GetPayoutBatch(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/payout-batches/{id}")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        ApiFunction.RunAsync("GetPayoutBatch", req, client, ApiFunction.Id(id));

    [Function("MarkPayoutBatchPaid")]
    public static Task MarkPayoutBatchPaid(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/payout-batches/{id}/paid")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        ApiFunction.RunAsync("MarkPayoutBatchPaid", req, client, ApiFunction.Id(id));

    [Function("ReturnPayout")]
    public static Task ReturnPayout(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/payouts/{id}/returned")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        ApiFunction.RunAsync("ReturnPayout", req, client, ApiFunction.Id(id));

    [Function("CancelPayout")]
    public static Task CancelPayout(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/payouts/{id}/cancel")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        ApiFunction.RunAsync("CancelPayout", req, client, ApiFunction.Id(id));

    [Function("GetFinanceWork")]
    public static Task GetFinanceWork(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/finance-work/{id}")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        ApiFunction.RunAsync("GetFinanceWork", req, client, ApiFunction.Id(id));
}
