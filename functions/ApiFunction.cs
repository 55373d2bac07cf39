using Grants.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Grants.Functions;

/// <summary>Hands one HTTP trigger's request to its row of <see cref="ApiRoutes"/>; the row writes the response.</summary>
internal static class ApiFunction
{
    public static readonly IReadOnlyDictionary<string, string?> NoRoute = new Dictionary<string, string?>();

    public static Task RunAsync(string name, HttpRequest req, DurableTaskClient client, IReadOnlyDictionary<string, string?>? route = null) =>
        ApiRoutes.Named(name).ExecuteAsync(new ApiCall(req.HttpContext, route ?? NoRoute, client));

    public static IReadOnlyDictionary<string, string?> Id(string id) => new Dictionary<string, string?> { ["id"] = id };
}
