using Grants.Workflows.Access;
using Grants.Workflows.Payouts;
using Microsoft.AspNetCore.Http;

namespace Grants.Api;

/// <summary>HTTP for finance: payouts, batches, their files, and what the bank did with them. No rule lives here.</summary>
public static class PayoutEndpoints
{
    public static Task<IResult> List(ApiCall call) =>
        call.AnswerAsync((actor, token) => call.Service<PayoutService>().ListAsync(actor, call.Http.Request.Query["status"].ToString(), token));

    public static Task<IResult> CreateBatch(ApiCall call) => call.SignedInAsync(async actor =>
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

        var desk = Desk(call);
        var outcome = await desk.CreateBatchAsync(actor, key.Length == 0 ? null : key, request, desk.Wait, call.Http.RequestAborted);
        if (!outcome.Succeeded)
        {
            return ProblemResults.From(outcome.Problem!, call.Http);
        }

        var step = outcome.Value!;
        if (step.Joined)
        {
            call.Http.Response.Headers["Idempotent-Replayed"] = "true";
        }

        return step.Value is { } batch
            ? call.At($"/api/payout-batches/{batch.Id}/file?format=csv", batch, StatusCodes.Status201Created)
            : await StillRunningAsync(call, actor, step.WorkId);
    });

    public static Task<IResult> ListBatches(ApiCall call) =>
        call.AnswerAsync((actor, token) => call.Service<PayoutService>().ListBatchesAsync(actor, token));

    public static Task<IResult> ListBatchPayouts(ApiCall call) =>
        call.AnswerAsync((actor, token) => call.Service<PayoutService>().ListBatchPayoutsAsync(actor, call.RouteValue("id"), token));

    public static Task<IResult> GetBatch(ApiCall call) =>
        call.AnswerAsync((actor, token) => call.Service<PayoutService>().GetBatchAsync(actor, call.RouteValue("id"), token));

    public static Task<IResult> DownloadFile(ApiCall call) => call.SignedInAsync(async actor =>
    {
        var format = call.Http.Request.Query["format"].ToString();
        var desk = Desk(call);
        var outcome = await desk.DownloadAsync(actor, call.RouteValue("id"), format.Length > 0 ? format : null, desk.Wait, call.Http.RequestAborted);
        if (!outcome.Succeeded)
        {
            return ProblemResults.From(outcome.Problem!, call.Http);
        }

        if (outcome.Value!.Value is not { } export)
        {
            return await StillRunningAsync(call, actor, outcome.Value.WorkId);
        }

        var service = call.Service<PayoutService>();
        return TypedResults.Stream(output => service.WriteAsync(export, output, call.Http.RequestAborted), export.ContentType, export.FileName);
    });

    public static Task<IResult> MarkBatchPaid(ApiCall call) => call.SignedInAsync(async actor =>
    {
        var (body, refusal) = await call.ReadJsonAsync<PaidRequest>();
        var desk = Desk(call);
        return refusal ?? await Finished(call, actor, await desk.MarkBatchPaidAsync(actor, call.RouteValue("id"), body!, desk.Wait, call.Http.RequestAborted));
    });

    public static Task<IResult> Return(ApiCall call) => call.SignedInAsync(async actor =>
    {
        var (body, refusal) = await call.ReadJsonAsync<ReasonRequest>();
        var desk = Desk(call);
        return refusal ?? await Finished(call, actor, await desk.ReturnAsync(actor, call.RouteValue("id"), body!, desk.Wait, call.Http.RequestAborted));
    });

    public static Task<IResult> GetWork(ApiCall call) => call.SignedInAsync(async actor =>
    {
        var outcome = await Desk(call).GetWorkAsync(actor, call.RouteValue("id"), call.Http.RequestAborted);
        if (outcome.Value?.Location is { } location)
        {
            call.Http.Response.Headers.Location = location;
        }

        return call.Answer(outcome);
    });

    public static Task<IResult> Cancel(ApiCall call) => call.SignedInAsync(async actor =>
    {
        var (body, refusal) = await call.ReadJsonAsync<ReasonRequest>();
        return refusal ?? call.Answer(await call.Service<PaymentService>().CancelAsync(actor, call.RouteValue("id"), body!, call.Http.RequestAborted));
    });

    static FinanceDesk Desk(ApiCall call) => call.ServiceWithDurable<FinanceDesk>();

    /// <summary>200 with what the step produced, or 202 with where to follow it while the engine finishes it.</summary>
    static async Task<IResult> Finished<T>(ApiCall call, Actor actor, Outcome<FinanceStep<T>> outcome)
        where T : class
    {
        if (!outcome.Succeeded)
        {
            return ProblemResults.From(outcome.Problem!, call.Http);
        }

        return outcome.Value!.Value is { } value ? ApiRequest.Json(value) : await StillRunningAsync(call, actor, outcome.Value.WorkId);
    }

    /// <summary>The step is accepted and the engine will finish it, crash or not: 202 and the status to follow.</summary>
    static async Task<IResult> StillRunningAsync(ApiCall call, Actor actor, string workId)
    {
        var view = await Desk(call).GetWorkAsync(actor, workId, call.Http.RequestAborted);
        return call.At($"/api/finance-work/{workId}", (object?)view.Value ?? new { id = workId, status = "running" }, StatusCodes.Status202Accepted);
    }
}
