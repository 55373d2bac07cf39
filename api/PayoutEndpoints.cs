using Grants.Workflows.Payouts;
using Microsoft.AspNetCore.Http;

namespace Grants.Api;

/// <summary>HTTP for finance: payouts, batches and their files.</summary>
public static class PayoutEndpoints
{
    public static async Task<IResult> List(ApiCall call)
    {
        var (actor, refusal) = call.Authenticate();
        if (refusal is not null)
        {
            return refusal;
        }

        var outcome = await call.Service<PayoutService>().ListAsync(actor!, call.Http.Request.Query["status"].ToString(), call.Http.RequestAborted);
        return outcome.Succeeded ? ApiRequest.Json(outcome.Value!) : ProblemResults.From(outcome.Problem!, call.Http);
    }

    public static async Task<IResult> CreateBatch(ApiCall call)
    {
        var (actor, refusal) = call.Authenticate();
        if (refusal is not null)
        {
            return refusal;
        }

        var key = call.Http.Request.Headers[ApplicationEndpoints.IdempotencyKeyHeader].ToString();
        if (key.Length > 200 || key.Any(char.IsControl))
        {
            return ProblemResults.Create(StatusCodes.Status400BadRequest, "The request is not valid", "An Idempotency-Key is at most 200 printable characters.", call.Http);
        }

        var outcome = await call.Service<PayoutService>().CreateBatchAsync(actor!, key.Length == 0 ? null : key, call.Http.RequestAborted);
        if (!outcome.Succeeded)
        {
            return ProblemResults.From(outcome.Problem!, call.Http);
        }

        var (batch, created) = outcome.Value;
        if (!created)
        {
            call.Http.Response.Headers["Idempotent-Replayed"] = "true";
        }

        return call.At($"/api/payout-batches/{batch.Id}/file?format=csv", batch, StatusCodes.Status201Created);
    }

    public static async Task<IResult> DownloadFile(ApiCall call)
    {
        var (actor, refusal) = call.Authenticate();
        if (refusal is not null)
        {
            return refusal;
        }

        var service = call.Service<PayoutService>();
        var outcome = await service.CheckExportAsync(actor!, call.RouteValue("id"), call.Http.Request.Query["format"].ToString() is { Length: > 0 } f ? f : null, call.Http.RequestAborted);
        if (!outcome.Succeeded)
        {
            return ProblemResults.From(outcome.Problem!, call.Http);
        }

        var batch = outcome.Value!;
        return TypedResults.Stream(
            output => service.WriteCsvAsync(batch, output, call.Http.RequestAborted),
            "text/csv; charset=utf-8",
            $"{batch.Id}.csv");
    }
}
