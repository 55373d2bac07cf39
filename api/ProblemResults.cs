using Grants.Workflows.Access;
using Microsoft.AspNetCore.Http;

namespace Grants.Api;

/// <summary>Turns refusals into RFC 9457 problem details (<c>application/problem+json</c>).</summary>
public static class ProblemResults
{
    public static IResult From(Problem problem, HttpContext context) => Create(
        problem.Kind switch
        {
            ProblemKind.Invalid => StatusCodes.Status400BadRequest,
            ProblemKind.NotFound => StatusCodes.Status404NotFound,
            ProblemKind.Forbidden => StatusCodes.Status403Forbidden,
            ProblemKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
            ProblemKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
            _ => StatusCodes.Status409Conflict,
        },
        problem.Title,
        problem.Detail,
        context,
        problem.Errors);

    /// <summary>A problem in the caller's language (<see cref="ProblemLanguage"/>), with its trace id and any field errors.</summary>
    public static IResult Create(int status, string title, string detail, HttpContext context, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        if (ProblemLanguage.PrefersJapanese(context.Request))
        {
            title = ProblemLanguage.ToJapanese(title);
            detail = ProblemLanguage.ToJapanese(detail);
            errors = errors?.ToDictionary(e => e.Key, e => e.Value.Select(ProblemLanguage.ToJapanese).ToArray());
            context.Response.Headers.ContentLanguage = "ja";
        }

        context.Response.Headers.Vary = "Accept-Language";
        var extensions = new Dictionary<string, object?> { ["traceId"] = context.TraceIdentifier };
        if (errors is not null)
        {
            extensions["errors"] = errors;
        }

        return TypedResults.Problem(detail, context.Request.Path, status, title, $"https://grants.example.ac.jp/problems/{status}", extensions);
    }
}
