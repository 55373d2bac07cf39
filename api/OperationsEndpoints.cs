using System.Globalization;
using Grants.Workflows.Access;
using Grants.Workflows.Operations;
using Microsoft.AspNetCore.Http;

namespace Grants.Api;

/// <summary>HTTP for the administrator's view of stuck workflows and their repair (<see cref="StuckWork"/>).</summary>
public static class OperationsEndpoints
{
    /// <summary>Without <c>olderThanMinutes</c>, a workflow is listed once it has not moved for a day.</summary>
    const int DefaultOlderThanMinutes = 24 * 60;

    const int MaxOlderThanMinutes = 366 * 24 * 60;

    public static Task<IResult> ListStuck(ApiCall call) => call.SignedInAsync(async actor =>
    {
        var minutes = DefaultOlderThanMinutes;
        var text = call.Http.Request.Query["olderThanMinutes"].ToString();
        if (text.Length > 0 && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out minutes) || minutes > MaxOlderThanMinutes))
        {
            return ProblemResults.From(Problem.Invalid("olderThanMinutes", $"Give a whole number of minutes from 0 to {MaxOlderThanMinutes}."), call.Http);
        }

        var outcome = await call.ServiceWithDurable<StuckWork>().ListAsync(actor, TimeSpan.FromMinutes(minutes), call.Http.RequestAborted);
        return call.Answer(outcome, workflows => ApiRequest.Json(new StuckAnswer(minutes, workflows)));
    });

    public static Task<IResult> Repair(ApiCall call) => call.SignedInAsync(async actor =>
    {
        // Who may repair is settled before the body is read: a refused caller learns nothing from its validation.
        if (!actor.IsIn(Roles.Admin))
        {
            return ProblemResults.From(Problem.Forbidden("Only administrators see and repair stuck workflows."), call.Http);
        }

        var (body, invalid) = await call.ReadJsonAsync<RepairRequest>();
        if (invalid is not null)
        {
            return invalid;
        }

        if (body!.Action is not { } action)
        {
            return ProblemResults.From(Problem.Invalid("action", "Choose 'resume' or 'restart'."), call.Http);
        }

        var outcome = await call.ServiceWithDurable<StuckWork>().RepairAsync(actor, call.RouteValue("instanceId"), action, call.Http.RequestAborted);
        return call.Answer(outcome, repaired => ApiRequest.Json(repaired, StatusCodes.Status202Accepted));
    });
}
