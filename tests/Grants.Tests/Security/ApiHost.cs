using System.Net.Http.Headers;
using Grants.Api;
using Grants.Tests.Infrastructure;
using Grants.Tests.Orchestration;
using Grants.Workflows;
using Grants.Workflows.Applications;
using Grants.Workflows.Mail;
using Grants.Workflows.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grants.Tests.Security;

/// <summary>
/// The route table served over HTTP by Kestrel on a free loopback port, as the local runtime maps it, with the workflow
/// under the in-memory Durable Task host of a <see cref="WorkflowHarness"/>. Requests go through the real handlers.
/// </summary>
public sealed class ApiHost : IAsyncDisposable
{
    readonly WebApplication app;

    ApiHost(WebApplication app, WorkflowHarness harness, Uri baseAddress, CapturedLog log)
    {
        this.app = app;
        Log = log;
        Harness = harness;
        BaseAddress = baseAddress;
    }

    public WorkflowHarness Harness { get; }

    public GrantsStorage Storage => Harness.Storage;

    /// <summary>The API's own services (a directory written through them is one the API's copy of it hears of at once).</summary>
    public IServiceProvider Services => app.Services;

    public Uri BaseAddress { get; }

    /// <summary>What the handlers logged, to prove no bank details reach the logs.</summary>
    public CapturedLog Log { get; }

    public static async Task<ApiHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var harness = await WorkflowHarness.StartAsync();
        var port = FreePort.Next();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var log = new CapturedLog();
        builder.Logging.AddProvider(log);
        builder.Services.AddGrants(harness.Storage, new MailOptions { ApiKey = "test", Host = harness.Mail.Address }, new WorkflowOptions());
        builder.Services.AddSingleton(harness.Client);
        var app = builder.Build();
        app.MapGrantsApi();

        await app.StartAsync();
        return new ApiHost(app, harness, new Uri($"http://127.0.0.1:{port}"), log);
    }

    /// <summary>A client signed in as the person with the roles (as Easy Auth would sign them in); no principal when <paramref name="personId"/> is null.</summary>
    public HttpClient ClientFor(string? personId, params string[] roles)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(100) };
        if (personId is not null)
        {
            client.DefaultRequestHeaders.Add(EasyAuthPrincipal.Header, EasyAuthPrincipal.Encode(personId, roles));
        }

        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        await Harness.DisposeAsync();
    }
}

/// <summary>Keeps every formatted log line (with exceptions) of a host.</summary>
public sealed class CapturedLog : ILoggerProvider
{
    public System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    sealed class Logger(CapturedLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
