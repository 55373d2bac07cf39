using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Grants.Api;

/// <summary>
/// The web portal (the <c>portal/</c> folder, embedded in this assembly at build) served at <c>/</c> by both hosts: static
/// files only, same-origin scripts only (a strict Content-Security-Policy), revalidated by ETag so a deployment shows at once.
/// </summary>
public static class PortalFiles
{
    const string Prefix = "portal/";

    /// <summary>Scripts, styles and API calls from this origin only; nothing inline, no frames, no plug-ins.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    sealed record PortalFile(byte[] Content, string ContentType, string ETag);

    static readonly FrozenDictionary<string, PortalFile> Files = Load();

    /// <summary>The paths served, for tests and diagnostics.</summary>
    public static IEnumerable<string> Paths => Files.Keys;

    /// <summary>Answers GET/HEAD for a path below <c>/</c> (<c>""</c> is the start page). Anything under <c>api/</c> is not a file: 404 problem.</summary>
    public static async Task ServeAsync(HttpContext http, string? path)
    {
        var name = (path ?? "").TrimStart('/');
        if (name.Length == 0)
        {
            name = "index.html";
        }

        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            http.Response.Headers.Allow = "GET, HEAD";
            await ProblemResults.Create(StatusCodes.Status405MethodNotAllowed, "Method not allowed", "The portal's pages are read with GET.", http).ExecuteAsync(http);
            return;
        }

        if (!Files.TryGetValue(name, out var file))
        {
            await ProblemResults.Create(StatusCodes.Status404NotFound, "Not found", "There is nothing at this address.", http).ExecuteAsync(http);
            return;
        }

        var headers = http.Response.Headers;
        headers.ETag = file.ETag;
        headers.CacheControl = "no-cache";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Select(t => t.Trim()).Contains(file.ETag)))
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        http.Response.ContentType = file.ContentType;
        http.Response.ContentLength = file.Content.Length;
        if (HttpMethods.IsGet(http.Request.Method))
        {
            await http.Response.Body.WriteAsync(file.Content, http.RequestAborted);
        }
    }

    static FrozenDictionary<string, PortalFile> Load()
    {
        var assembly = typeof(PortalFiles).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .ToFrozenDictionary(n => n[Prefix.Length..].Replace('\\', '/'), n => Read(assembly, n), StringComparer.Ordinal);
    }

    static PortalFile Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var content = buffer.ToArray();
        var type = Path.GetExtension(resource) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".png" => "image/png",
            ".ico" => "image/x-icon",
            ".json" => "application/json; charset=utf-8",
            _ => "application/octet-stream",
        };
        return new PortalFile(content, type, $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..32]}\"");
    }
}
