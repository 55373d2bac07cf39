using Grants.Workflows.Access;
using Grants.Workflows.Payouts;
using Microsoft.AspNetCore.Http;

namespace Grants.Api;

/// <summary>HTTP for finance: payouts, batches, their files, and what the bank did with them. No rule lives here.</summary>
public static class PayoutEndpoints
{
    public static Task<IResult> List(ApiCall call) =>
        call.AnswerAsync((actor, token) => call.Service<PayoutService>().ListAsync(actor, call.Http.Request.Query["status"].ToString(), token));

    public static Task<IResult> CreateBatch(ApiCall call) => call.AnswerAsync(async (actor, token) =>
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

    public static Task<IResult> DownloadFile(ApiCall call) => call.AnswerAsync(async (actor, token) =>
    {
        var format = call.Http.Request.Query["format"].ToString();
        var (headers, refused) = await HeadersAskedAsync(call, actor, format);
        if (refused is not null)
        {
            return refused;
        }

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
        call.Http.Response.Headers.Vary = "Accept-Language";
        if (export.Format != PayoutFileFormat.Zengin && headers != CsvHeaders.Machine)
        {
            call.Http.Response.Headers.ContentLanguage = headers == CsvHeaders.Japanese ? "ja" : "en";
        }

        return TypedResults.Stream(output => service.WriteAsync(export with { Headers = headers }, output, call.Http.RequestAborted), export.ContentType, export.FileName);
    });

    /// <summary>
    /// What heads a CSV's columns: machine names with headers=machine, else words in lang=ja|en, else in the language of
    /// Accept-Language (English without one). Bad values are one 400 listing every field, the format's too, before
    /// anything is exported.
    /// </summary>
    static async Task<(CsvHeaders Headers, IResult? Refusal)> HeadersAskedAsync(ApiCall call, Actor actor, string format)
    {
        var query = call.Http.Request.Query;
        var (lang, headers) = (query["lang"].ToString(), query["headers"].ToString());
        var errors = new Dictionary<string, string[]>();
        if (lang is not ("" or "ja" or "en"))
        {
            errors["lang"] = ["Give lang=ja or lang=en, or leave it out to follow Accept-Language."];
        }

        if (headers is not ("" or "machine"))
        {
            errors["headers"] = ["Give headers=machine for machine names, or leave it out for words in the reader's language."];
        }

        if (errors.Count > 0)
        {
            var check = await call.Service<PayoutService>().CheckExportAsync(actor, call.RouteValue("id"), format.Length > 0 ? format : null, call.Http.RequestAborted);
            if (check.Problem is { Kind: not ProblemKind.Invalid } refused)
            {
                return (default, ProblemResults.From(refused, call.Http));
            }

            foreach (var (field, messages) in check.Problem?.Errors ?? new Dictionary<string, string[]>())
            {
                errors[field] = messages;
            }

            return (default, ProblemResults.From(Problem.Invalid(errors), call.Http));
        }

        var japanese = lang.Length > 0 ? lang == "ja" : ProblemLanguage.PrefersJapanese(call.Http.Request);
        return (headers == "machine" ? CsvHeaders.Machine : japanese ? CsvHeaders.Japanese : CsvHeaders.English, null);
    }

    public static Task<IResult> MarkBatchPaid(ApiCall call) => call.AnswerAsync(async (actor, token) =>
    {
        var (body, refusal) = await call.ReadJsonAsync<PaidRequest>();
        var desk = Desk(call);
        return refusal ?? await Finished(call, actor, await desk.MarkBatchPaidAsync(actor, call.RouteValue("id"), body!, desk.Wait, call.Http.RequestAborted));
    });

    public static Task<IResult> Return(ApiCall call) => call.AnswerAsync(async (actor, token) =>
    {
        var (body, refusal) = await call.ReadJsonAsync<ReasonRequest>();
        var desk = Desk(call);
        return refusal ?? await Finished(call, actor, await desk.ReturnAsync(actor, call.RouteValue("id"), body!, desk.Wait, call.Http.RequestAborted));
    });

    public static Task<IResult> GetWork(ApiCall call) => call.AnswerAsync(async (actor, token) =>
    {
        var outcome = await Desk(call).GetWorkAsync(actor, call.RouteValue("id"), call.Http.RequestAborted);
        if (outcome.Value?.Location is { } location)
        {
            call.Http.Response.Headers.Location = location;
        }

        return call.Answer(outcome);
    });

    public static Task<IResult> Cancel(ApiCall call) => call.AnswerAsync(async (actor, token) =>
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
