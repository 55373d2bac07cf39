using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Grants.Tests.Infrastructure;

/// <summary>A message exactly as the SendGrid client sent it, with the fields tests look at pulled out (Body is the plain-text part).</summary>
public sealed record SentMessage(string To, string Subject, string Body, JsonNode Raw)
{
    /// <summary>The content parts in the order sent, by MIME type (text/plain, text/html).</summary>
    public IReadOnlyList<(string Type, string Value)> Parts =>
        Raw["content"]?.AsArray().Select(c => (c!["type"]!.GetValue<string>(), c["value"]!.GetValue<string>())).ToList() ?? [];

    /// <summary>The HTML part, if any.</summary>
    public string? Html => Parts.FirstOrDefault(p => p.Type == "text/html").Value;
}

/// <summary>
/// A local HTTP endpoint that answers SendGrid's <c>POST /v3/mail/send</c> with 202 and keeps what the real
/// SendGrid client sent. Point <c>SendGridClientOptions.Host</c> at <see cref="Address"/>.
/// </summary>
public sealed class MailSink : IAsyncDisposable
{
    readonly WebApplication app;

    MailSink(WebApplication app, string address)
    {
        this.app = app;
        Address = address;
    }

    public string Address { get; }

    public ConcurrentQueue<SentMessage> Messages { get; } = new();

    /// <summary>When set, the sink answers with this status instead of 202 (to test SendGrid failures).</summary>
    public HttpStatusCode? FailWith { get; set; }

    public static async Task<MailSink> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var sink = new MailSink(app, $"http://127.0.0.1:{port}");
        app.MapPost("/v3/mail/send", async (HttpRequest request) =>
        {
            if (sink.FailWith is { } failure)
            {
                return Results.StatusCode((int)failure);
            }

            var json = (await JsonNode.ParseAsync(request.Body))!;
            var personalization = json["personalizations"]![0]!;
            sink.Messages.Enqueue(new SentMessage(
                personalization["to"]![0]!["email"]!.GetValue<string>(),
                personalization["subject"]?.GetValue<string>() ?? json["subject"]?.GetValue<string>() ?? "",
                json["content"]?[0]?["value"]?.GetValue<string>() ?? "",
                json));
            return Results.Accepted();
        });
        await app.StartAsync();
        return sink;
    }

    public IReadOnlyList<SentMessage> To(string email) => Messages.Where(m => m.To == email).ToList();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
