using Grants.Workflows.Access;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Grants.Api;

/// <summary>HTTP for the audit trail: read-only, administrators only (<see cref="AuditReader"/>). There is deliberately no route that writes it.</summary>
public static class AuditEndpoints
{
    public static Task<IResult> Read(ApiCall call) =>
        call.AnswerAsync(
            (actor, token) => ActivatorUtilities.CreateInstance<AuditReader>(call.Http.RequestServices).ReadAsync(actor, call.RouteValue("subject"), token),
            entries => ApiRequest.Json(new AuditAnswer(call.RouteValue("subject"), entries)));
}
