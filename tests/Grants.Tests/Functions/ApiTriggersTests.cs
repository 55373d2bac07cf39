using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Grants.Api;
using Xunit;

namespace Grants.Tests.Functions;

/// <summary>
/// Writes functions/ApiTriggers.cs from the route table and fails while the committed file differs. After adding or
/// changing a row of <see cref="ApiRoutes.All"/>: <c>GRANTS_WRITE_TRIGGERS=1 dotnet test tests/Grants.Tests --filter ApiTriggersTests</c>,
/// then build again and commit the file (<see cref="FunctionsMetadataTests"/> then proves what Azure will host).
/// </summary>
[Trait("Kind", "Unit")]
public sealed class ApiTriggersTests
{
    const string Regenerate = "GRANTS_WRITE_TRIGGERS";

    [Fact]
    public void The_committed_triggers_are_generated_from_the_route_table()
    {
        var path = Path.Combine(Path.GetDirectoryName(SourceFile())!, "..", "..", "..", "functions", "ApiTriggers.cs");
        var expected = Render(ApiRoutes.All);
        var committed = File.Exists(path) ? File.ReadAllText(path) : "";
        if (committed != expected && Environment.GetEnvironmentVariable(Regenerate) == "1")
        {
            File.WriteAllText(path, expected);
            return;
        }

        Assert.True(committed == expected, $"functions/ApiTriggers.cs is not what the route table makes: run with {Regenerate}=1 to write it, then rebuild.");
    }

    /// <summary>One trigger a row, on one line: the Functions model wants a method with constant attributes for every function, and its name is what Application Insights shows.</summary>
    static string Render(IEnumerable<ApiRoute> routes)
    {
        var text = new StringBuilder("""
            // Generated from api/ApiRoutes.cs by tests/Grants.Tests/Functions/ApiTriggersTests.cs; do not edit, regenerate.
            using Microsoft.AspNetCore.Http;
            using Microsoft.Azure.Functions.Worker;
            using Microsoft.DurableTask.Client;

            namespace Grants.Functions;

            /// <summary>One HTTP function a row of the route table, named like the row; each hands its request to <see cref="ApiFunction"/>.</summary>
            public static class ApiTriggers
            {

            """);
        foreach (var route in routes)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"""    [Function("{route.Name}")] public static Task {route.Name}([HttpTrigger(AuthorizationLevel.Anonymous, "{route.Method.ToLowerInvariant()}", Route = "api/{route.Template}")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) => ApiFunction.RunAsync(req, client, context);""")
                .Append('\n');
        }

        return text.Append("}\n").ToString().ReplaceLineEndings("\n");
    }

    static string SourceFile([CallerFilePath] string path = "") => path;
}
