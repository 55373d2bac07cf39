using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Grants.Workflows;
using Grants.Workflows.Storage;

namespace Grants.Local;

/// <summary>A mail SendGrid would have delivered, as captured by the local runtime.</summary>
public sealed record CapturedMail(DateTimeOffset At, string To, string Subject, string Body, string Raw);

/// <summary>
/// Stands in for SendGrid's <c>POST /v3/mail/send</c>: the real SendGrid client is pointed here, and what it sends
/// is kept in a table so a developer can read it at <c>GET /dev/mail</c>, even after a restart.
/// </summary>
public static class MailCapture
{
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
            var body = json?["content"]?.AsArray().FirstOrDefault()?["value"]?.GetValue<string>() ?? "";
            var now = clock.GetUtcNow();
            await captured.TryInsertAsync("mail", $"{now.UtcTicks:D19}-{Guid.NewGuid():N}", new CapturedMail(now, to, subject, body, raw));
            return Results.Accepted();
        });

        app.MapGet("/dev/mail", async (string? to, HttpContext context) =>
        {
            var all = await captured.QueryPartitionAsync("mail", context.RequestAborted)
                .Where(m => to is null || m.To.Contains(to, StringComparison.OrdinalIgnoreCase))
                .Select(m => new { m.At, m.To, m.Subject, m.Body })
                .ToListAsync(context.RequestAborted);
            return Results.Json(all, GrantsJson.Options);
        });
    }
}
