using System.Text.Json;
using System.Text.Json.Nodes;
using Grants.Workflows;

namespace Grants.Local;

/// <summary>A mail SendGrid would have delivered, as captured by the local runtime: its plain-text and HTML parts and the request as sent.</summary>
public sealed record CapturedMail(DateTimeOffset At, string To, string Subject, string Body, string Raw)
{
    /// <summary>Its key, which <c>GET /dev/mail/{id}.html</c> shows it by.</summary>
    public string? Id { get; init; }

    /// <summary>The HTML part, if it had one.</summary>
    public string? Html { get; init; }
}

/// <summary>
/// Stands in for SendGrid's <c>POST /v3/mail/send</c>: the real SendGrid client is pointed here, and what it sends is
/// kept as one file a mail in a folder (<see cref="Folder"/>) so a developer can read it at <c>GET /dev/mail</c> (the
/// text, and a link to each HTML part at <c>GET /dev/mail/{id}.html</c>), even after a restart. Not in the storage the
/// runtime's tables live in: in Azure the mail leaves for SendGrid, and the stand-in for an outside service should not
/// load the emulator Grants' own tables and the durable engine share.
/// </summary>
public static class MailCapture
{
    /// <summary>
    /// The HTML of a mail is shown as a mail reader would: no script, nothing loaded from anywhere (a title from an
    /// applicant is escaped by the templates; this is the second wall), links opening outside.
    /// </summary>
    const string HtmlPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox allow-popups allow-popups-to-escape-sandbox";

    /// <summary>
    /// Where the mail of a runtime is kept: <c>Mail:CaptureFolder</c> when set; beside Azurite's data in <c>.azurite/mail</c>
    /// for the development storage (so deleting <c>.azurite</c> starts over with the mail too); otherwise a folder under the
    /// system's temporary folder named for the table endpoint and prefix, which every runtime on the same storage shares.
    /// </summary>
    public static string Folder(IConfiguration configuration, string storageConnection, Uri tableEndpoint, string prefix, string repositoryRoot)
    {
        if (configuration["Mail:CaptureFolder"] is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        var name = prefix.Length == 0 ? "default" : prefix;
        if (storageConnection.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase))
        {
            return Path.Combine(repositoryRoot, ".azurite", "mail", name);
        }

        var endpoint = string.Concat($"{tableEndpoint.Host}_{tableEndpoint.Port}{tableEndpoint.AbsolutePath}".Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' ? c : '_'));
        return Path.Combine(Path.GetTempPath(), "grants-mail", $"{endpoint}-{name}");
    }

    public static void MapMailCapture(this WebApplication app, string folder)
    {
        Directory.CreateDirectory(folder);

        app.MapPost("/v3/mail/send", async (HttpRequest request, TimeProvider clock) =>
        {
            using var reader = new StreamReader(request.Body);
            var raw = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
            var json = JsonNode.Parse(raw);
            var to = string.Join(", ", json?["personalizations"]?.AsArray().SelectMany(p => p?["to"]?.AsArray() ?? []).Select(t => t?["email"]?.GetValue<string>()) ?? []);
            var subject = json?["personalizations"]?[0]?["subject"]?.GetValue<string>() ?? json?["subject"]?.GetValue<string>() ?? "";
            var parts = json?["content"]?.AsArray() ?? [];
            string? Part(string type) => parts.FirstOrDefault(c => c?["type"]?.GetValue<string>() == type)?["value"]?.GetValue<string>();
            var now = clock.GetUtcNow();
            var id = $"{now.UtcTicks:D19}-{Guid.NewGuid():N}";
            var mail = new CapturedMail(now, to, subject, Part("text/plain") ?? "", raw) { Id = id, Html = Part("text/html") };
            // Written whole under a name no reader lists, then renamed: a reader sees the mail complete or not at all,
            // and a process killed while writing leaves only the partial file, never a listed half mail.
            var partial = Path.Combine(folder, id + ".partial");
            await File.WriteAllBytesAsync(partial, JsonSerializer.SerializeToUtf8Bytes(mail, GrantsJson.Options), request.HttpContext.RequestAborted);
            File.Move(partial, Path.Combine(folder, id + ".json"));
            return Results.Accepted();
        });

        app.MapGet("/dev/mail", async (string? to, HttpContext context) =>
        {
            var all = new List<object>();
            // The names begin with the time of capture, so their order is the order the mail came in.
            foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
            {
                if (await ReadAsync(file, context.RequestAborted) is { } m && (to is null || m.To.Contains(to, StringComparison.OrdinalIgnoreCase)))
                {
                    all.Add(new { m.Id, m.At, m.To, m.Subject, m.Body, Html = m.Html is null ? null : $"/dev/mail/{m.Id}.html" });
                }
            }

            return Results.Json(all, GrantsJson.Options);
        });

        app.MapGet("/dev/mail/{id}.html", async (string id, HttpContext context) =>
        {
            // Ids are the names this capture wrote (ticks and a GUID); anything else is not a name to look up.
            if (!id.All(c => char.IsAsciiHexDigit(c) || c == '-') || (await ReadAsync(Path.Combine(folder, id + ".json"), context.RequestAborted))?.Html is not { } html)
            {
                return Results.NotFound();
            }

            context.Response.Headers.ContentSecurityPolicy = HtmlPolicy;
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.Content(html, "text/html; charset=utf-8");
        });
    }

    static async Task<CapturedMail?> ReadAsync(string file, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = File.OpenRead(file);
            return await JsonSerializer.DeserializeAsync<CapturedMail>(stream, GrantsJson.Options, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
