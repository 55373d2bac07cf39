using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace Grants.Api;

/// <summary>One row of the route table as an OpenAPI operation: its parameters, body, answers and the problems it may answer with.</summary>
internal static partial class ApiOperation
{
    public static OpenApiOperation Describe(ApiRoute route, ApiDescription.SchemaCatalog schemas, OpenApiDocument document)
    {
        var operation = new OpenApiOperation
        {
            OperationId = route.Name,
            Summary = route.Summary ?? Words().Replace(route.Name, " $1").Trim(),
            Parameters = [.. Parameters(route)],
            Responses = [],
        };
        if (!route.Anonymous)
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("easyAuth", document)] = [] }];
        }

        if (route.Body is not null || route.BodyMedia is not null)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = !route.BodyOptional,
                Content = new Dictionary<string, IOpenApiMediaType>
                {
                    [route.BodyMedia ?? "application/json"] = new OpenApiMediaType { Schema = route.Body is { } body ? schemas.For(body) : BodySchema(route.BodyMedia!) },
                },
            };
        }

        foreach (var status in route.Success)
        {
            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Success(route, status, schemas);
        }

        foreach (var status in Problems(route))
        {
            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = ReasonPhrases.GetReasonPhrase(status),
                Content = new Dictionary<string, IOpenApiMediaType> { [ApiDescription.ProblemMedia] = new OpenApiMediaType { Schema = schemas.Problem } },
            };
        }

        return operation;
    }

    /// <summary>
    /// The problems a row may answer with: every route a 500 without internals; a signed-in one 401 without a principal, 503
    /// where the principal cannot be trusted, 400, 403, 404 and 409 from its use case; a change also 412 (If-Match) and 422;
    /// a body 413 and 415.
    /// </summary>
    public static IEnumerable<int> Problems(ApiRoute route)
    {
        var statuses = new SortedSet<int> { StatusCodes.Status500InternalServerError };
        if (!route.Anonymous)
        {
            statuses.UnionWith([400, 401, 403, 404, 409, 503]);
        }

        if (route.Method != "GET" && !route.Anonymous)
        {
            statuses.UnionWith([412, 422]);
        }

        if (route.Body is not null || route.BodyMedia is not null)
        {
            statuses.UnionWith([413, 415]);
        }

        return statuses;
    }

    static OpenApiResponse Success(ApiRoute route, int status, ApiDescription.SchemaCatalog schemas)
    {
        // A finance step that the engine is still finishing answers 202 with where to follow it.
        var stillRunning = status == StatusCodes.Status202Accepted && route.Success.Contains(StatusCodes.Status200OK);
        var media = stillRunning ? ["application/json"] : route.AnswerMedia;
        return new OpenApiResponse
        {
            Description = ReasonPhrases.GetReasonPhrase(status),
            Content = media.ToDictionary(m => m, m => (IOpenApiMediaType)new OpenApiMediaType
            {
                Schema = !m.StartsWith("application/json", StringComparison.Ordinal) ? null
                    : stillRunning ? schemas.For(ApiDescription.StillRunning)
                    : route.Answers is { } answers ? schemas.For(answers)
                    : null,
            }),
        };
    }

    static IEnumerable<IOpenApiParameter> Parameters(ApiRoute route) =>
        route.RouteValues.Select(name => new OpenApiParameter { Name = name, In = ParameterLocation.Path, Required = true, Schema = new OpenApiSchema { Type = JsonSchemaType.String } })
            .Concat(route.Query.Select(name => new OpenApiParameter { Name = name, In = ParameterLocation.Query, Schema = new OpenApiSchema { Type = JsonSchemaType.String } }));

    static OpenApiSchema BodySchema(string media) => media switch
    {
        "multipart/form-data" => new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "kind", "file" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["kind"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, ContentMediaType = "application/octet-stream" },
            },
        },
        "application/json" => new OpenApiSchema { Type = JsonSchemaType.Object, Description = "A program definition, as in programs/*.json (programs/program.schema.json)." },
        _ => new OpenApiSchema { Type = JsonSchemaType.String },
    };

    [GeneratedRegex("(?<=[a-z])([A-Z])", RegexOptions.CultureInvariant)]
    private static partial Regex Words();
}
