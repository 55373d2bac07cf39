using Grants.Workflows.Access;
using Grants.Workflows.Payouts;
using Microsoft.AspNetCore.Http;

namespace Grants.Api;

/// <summary>HTTP for finance: payouts, batches, their files, and what the bank did with them. No rule lives here.</summary>
public static class PayoutEndpoints
{
    public static Task<IResult> List(ApiCall call) => WithActor(call, async actor =>
        Answer(call, await call.Service<PayoutService>().ListAsync(actor, call.Http.Request.Query["status"].ToString(), call.Http.RequestAborted)));

    public static Task<IResult> CreateBatch(ApiCall call) => WithActor(call, async actor =>
    {
        var key = call.Http.Request.Headers[ApplicationEndpoints.IdempotencyKeyHeader].ToString();
        if (key.Length > 200 || key.Any(char.IsControl))
        {
            return ProblemResults.Create(StatusCodes.Status400BadRequest, "The request is not valid", "An Idempotency-Key is at most 200 printable characters.", call.Http);
        }

        // The body is optional: without one, the bank file carries the batch's creation date as the transfer date.
        BatchRequest? request = null;
        if (call.Http.Request.ContentLength > 0 || call.Http.Request.ContentType is not null)
        {
            var (body, refusal) = await call.ReadJsonAsync<BatchRequest>();
            if (refusal is not null)
            {
                return refusal;
            }

            request = body;
        }

        var outcome = await call.Service<PayoutService>().CreateBatchAsync(actor, key.Length == 0 ? null : key, request, call.Http.RequestAborted);
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
    });

    public static Task<IResult> ListBatches(ApiCall call) => WithActor(call, async actor =>
        Answer(call, await call.Service<PayoutService>().ListBatchesAsync(actor, call.Http.RequestAborted)));

    public static Task<IResult> ListBatchPayouts(ApiCall call) => WithActor(call, async actor =>
        Answer(call, await call.Service<PayoutService>().ListBatchPayoutsAsync(actor, call.RouteValue("id"), call.Http.RequestAborted)));

    public static Task<IResult> GetBatch(ApiCall call) => WithActor(call, async actor =>
        Answer(call, await call.Service<PayoutService>().GetBatchAsync(actor, call.RouteValue("id"), call.Http.RequestAborted)));

    public static Task<IResult> DownloadFile(ApiCall call) => WithActor(call, async actor =>
    {
        var service = call.Service<PayoutService>();
        var format = call.Http.Request.Query["format"].ToString();
        var outcome = await service.CheckExportAsync(actor, call.RouteValue("id"), format.Length > 0 ? format : null, call.Http.RequestAborted);
        if (!outcome.Succeeded)
        {
            return ProblemResults.From(outcome.Problem!, call.Http);
        }

        var export = outcome.Value!;
        return TypedResults.Stream(output => service.WriteAsync(export, output, call.Http.RequestAborted), export.ContentType, export.FileName);
    });

    public static Task<IResult> MarkBatchPaid(ApiCall call) => WithActor(call, async actor =>
    {
        var (body, refusal) = await call.ReadJsonAsync<PaidRequest>();
        return refusal ?? Answer(call, await call.Service<PaymentService>().MarkBatchPaidAsync(actor, call.RouteValue("id"), body!, call.Http.RequestAborted));
    });

    public static Task<IResult> Return(ApiCall call) => WithActor(call, async actor =>
    {
        var (body, refusal) = await call.ReadJsonAsync<ReasonRequest>();
        return refusal ?? Answer(call, await call.Service<PaymentService>().ReturnAsync(actor, call.RouteValue("id"), body!, call.Http.RequestAborted));
    });

    public static Task<IResult> Cancel(ApiCall call) => WithActor(call, async actor =>
    {
        var (body, refusal) = await call.ReadJsonAsync<ReasonRequest>();
        return refusal ?? Answer(call, await call.Service<PaymentService>().CancelAsync(actor, call.RouteValue("id"), body!, call.Http.RequestAborted));
    });

    static async Task<IResult> WithActor(ApiCall call, Func<Actor, Task<IResult>> handle)
    {
        var (actor, refusal) = call.Authenticate();
        return refusal ?? await handle(actor!);
    }

    static IResult Answer<T>(ApiCall call, Outcome<T> outcome) =>
        outcome.Succeeded ? ApiRequest.Json(outcome.Value!) : ProblemResults.From(outcome.Problem!, call.Http);
}
