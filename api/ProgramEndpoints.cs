using Grants.Workflows.Storage;
using Microsoft.AspNetCore.Http;

namespace Grants.Api;

/// <summary>The programs people can apply to, with their rules.</summary>
public static class ProgramEndpoints
{
    public static async Task<IResult> List(ApiCall call)
    {
        var (_, refusal) = call.Authenticate();
        if (refusal is not null)
        {
            return refusal;
        }

        var programs = await call.Service<ProgramCatalog>().ListAsync(call.Http.RequestAborted).ToListAsync(call.Http.RequestAborted);
        return ApiRequest.Json(programs);
    }
}
