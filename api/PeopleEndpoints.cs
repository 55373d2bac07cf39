using Grants.Workflows.Storage;
using Microsoft.AspNetCore.Http;

namespace Grants.Api;

/// <summary>HTTP for the signed-in person: who they are in the directory and which roles they hold, so a client can show their screens.</summary>
public static class PeopleEndpoints
{
    public static async Task<IResult> Me(ApiCall call)
    {
        var (actor, refusal) = call.Authenticate();
        if (refusal is not null)
        {
            return refusal;
        }

        var person = await call.Service<PeopleDirectory>().FindAsync(actor!.Id, call.Http.RequestAborted);
        return ApiRequest.Json(new
        {
            id = actor.Id,
            name = person?.Name ?? actor.Id,
            nameKana = person?.NameKana,
            email = person?.Email,
            position = person?.Position,
            department = person?.Department,
            // A leaver (inactive in the directory) may read but not apply; the portal can say so up front.
            active = person?.Active ?? true,
            roles = actor.Roles.Order(StringComparer.Ordinal).ToList(),
        });
    }
}
