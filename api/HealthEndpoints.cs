using Microsoft.AspNetCore.Http;

namespace Grants.Api;

/// <summary>Liveness: answers without touching storage, so load balancers and benchmarks have a baseline.</summary>
public static class HealthEndpoints
{
    public static Task<IResult> Health(ApiCall call) => Task.FromResult(ApiRequest.Json(new HealthAnswer("ok")));
}
