using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;

namespace Grants.Api;

/// <summary>Maps the route table onto an ASP.NET Core host: the local runtime and the test host both call this, never a loop of their own.</summary>
public static class ApiMapping
{
    /// <summary>Maps every row of <see cref="ApiRoutes.All"/> at <c>/api/…</c>, named like its Functions trigger; the durable client comes from the host's services.</summary>
    public static IEndpointRouteBuilder MapGrantsApi(this IEndpointRouteBuilder endpoints)
    {
        foreach (var route in ApiRoutes.All)
        {
            endpoints.MapMethods("/api/" + route.Template, [route.Method], (HttpContext context, DurableTaskClient durable) =>
                    route.ExecuteAsync(new ApiCall(context, context.Request.RouteValues.ToDictionary(v => v.Key, v => v.Value?.ToString()), durable)))
                .WithName(route.Name);
        }

        return endpoints;
    }
}
