using Grants.Workflows.Access;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Grants.Api;

/// <summary>HTTP for the audit trail: read-only, administrators only (<see cref="AuditReader"/>). There is deliberately no route that writes it.</summary>
public static class AuditEndpoints
{
    public static async Task<IResult> Read(ApiCall call)
    {
        var (actor, refusal) = call.Authenticate();
        if (refusal is not null)
        {
            return refusal;
        }

        var subject = call.RouteValue("subject");
        var outcome = await ActivatorUtilities.CreateInstance<AuditReader>(call.Http.RequestServices).ReadAsync(actor!, subject, call.Http.RequestAborted);
        return outcome.Succeeded
            ? ApiRequest.Json(new { subject, entries = outcome.Value })
            : ProblemResults.From(outcome.Problem!, call.Http);
    }
}
