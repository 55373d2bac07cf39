using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Grants.Api;
using Grants.Functions;
using Grants.Workflows;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Grants.Tests.Functions;

/// <summary>
/// Proves what Azure will host: reads <c>functions.metadata</c> and <c>host.json</c> from the Functions app's build output
/// (functions/bin/&lt;Configuration&gt;/net10.0) and compares them with the route table and the workflow registry.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class FunctionsMetadataTests
{
    const string TargetFramework = "net10.0";

    static readonly Lazy<string> Output = new(FindOutput);

    [Fact]
    public void HttpFunctionsAreExactlyTheRouteTable()
    {
        var hosted = Functions()
            .SelectMany(f => Bindings(f)
                .Where(b => Type(b) == "httpTrigger")
                .SelectMany(b => b.GetProperty("methods").EnumerateArray()
                    .Select(m => Row(Name(f), m.GetString()!, b.GetProperty("route").GetString()!))))
            .Order(StringComparer.Ordinal)
            .ToList();
        // The route prefix is empty so that the portal can live at "/": every API route carries "api/" itself.
        var declared = ApiRoutes.All.Select(r => Row(r.Name, r.Method, "api/" + r.Template))
            .Concat([Row("Portal", "GET", "{*path}"), Row("Portal", "HEAD", "{*path}")])
            .Order(StringComparer.Ordinal).ToList();

        Assert.Equal(declared, hosted);
    }

    [Fact]
    public async Task PortalTriggerServesTheStartPageAndRefusesApiPaths()
    {
        var (status, type, body) = await CallPortalAsync("");
        Assert.Equal(StatusCodes.Status200OK, status);
        Assert.StartsWith("text/html", type, StringComparison.Ordinal);
        Assert.Contains("<script type=\"module\" src=\"/js/main.js\">", body, StringComparison.Ordinal);

        (status, type, _) = await CallPortalAsync("api/no-such-route");
        Assert.Equal(StatusCodes.Status404NotFound, status);
        Assert.StartsWith("application/problem+json", type, StringComparison.Ordinal);
    }

    static async Task<(int Status, string ContentType, string Body)> CallPortalAsync(string path)
    {
        await using var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Request.Method = "GET";
        http.Request.Path = "/" + path;
        using var body = new MemoryStream();
        http.Response.Body = body;

        await PortalFunctions.Portal(http.Request, path);

        return (http.Response.StatusCode, http.Response.ContentType ?? "", System.Text.Encoding.UTF8.GetString(body.ToArray()));
    }

    [Fact]
    public void EveryOrchestratorAndActivityIsAFunctionNamedLikeItsClass()
    {
        var triggers = Functions().ToDictionary(Name, f => Bindings(f).Select(Type).ToList());

        Assert.All(GrantsServices.Orchestrators, type =>
            Assert.Contains("orchestrationTrigger", Assert.Contains(type.Name, triggers)));
        Assert.All(GrantsServices.Activities, type =>
            Assert.Contains("activityTrigger", Assert.Contains(type.Name, triggers)));

        var durable = triggers.Where(t => t.Value.Contains("orchestrationTrigger") || t.Value.Contains("activityTrigger")).Select(t => t.Key).Order();
        Assert.Equal(GrantsServices.Orchestrators.Concat(GrantsServices.Activities).Select(t => t.Name).Order(), durable);
    }

    [Fact]
    public void HostJsonIsInTheOutputAndNamesTheTaskHub()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(Output.Value, "host.json")));
        var root = host.RootElement;

        Assert.Equal("2.0", root.GetProperty("version").GetString());
        Assert.Equal("GrantsHub", root.GetProperty("extensions").GetProperty("durableTask").GetProperty("hubName").GetString());
        Assert.Equal("", root.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    [Fact]
    public async Task HealthTriggerAnswersOk()
    {
        var (status, body) = await CallTriggerAsync("Health", "/api/health", new Dictionary<string, object?>());

        Assert.Equal(StatusCodes.Status200OK, status);
        Assert.Equal("""{"status":"ok"}""", body);
    }

    /// <summary>The route values reach the row: an id of the wrong shape is 404 before anything else, one of the right shape goes on to sign-in.</summary>
    [Fact]
    public async Task TriggersHandTheBoundRouteValuesToTheirRow()
    {
        var (status, _) = await CallTriggerAsync("GetApplication", "/api/applications/not-an-id", new Dictionary<string, object?> { ["id"] = "not-an-id" });
        Assert.Equal(StatusCodes.Status404NotFound, status);

        (status, _) = await CallTriggerAsync("GetApplication", "/api/applications/APP-0123456789ABCDEF", new Dictionary<string, object?> { ["id"] = "APP-0123456789ABCDEF" });
        Assert.Equal(StatusCodes.Status401Unauthorized, status);
    }

    static async Task<(int Status, string Body)> CallTriggerAsync(string function, string path, IReadOnlyDictionary<string, object?> bound)
    {
        await using var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Request.Method = ApiRoutes.Named(function).Method;
        http.Request.Path = path;
        using var body = new MemoryStream();
        http.Response.Body = body;
        var trigger = typeof(ApiTriggers).GetMethod(function)!;

        await (Task)trigger.Invoke(null, [http.Request, null, new TriggerContext(function, bound, services)])!;

        return (http.Response.StatusCode, System.Text.Encoding.UTF8.GetString(body.ToArray()));
    }

    static string Row(string name, string method, string route) => $"{name} {method.ToUpperInvariant()} {route}";

    static string Name(JsonElement function) => function.GetProperty("name").GetString()!;

    static string Type(JsonElement binding) => binding.GetProperty("type").GetString()!;

    static JsonElement.ArrayEnumerator Bindings(JsonElement function) => function.GetProperty("bindings").EnumerateArray();

    static List<JsonElement> Functions()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(Output.Value, "functions.metadata")));
        return metadata.RootElement.EnumerateArray().Select(f => f.Clone()).ToList();
    }

    /// <summary>
    /// The Functions app's output for the configuration this test assembly was built in. The repository root is the folder
    /// holding Grants.sln above the test's own output, or else above this source file.
    /// </summary>
    static string FindOutput()
    {
        var configuration = typeof(FunctionsMetadataTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var root = RepositoryRoot(AppContext.BaseDirectory) ?? RepositoryRoot(Path.GetDirectoryName(SourceFile())!)
            ?? throw new InvalidOperationException($"No Grants.sln above {AppContext.BaseDirectory} or {SourceFile()}.");
        var output = Path.Combine(root, "functions", "bin", configuration, TargetFramework);
        if (!File.Exists(Path.Combine(output, "functions.metadata")))
        {
            throw new InvalidOperationException(
                $"{output} has no functions.metadata: build functions/Grants.Functions.csproj in {configuration} first (the test project references it, so building the tests does).");
        }

        return output;
    }

    static string? RepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Grants.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    static string SourceFile([CallerFilePath] string path = "") => path;
}
