using System.Net;
using Grants.Api;

namespace Grants.Local;

/// <summary>
/// The local runtime's stand-in for Easy Auth: it accepts the <c>X-MS-CLIENT-PRINCIPAL</c> header only from
/// loopback clients, and hands out header values for the demo people. It exists only in this development host.
/// </summary>
public static class DevelopmentSignIn
{
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

    /// <summary><c>GET /dev/principal?id=…&amp;roles=a,b</c> answers the header value Easy Auth would send for that person.</summary>
    public static void MapDevelopmentSignIn(this WebApplication app) =>
        app.MapGet("/dev/principal", (string id, string? roles) =>
            Results.Text(EasyAuthPrincipal.Encode(id, (roles ?? "applicant").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))));
}
