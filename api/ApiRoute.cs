using Grants.Workflows.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grants.Api;

/// <summary>One request as either host received it: the HTTP context, the route values and the durable client.</summary>
public sealed record ApiCall(HttpContext Http, IReadOnlyDictionary<string, string?> Route, DurableTaskClient Durable)
{
    /// <summary>
    /// The route value as the client meant it. The server decodes every escape in a path but <c>%2F</c>, so that one is decoded
    /// here: a guest's sign-in name may contain a slash. (A literal "%2F" in an id would be sent as "%252F" and read as a slash;
    /// no id Grants issues, and no sign-in name Entra issues, contains one.)
    /// </summary>
    public string RouteValue(string name) =>
        Route.TryGetValue(name, out var value) && value is not null ? value.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase) : "";
}

/// <summary>
/// An endpoint: its function name, HTTP method, template below <c>/api</c> and handler, and what the OpenAPI document says
/// of it (<see cref="ApiDescription"/>): a row that says nothing more is a signed-in call that answers JSON with 200.
/// </summary>
public sealed record ApiRoute(string Name, string Method, string Template, Func<ApiCall, Task<IResult>> Handle)
{
    /// <summary>What the call does, in a line; without it, the name in words.</summary>
    public string? Summary { get; init; }

    /// <summary>The JSON body the call reads (a record of the workflows), if any.</summary>
    public Type? Body { get; init; }

    /// <summary>Whether the call may come without a body.</summary>
    public bool BodyOptional { get; init; }

    /// <summary>The media type of a body that is not JSON (a CSV file, an upload), if any.</summary>
    public string? BodyMedia { get; init; }

    /// <summary>What a success answers with, serialized as the API's JSON; null for a JSON object described nowhere else.</summary>
    public Type? Answers { get; init; }

    /// <summary>The media types of a success; a file download lists what it may be.</summary>
    public IReadOnlyList<string> AnswerMedia { get; init; } = ["application/json"];

    /// <summary>The statuses a success may have: 201 for what it creates, 202 for work the engine finishes.</summary>
    public IReadOnlyList<int> Success { get; init; } = [StatusCodes.Status200OK];

    /// <summary>The query parameters it reads.</summary>
    public IReadOnlyList<string> Query { get; init; } = [];

    /// <summary>Whether it answers without a signed-in caller.</summary>
    public bool Anonymous { get; init; }

    /// <summary>The names of the template's route values, in order (<c>id</c> of <c>applications/{id}</c>).</summary>
    public IEnumerable<string> RouteValues =>
        Template.Split('/').Where(s => s.StartsWith('{') && s.EndsWith('}')).Select(s => s[1..^1]);

    /// <summary>Runs the handler and writes its answer; an unexpected failure becomes a 500 problem without internals.</summary>
    public async Task ExecuteAsync(ApiCall call)
    {
        // Every audit entry this request causes records its correlation id; the caller can quote it from the response.
        var correlationId = CorrelationIdOf(call.Http);
        using var correlation = RequestCorrelation.Begin(correlationId);
        using var step = StorageStep.Begin($"{Method} {Template}");
        call.Http.Response.Headers[CorrelationHeader] = correlationId;
        IResult result;
        try
        {
            result = RouteShapes.Accepts(this, call)
                ? await Handle(call)
                : ProblemResults.Create(StatusCodes.Status404NotFound, "Not found", "There is nothing at this address.", call.Http);
        }
        catch (BadHttpRequestException e) when (!call.Http.Response.HasStarted)
        {
            // The body could not be read as sent (it ended before its Content-Length, or arrived too slowly): the client's fault.
            result = ProblemResults.Create(e.StatusCode, "The request is not valid", "The request body could not be read as sent.", call.Http);
        }
        catch (Exception e) when (!call.Http.RequestAborted.IsCancellationRequested && !call.Http.Response.HasStarted)
        {
            call.Http.RequestServices.GetService<ILoggerFactory>()?.CreateLogger("Grants.Api").LogError(e, "{Route} failed", Name);
            result = ProblemResults.Create(StatusCodes.Status500InternalServerError, "Something went wrong",
                "The request could not be completed. Try again; if it keeps failing, tell the research support office the traceId.", call.Http);
        }

        await result.ExecuteAsync(call.Http);
    }

    public const string CorrelationHeader = "X-Correlation-Id";

    /// <summary>The trace id of a well-formed W3C <c>traceparent</c> header, else the host's id for the request.</summary>
    public static string CorrelationIdOf(HttpContext http)
    {
        var traceparent = http.Request.Headers["traceparent"].ToString();
        return traceparent.Length == 55 && traceparent[2] == '-' && traceparent[35] == '-' && traceparent[52] == '-'
            && traceparent[3..35].All(char.IsAsciiHexDigitLower) && traceparent[3..35].Any(c => c != '0')
            ? traceparent.Substring(3, 32)
            : http.TraceIdentifier;
    }
}
