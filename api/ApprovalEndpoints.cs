using Grants.Workflows.Applications;
using Microsoft.AspNetCore.Http;

namespace Grants.Api;

/// <summary>HTTP for the approver's queue.</summary>
public static class ApprovalEndpoints
{
    public static async Task<IResult> Queue(ApiCall call)
    {
        var (actor, refusal) = call.Authenticate();
        if (refusal is not null)
        {
            return refusal;
        }

        var outcome = await call.Service<ApprovalQueue>().ListAsync(actor!, call.Http.RequestAborted);
        return outcome.Succeeded ? ApiRequest.Json(outcome.Value!) : ProblemResults.From(outcome.Problem!, call.Http);
    }
}
