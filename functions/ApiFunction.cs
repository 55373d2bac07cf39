using Grants.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Grants.Functions;

/// <summary>Hands one HTTP trigger's request to the row of <see cref="ApiRoutes"/> named like the function; the row writes the response.</summary>
public static class ApiFunction
{
    /// <summary>Runs the row of the invoked function with the route values the Functions host bound from its template.</summary>
    public static Task RunAsync(HttpRequest req, DurableTaskClient client, FunctionContext context)
    {
        var route = ApiRoutes.Named(context.FunctionDefinition.Name);
        var bound = context.BindingContext.BindingData;
        var values = route.RouteValues.ToDictionary(name => name, name => bound.TryGetValue(name, out var value) ? value?.ToString() : null);
        return route.ExecuteAsync(new ApiCall(req.HttpContext, values, client));
    }
}
