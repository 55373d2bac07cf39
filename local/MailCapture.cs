using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Grants.Workflows;
using Grants.Workflows.Storage;

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
/// Stands in for SendGrid's <c>POST /v3/mail/send</c>: the real SendGrid client is pointed here, and what it sends
/// is kept in a table so a developer can read it at <c>GET /dev/mail</c> (the text, and a link to each HTML part at
/// <c>GET /dev/mail/{id}.html</c>), even after a restart.
/// </summary>
public static class MailCapture
{
    /// <summary>
    /// The HTML of a mail is shown as a mail reader would: no script, nothing loaded from anywhere (a title from an
    /// applicant is escaped by the templates; this is the second wall), links opening outside.
    /// </summary>
    const string HtmlPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox allow-popups allow-popups-to-escape-sandbox";

    public static void MapMailCapture(this WebApplication app, TableServiceClient tables, string prefix)
    {
        var captured = new DocumentTable<CapturedMail>(tables.GetTableClient(prefix + "capturedmail"));
        captured.Client.CreateIfNotExists();

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
            await captured.TryInsertAsync("mail", id, new CapturedMail(now, to, subject, Part("text/plain") ?? "", raw) { Id = id, Html = Part("text/html") });
            return Results.Accepted();
        });

        app.MapGet("/dev/mail", async (string? to, HttpContext context) =>
        {
            var all = await captured.QueryPartitionAsync("mail", context.RequestAborted)
                .Where(m => to is null || m.To.Contains(to, StringComparison.OrdinalIgnoreCase))
                .Select(m => new { m.Id, m.At, m.To, m.Subject, m.Body, Html = m.Html is null ? null : $"/dev/mail/{m.Id}.html" })
                .ToListAsync(context.RequestAborted);
            return Results.Json(all, GrantsJson.Options);
        });

        app.MapGet("/dev/mail/{id}.html", async (string id, HttpContext context) =>
        {
            // Ids are the keys this capture wrote (ticks and a GUID); anything else is not a key to look up.
            if (!id.All(c => char.IsAsciiHexDigit(c) || c == '-') || (await captured.GetAsync("mail", id, context.RequestAborted))?.Value.Html is not { } html)
            {
                return Results.NotFound();
            }

            context.Response.Headers.ContentSecurityPolicy = HtmlPolicy;
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.Content(html, "text/html; charset=utf-8");
        });
    }
}
