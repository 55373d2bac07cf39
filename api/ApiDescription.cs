using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using Grants.Workflows;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Grants.Api;

/// <summary>
/// The OpenAPI 3.1 document of the route table: every row's path, method, parameters, body and answers, with JSON schemas
/// exported from the C# records in the API's own JSON shape (<see cref="GrantsJson"/>), and the problem details every
/// refusal answers with. Served at <c>/api/openapi.json</c> by both hosts.
/// </summary>
public static class ApiDescription
{
    static readonly Lazy<string> Json = new(() => Write(Create(ApiRoutes.All)));

    public const string ProblemMedia = "application/problem+json";
    const string JsonMedia = "application/json";
    const string Problem = "Problem";
    const string EasyAuth = "easyAuth";

    public static Task<IResult> Serve(ApiCall call) => Task.FromResult<IResult>(TypedResults.Text(Json.Value, JsonMedia, Encoding.UTF8));

    /// <summary>The document as OpenAPI 3.1 JSON.</summary>
    public static string Write(OpenApiDocument document)
    {
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        document.SerializeAsV31(new OpenApiJsonWriter(text));
        return text.ToString();
    }

    /// <summary>Describes the routes: one operation a row, its id the row's name (the Functions app's function name).</summary>
    public static OpenApiDocument Create(IEnumerable<ApiRoute> routes)
    {
        var document = new OpenApiDocument
        {
            Info = new OpenApiInfo { Title = "Grants", Version = "1", Description = "Support programs and grants from application to bank transfer. Every refusal is an RFC 9457 problem." },
            Paths = [],
            Components = new OpenApiComponents
            {
                Schemas = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal),
                SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    [EasyAuth] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.ApiKey,
                        In = ParameterLocation.Header,
                        Name = EasyAuthPrincipal.Header,
                        Description = "The principal App Service Authentication (Easy Auth) signs in; the local runtime's development sign-in sets it too.",
                    },
                },
            },
        };
        var schemas = new SchemaCatalog(document);
        schemas.Add(Problem, ProblemSchema());
        foreach (var group in routes.GroupBy(r => "/api/" + r.Template))
        {
            var item = new OpenApiPathItem { Operations = [] };
            foreach (var route in group)
            {
                item.Operations[HttpMethod.Parse(route.Method)] = ApiOperation.Describe(route, schemas, document);
            }

            document.Paths[group.Key] = item;
        }

        return document;
    }

    /// <summary>What <see cref="ProblemResults"/> writes.</summary>
    static JsonObject ProblemSchema() => new()
    {
        ["type"] = "object",
        ["description"] = "RFC 9457 problem details; errors lists every field that is wrong, with what to do about it.",
        ["required"] = new JsonArray("type", "title", "status"),
        ["properties"] = new JsonObject
        {
            ["type"] = new JsonObject { ["type"] = "string", ["format"] = "uri" },
            ["title"] = new JsonObject { ["type"] = "string" },
            ["status"] = new JsonObject { ["type"] = "integer" },
            ["detail"] = new JsonObject { ["type"] = "string" },
            ["instance"] = new JsonObject { ["type"] = "string" },
            ["traceId"] = new JsonObject { ["type"] = "string" },
            ["errors"] = new JsonObject
            {
                ["type"] = "object",
                ["additionalProperties"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
            },
        },
    };

    /// <summary>The component schemas of a document, one a record type, exported from the API's JSON options.</summary>
    internal sealed class SchemaCatalog(OpenApiDocument document)
    {
        static readonly JsonSchemaExporterOptions Exporter = new() { TreatNullObliviousAsNonNullable = true, TransformSchemaNode = Transform };

        /// <summary>A reference to the schema of <paramref name="type"/>: a list is an array of its element's schema.</summary>
        public IOpenApiSchema For(Type type)
        {
            var element = type.IsGenericType && type.GetGenericTypeDefinition() is var generic
                && (generic == typeof(IReadOnlyList<>) || generic == typeof(List<>)) ? type.GetGenericArguments()[0] : null;
            if (element is not null)
            {
                return new OpenApiSchema { Type = JsonSchemaType.Array, Items = For(element) };
            }

            var name = type.Name;
            if (!document.Components!.Schemas!.ContainsKey(name))
            {
                Add(name, GrantsJson.Options.GetJsonSchemaAsNode(type, Exporter));
            }

            return new OpenApiSchemaReference(name, document);
        }

        public IOpenApiSchema Problem => new OpenApiSchemaReference(ApiDescription.Problem, document);

        public void Add(string name, JsonNode schema)
        {
            var parsed = new OpenApiJsonReader().ReadFragment<OpenApiSchema>(schema, OpenApiSpecVersion.OpenApi3_1, document, out _);
            document.Components!.Schemas![name] = parsed ?? throw new InvalidOperationException($"The schema of {name} cannot be read as OpenAPI 3.1.");
        }

        /// <summary>Money and fiscal years have converters of their own: both are written as whole numbers.</summary>
        static JsonNode Transform(JsonSchemaExporterContext context, JsonNode schema) =>
            context.TypeInfo.Type == typeof(Yen) || context.TypeInfo.Type == typeof(FiscalYear) ? new JsonObject { ["type"] = "integer" }
            : context.TypeInfo.Type == typeof(Yen?) || context.TypeInfo.Type == typeof(FiscalYear?) ? new JsonObject { ["type"] = new JsonArray("integer", "null") }
            : schema;
    }

    /// <summary>The answer while the engine still finishes a finance step (202).</summary>
    internal static Type StillRunning => typeof(FinanceWorkView);
}
