using System.Text.Json;
using Grants.Workflows;
using Grants.Workflows.Access;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grants.Api;

/// <summary>Reading what a request carries — the actor, a JSON body, a service — and answering with JSON or a problem.</summary>
public static class ApiRequest
{
    public const long MaxJsonBytes = 256 * 1024;

    public static T Service<T>(this ApiCall call)
        where T : notnull => call.Http.RequestServices.GetRequiredService<T>();

    /// <summary>Creates a per-request service that needs the durable client of this call.</summary>
    public static T ServiceWithDurable<T>(this ApiCall call) =>
        ActivatorUtilities.CreateInstance<T>(call.Http.RequestServices, call.Durable);

    /// <summary>The signed-in actor, or the problem to answer with: 401 without a principal, 503 where the principal header cannot be trusted.</summary>
    public static (Actor? Actor, IResult? Refusal) Authenticate(this ApiCall call)
    {
        if (!EasyAuthRequirement.HeaderTrusted(call.Http.RequestServices.GetService<IConfiguration>()))
        {
            call.Http.RequestServices.GetService<ILoggerFactory>()?.CreateLogger("Grants.Api")
                .LogError("App Service Authentication is not enabled; refusing {Path} instead of trusting {Header}.", call.Http.Request.Path, EasyAuthPrincipal.Header);
            return (null, ProblemResults.Create(StatusCodes.Status503ServiceUnavailable, "Authentication not configured",
                "Sign-in is not set up for this deployment, so no signed-in request can be served. Tell the research support office.", call.Http));
        }

        var actor = EasyAuthPrincipal.Read(call.Http.Request);
        return actor is null
            ? (null, ProblemResults.Create(StatusCodes.Status401Unauthorized, "Sign-in required", "Sign in to use Grants.", call.Http))
            : (actor, null);
    }

    /// <summary>Authenticates, then hands the actor to <paramref name="handle"/>; the refusal when there is none.</summary>
    public static async Task<IResult> SignedInAsync(this ApiCall call, Func<Actor, Task<IResult>> handle)
    {
        var (actor, refusal) = call.Authenticate();
        return refusal ?? await handle(actor!);
    }

    /// <summary>
    /// The usual shape of an endpoint: authenticate, run one use case as the caller, and answer with its value as JSON
    /// (or as <paramref name="answer"/> shapes it) or with its problem.
    /// </summary>
    public static Task<IResult> AnswerAsync<T>(this ApiCall call, Func<Actor, CancellationToken, Task<Outcome<T>>> useCase, Func<T, IResult>? answer = null) =>
        call.SignedInAsync(async actor => call.Answer(await useCase(actor, call.Http.RequestAborted), answer));

    /// <summary>As <see cref="AnswerAsync{T}"/>, with the JSON body read (or refused) after authenticating and before the use case runs.</summary>
    public static Task<IResult> AnswerAsync<TBody, T>(this ApiCall call, Func<Actor, TBody, CancellationToken, Task<Outcome<T>>> useCase, Func<T, IResult>? answer = null)
        where TBody : class => call.SignedInAsync(async actor =>
    {
        var (body, unreadable) = await call.ReadJsonAsync<TBody>();
        return unreadable ?? call.Answer(await useCase(actor, body!, call.Http.RequestAborted), answer);
    });

    /// <summary>
    /// As <see cref="AnswerAsync{T}"/>, for an endpoint that reads the request itself (a header, a multipart body) between
    /// authenticating and running its use case, and so answers itself.
    /// </summary>
    public static Task<IResult> AnswerAsync(this ApiCall call, Func<Actor, CancellationToken, Task<IResult>> handle) =>
        call.SignedInAsync(actor => handle(actor, call.Http.RequestAborted));

    /// <summary>The outcome's value as JSON (or as <paramref name="answer"/> shapes it), or its problem.</summary>
    public static IResult Answer<T>(this ApiCall call, Outcome<T> outcome, Func<T, IResult>? answer = null) =>
        !outcome.Succeeded ? ProblemResults.From(outcome.Problem!, call.Http)
        : answer is not null ? answer(outcome.Value!)
        : Json(outcome.Value!);

    /// <summary>Reads a JSON body of at most <see cref="MaxJsonBytes"/>, or the problem that explains what is wrong with it.</summary>
    public static async Task<(T? Body, IResult? Refusal)> ReadJsonAsync<T>(this ApiCall call)
        where T : class
    {
        var request = call.Http.Request;
        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ProblemResults.Create(StatusCodes.Status415UnsupportedMediaType, "JSON expected", "Send the body as application/json.", call.Http));
        }

        if (request.ContentLength > MaxJsonBytes)
        {
            return (null, TooLarge(call));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, call.Http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxJsonBytes)
            {
                return (null, TooLarge(call));
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            var body = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), GrantsJson.Options);
            return body is null
                ? (null, ProblemResults.Create(StatusCodes.Status400BadRequest, "Body required", "Send a JSON object.", call.Http))
                : (body, null);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            return (null, ProblemResults.Create(StatusCodes.Status400BadRequest, "The request is not valid", "The body is not the JSON this endpoint expects.", call.Http,
                new Dictionary<string, string[]> { [field] = ["This value cannot be read here; check its type and format."] }));
        }
    }

    public static IResult Json(object value, int status = StatusCodes.Status200OK) =>
        TypedResults.Json(value, GrantsJson.Options, statusCode: status);

    /// <summary>201 or 202 with a Location header and a body in the API's JSON shape.</summary>
    public static IResult At(this ApiCall call, string location, object value, int status)
    {
        call.Http.Response.Headers.Location = location;
        return Json(value, status);
    }

    static IResult TooLarge(ApiCall call) =>
        ProblemResults.Create(StatusCodes.Status413PayloadTooLarge, "Body too large", $"The body may be at most {MaxJsonBytes / 1024} KB.", call.Http);
}
