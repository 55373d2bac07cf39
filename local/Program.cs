using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Grants.Api;
using Grants.Local;
using Grants.Workflows;
using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Grants.Workflows.Mail;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts.Zengin;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using Grpc.Net.Client;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection.Extensions;

// The local runtime: the same routes and orchestrations as the Functions app, in one ASP.NET Core process,
// with a durable engine on Azurite. For development and tests only; it refuses to run as Production.
// --no-demo starts it as a fresh deployment starts: the shipped programs, but no demo people, funds, budgets or calls.
const string NoDemo = "--no-demo";
var withDemo = !args.Contains(NoDemo);
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = [.. args.Where(a => a != NoDemo)],
    // appsettings.json next to the binary, wherever the process is started from (start.sh, the tests, an IDE).
    ContentRootPath = AppContext.BaseDirectory,
    EnvironmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Development,
});
if (builder.Environment.IsProduction() && !builder.Configuration.GetValue<bool>("Grants:AllowLocalRuntime"))
{
    Console.Error.WriteLine("The local runtime is a development host with a development sign-in; it does not run with ASPNETCORE_ENVIRONMENT=Production. Deploy the Functions app instead.");
    return 2;
}

var urls = builder.Configuration["urls"] ?? "http://127.0.0.1:7071";
builder.WebHost.UseUrls(urls);
var selfAddress = urls.Split(';')[0].TrimEnd('/');
if (!Uri.TryCreate(selfAddress, UriKind.Absolute, out var self) || !System.Net.IPAddress.TryParse(self.Host, out var ip) || !System.Net.IPAddress.IsLoopback(ip))
{
    Console.Error.WriteLine($"The local runtime binds to loopback only (e.g. http://127.0.0.1:7071), not {selfAddress}.");
    return 2;
}

TimeProvider clock;
try
{
    clock = ClockStartingAt.From(builder.Configuration);
}
catch (InvalidOperationException unreadable)
{
    Console.Error.WriteLine(unreadable.Message);
    return 2;
}

var storageConnection = builder.Configuration["GrantsStorage"] ?? "UseDevelopmentStorage=true";
var durableOptions = builder.Configuration.GetSection("Durable").Get<DurableOptions>() ?? new DurableOptions();
var mailOptions = builder.Configuration.GetSection("Mail").Get<MailOptions>() ?? new MailOptions();
mailOptions.Host ??= selfAddress;
if (mailOptions.ApiKey.Length == 0)
{
    mailOptions.ApiKey = "local-capture";
}

var workflowOptions = builder.Configuration.GetSection("Workflow").Get<WorkflowOptions>() ?? new WorkflowOptions();

using var startupLogging = LoggerFactory.Create(logging => logging.AddConfiguration(builder.Configuration.GetSection("Logging")).AddSimpleConsole(o => o.SingleLine = true));
var startupLogger = startupLogging.CreateLogger("Grants.Local");
var repositoryRoot = RepositoryRoot.Find();
await AzuriteProcess.EnsureRunningAsync(storageConnection, repositoryRoot, startupLogger, CancellationToken.None);

var tables = new TableServiceClient(storageConnection);
var blobs = new BlobServiceClient(storageConnection);
var storage = new GrantsStorage(tables, blobs, builder.Configuration["StoragePrefix"] ?? "");
await storage.EnsureCreatedAsync();

await using var sidecar = await DurableSidecar.StartAsync(storageConnection, durableOptions, startupLogging, CancellationToken.None);
using var channel = GrpcChannel.ForAddress(sidecar.Address);

builder.Services.AddGrants(storage, mailOptions, workflowOptions);
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

var app = builder.Build();
app.UseLoopbackOnly();
app.UseDevelopmentSignInCookie();
app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapGrantsApi();
app.MapDevelopmentSignIn();
app.MapMethods("/{**path}", [HttpMethods.Get, HttpMethods.Head], (HttpContext context, string? path) => PortalFiles.ServeAsync(context, path));
app.MapMailCapture(tables, builder.Configuration["StoragePrefix"] ?? "");

var programs = app.Services.GetRequiredService<ProgramCatalog>();
await ShippedPrograms.PublishMissingAsync(programs);
if (withDemo)
{
    var now = clock.GetUtcNow();
    await DemoData.SeedAsync(
        app.Services.GetRequiredService<PeopleDirectory>(),
        programs,
        app.Services.GetRequiredService<CallService>(),
        app.Services.GetRequiredService<FundStore>(),
        FiscalYear.Of(now));
    await DemoBankAccounts.SeedAsync(app.Services.GetRequiredService<BankAccountStore>(), now);
}

app.Lifetime.ApplicationStarted.Register(() => startupLogger.LogInformation(
    "Grants is running: the portal at {Url}/, the API at {Url}/api, captured mail at {Url}/dev/mail, sign-in headers at {Url}/dev/principal?id=…&roles=…", selfAddress, selfAddress, selfAddress, selfAddress));
await app.RunAsync();
return 0;
