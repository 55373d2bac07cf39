using Grants.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Grants.Functions;

/// <summary>The web portal at <c>/</c> (host.json's route prefix is empty, so this catch-all sits below every <c>api/</c> route).</summary>
public static class PortalFunctions
{
    [Function("Portal")]
    public static Task Portal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "{*path}")] HttpRequest req,
        string? path) =>
        PortalFiles.ServeAsync(req.HttpContext, path);
}
