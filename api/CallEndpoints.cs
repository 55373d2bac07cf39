using Grants.Workflows.Programs;
using Microsoft.AspNetCore.Http;

namespace Grants.Api;

/// <summary>HTTP for calls (募集): everyone lists open and upcoming ones; administrators open, schedule, extend and close them.</summary>
public static class CallEndpoints
{
    public static Task<IResult> List(ApiCall call) =>
        call.SignedInAsync(async actor => ApiRequest.Json(await call.Service<CallService>().ListAsync(actor, call.Http.RequestAborted)));

    public static Task<IResult> Open(ApiCall call) =>
        call.AnswerAsync<OpenCallRequest, CallView>(
            (actor, body, token) => call.Service<CallService>().OpenAsync(actor, call.RouteValue("id"), body, token),
            opened => call.At($"/api/programs/{call.RouteValue("id")}/calls/{opened.FiscalYear}", opened, StatusCodes.Status201Created));

    public static Task<IResult> MoveDeadline(ApiCall call) =>
        call.AnswerAsync<MoveDeadlineRequest, CallView>(
            (actor, body, token) => call.Service<CallService>().MoveDeadlineAsync(actor, call.RouteValue("id"), call.RouteValue("year"), body, token));

    public static Task<IResult> Close(ApiCall call) =>
        call.AnswerAsync((actor, token) => call.Service<CallService>().CloseAsync(actor, call.RouteValue("id"), call.RouteValue("year"), token));
}
