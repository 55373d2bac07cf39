using Grants.Workflows.Storage;
using Microsoft.AspNetCore.Http;

namespace Grants.Api;

/// <summary>HTTP for the signed-in person: who they are in the directory and which roles they hold, so a client can show their screens.</summary>
public static class PeopleEndpoints
{
    public static Task<IResult> Me(ApiCall call) => call.SignedInAsync(async actor =>
    {
        var person = await call.Service<PeopleDirectory>().FindAsync(actor.Id, call.Http.RequestAborted);
        return ApiRequest.Json(new MeAnswer(
            actor.Id,
            person?.Name ?? actor.Id,
            person?.NameKana,
            person?.Email,
            person?.Position,
            person?.Department,
            // A leaver (inactive in the directory) may read but not apply; the portal can say so up front.
            person?.Active ?? true,
            [.. actor.Roles.Order(StringComparer.Ordinal)]));
    });
}
