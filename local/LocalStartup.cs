using Grants.Api;
using Grants.Workflows;
using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Grants.Workflows.Mail;
using Grants.Workflows.Money;
using Grants.Workflows.Programs;
using Grants.Workflows.Payouts.Zengin;
using Grants.Workflows.Storage;
using Grpc.Net.Client;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Grants.Local;

/// <summary>What the local runtime reads from its configuration before it starts, and what it stores once it has.</summary>
static class LocalStartup
{
    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <summary>The first address the runtime listens on; null (the reason written to stderr) unless it is a loopback address.</summary>
    public static string? LoopbackAddress(IConfiguration configuration)
    {
        var selfAddress = (configuration["urls"] ?? DefaultUrl).Split(';')[0].TrimEnd('/');
        if (Uri.TryCreate(selfAddress, UriKind.Absolute, out var self) && System.Net.IPAddress.TryParse(self.Host, out var ip) && System.Net.IPAddress.IsLoopback(ip))
        {
            return selfAddress;
        }

        Console.Error.WriteLine($"The local runtime binds to loopback only (e.g. {DefaultUrl}), not {selfAddress}.");
        return null;
    }

    /// <summary>Mail goes to the runtime's own capture (<see cref="MailCapture"/>) and links to the portal it serves, unless configured otherwise.</summary>
    public static MailOptions MailOptions(IConfiguration configuration, string selfAddress)
    {
        var mail = configuration.GetSection("Mail").Get<MailOptions>() ?? new MailOptions();
        mail.Host ??= selfAddress;
        if (string.IsNullOrWhiteSpace(mail.PortalUrl))
        {
            mail.PortalUrl = selfAddress;
        }

        if (mail.ApiKey.Length == 0)
        {
            mail.ApiKey = "local-capture";
        }

        return mail;
    }

    /// <summary>Publishes the shipped programs that are missing and, unless started with --no-demo, the demo people, funds, calls and accounts.</summary>
    public static async Task SeedAsync(IServiceProvider services, TimeProvider clock, bool withDemo)
    {
        var programs = services.GetRequiredService<ProgramCatalog>();
        await ShippedPrograms.PublishMissingAsync(programs);
        if (!withDemo)
        {
            return;
        }

        var now = clock.GetUtcNow();
        await DemoData.SeedAsync(
            services.GetRequiredService<PeopleDirectory>(), programs, services.GetRequiredService<CallService>(), services.GetRequiredService<FundStore>(), FiscalYear.Of(now));
        await DemoBankAccounts.SeedAsync(services.GetRequiredService<BankAccountStore>(), now);
    }

    /// <summary>The clock of <c>Clock:Now</c> (or the system's); null (the reason written to stderr) when the setting cannot be read.</summary>
    public static TimeProvider? Clock(IConfiguration configuration)
    {
        try
        {
            return ClockStartingAt.From(configuration);
        }
        catch (InvalidOperationException unreadable)
        {
            Console.Error.WriteLine(unreadable.Message);
            return null;
        }
    }

    /// <summary>Grants' services, with the durable worker and client on the local sidecar's channel.</summary>
    public static void AddServices(WebApplicationBuilder builder, GrantsStorage storage, MailOptions mail, WorkflowOptions workflow, TimeProvider clock, GrpcChannel channel)
    {
        builder.Services.AddGrants(storage, mail, workflow);
        // One clock for every date decision (calls, fiscal years, budgets, payouts); Clock:Now moves it for development and tests.
        builder.Services.Replace(ServiceDescriptor.Singleton(clock));
        builder.Services.Configure<ZenginOptions>(builder.Configuration.GetSection(ZenginOptions.Section));
        builder.Services.AddDurableTaskWorker(worker =>
        {
            worker.AddTasks(registry => registry.AddGrantsTasks());
            worker.UseGrpc(channel);
        });
        builder.Services.AddDurableTaskClient(client => client.UseGrpc(channel));
        builder.Services.AddProblemDetails();
    }

    /// <summary>Loopback only, the development sign-in, the API, the portal and the captured mail.</summary>
    public static void MapLocalRuntime(this WebApplication app, string mailFolder)
    {
        app.UseLoopbackOnly();
        app.UseDevelopmentSignInCookie();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapGrantsApi();
        app.MapDevelopmentSignIn();
        app.MapMethods("/{**path}", [HttpMethods.Get, HttpMethods.Head], (HttpContext context, string? path) => PortalFiles.ServeAsync(context, path));
        app.MapMailCapture(mailFolder);
    }
}
