using Grants.Workflows.Programs;
using Microsoft.AspNetCore.Http;

namespace Grants.Api;

/// <summary>HTTP for calls (募集): everyone lists open and upcoming ones; administrators open, schedule, extend and close them.</summary>
public static class CallEndpoints
{
    public static async Task<IResult> List(ApiCall call)
    {
        var (actor, refusal) = call.Authenticate();
        if (refusal is not null)
        {
            return refusal;
        }

        return ApiRequest.Json(await call.Service<CallService>().ListAsync(actor!, call.Http.RequestAborted));
    }

    public static async Task<IResult> Open(ApiCall call)
    {
        var (actor, refusal) = call.Authenticate();
        if (refusal is not null)
        {
            return refusal;
        }

        var (body, unreadable) = await call.ReadJsonAsync<OpenCallRequest>();
        if (unreadable is not null)
        {
            return unreadable;
        }

        var id = call.RouteValue("id");
        var outcome = await call.Service<CallService>().OpenAsync(actor!, id, body!, call.Http.RequestAborted);
        return outcome.Succeeded
            ? call.At($"/api/programs/{id}/calls/{outcome.Value!.FiscalYear}", outcome.Value, StatusCodes.Status201Created)
            : ProblemResults.From(outcome.Problem!, call.Http);
    }

    public static async Task<IResult> MoveDeadline(ApiCall call)
    {
        var (actor, refusal) = call.Authenticate();
        if (refusal is not null)
        {
            return refusal;
        }

        var (body, unreadable) = await call.ReadJsonAsync<MoveDeadlineRequest>();
        if (unreadable is not null)
        {
            return unreadable;
        }

        var outcome = await call.Service<CallService>().MoveDeadlineAsync(actor!, call.RouteValue("id"), call.RouteValue("year"), body!, call.Http.RequestAborted);
        return outcome.Succeeded ? ApiRequest.Json(outcome.Value!) : ProblemResults.From(outcome.Problem!, call.Http);
    }

    public static async Task<IResult> Close(ApiCall call)
    {
        var (actor, refusal) = call.Authenticate();
        if (refusal is not null)
        {
            return refusal;
        }

        var outcome = await call.Service<CallService>().CloseAsync(actor!, call.RouteValue("id"), call.RouteValue("year"), call.Http.RequestAborted);
        return outcome.Succeeded ? ApiRequest.Json(outcome.Value!) : ProblemResults.From(outcome.Problem!, call.Http);
    }
}
