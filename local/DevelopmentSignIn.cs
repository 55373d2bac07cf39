using System.Net;
using Grants.Api;
using Grants.Workflows.Access;
using Grants.Workflows.Demo;
using Grants.Workflows.People;

namespace Grants.Local;

/// <summary>
/// The local runtime's stand-in for Easy Auth: it accepts the <c>X-MS-CLIENT-PRINCIPAL</c> header only from
/// loopback clients, hands out header values for the demo people, and signs a browser in as one of them with a
/// cookie that this host turns into that header. It exists only in this development host.
/// </summary>
public static class DevelopmentSignIn
{
    const string Cookie = "grants-dev-principal";

    /// <summary>The demo people a browser may sign in as, with the app roles Entra would give them.</summary>
    static readonly IReadOnlyList<(Person Person, string[] Roles)> People =
    [
        (DemoData.Researcher, [Roles.Applicant]),
        (DemoData.Student, [Roles.Applicant]),
        (DemoData.Supervisor, [Roles.Applicant]),
        (DemoData.InternationalStudent, [Roles.Applicant]),
        (DemoData.Director, [Roles.Director]),
        (DemoData.JointUseApprover, [Roles.Approver]),
        (DemoData.Finance, [Roles.Finance]),
        (DemoData.Admin, [Roles.Admin]),
    ];

    sealed record SignInRequest(string? Id);

    public static void UseLoopbackOnly(this WebApplication app) => app.Use(async (context, next) =>
    {
        var remote = context.Connection.RemoteIpAddress;
        if (remote is not null && !IPAddress.IsLoopback(remote))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        await next(context);
    });

    /// <summary>A browser signed in here sends the cookie; Easy Auth would send the header, so the cookie becomes the header.</summary>
    public static void UseDevelopmentSignInCookie(this WebApplication app) => app.Use(async (context, next) =>
    {
        if (!context.Request.Headers.ContainsKey(EasyAuthPrincipal.Header) && context.Request.Cookies.TryGetValue(Cookie, out var principal) && principal.Length > 0)
        {
            context.Request.Headers[EasyAuthPrincipal.Header] = principal;
        }

        await next(context);
    });

    /// <summary>
    /// <c>GET /dev/principal?id=…&amp;roles=a,b</c> answers the header value Easy Auth would send for that person;
    /// <c>GET /dev/people</c> lists the demo people; <c>POST /dev/sign-in</c> <c>{"id":…}</c> and <c>POST /dev/sign-out</c> set and clear the browser's cookie.
    /// </summary>
    public static void MapDevelopmentSignIn(this WebApplication app)
    {
        app.MapGet("/dev/principal", (string id, string? roles) =>
            Results.Text(EasyAuthPrincipal.Encode(id, (roles ?? "applicant").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))));

        app.MapGet("/dev/people", () => Results.Json(People.Select(p => new { id = p.Person.Id, name = p.Person.Name, position = p.Person.Position.ToString(), roles = p.Roles })));

        app.MapPost("/dev/sign-in", (SignInRequest request, HttpContext context) =>
        {
            var match = People.FirstOrDefault(p => p.Person.Id == request.Id);
            if (match.Person is null)
            {
                return Results.Problem("Choose one of the people listed at /dev/people.", statusCode: StatusCodes.Status400BadRequest, title: "Unknown person");
            }

            context.Response.Cookies.Append(Cookie, EasyAuthPrincipal.Encode(match.Person.Id, match.Roles), new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/" });
            return Results.NoContent();
        });

        app.MapPost("/dev/sign-out", (HttpContext context) =>
        {
            context.Response.Cookies.Delete(Cookie, new CookieOptions { Path = "/" });
            return Results.NoContent();
        });
    }
}
