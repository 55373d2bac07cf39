using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Grants.Local;
using Grants.Workflows;
using Grants.Workflows.Applications;
using Grants.Workflows.Storage;
using Grpc.Net.Client;

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

var selfAddress = LocalStartup.LoopbackAddress(builder.Configuration);
if (selfAddress is null)
{
    return 2;
}

builder.WebHost.UseUrls(builder.Configuration["urls"] ?? LocalStartup.DefaultUrl);
var clock = LocalStartup.Clock(builder.Configuration);
if (clock is null)
{
    return 2;
}

var storageConnection = builder.Configuration["GrantsStorage"] ?? "UseDevelopmentStorage=true";
var durableOptions = builder.Configuration.GetSection("Durable").Get<DurableOptions>() ?? new DurableOptions();
var mailOptions = LocalStartup.MailOptions(builder.Configuration, selfAddress);
var workflowOptions = builder.Configuration.GetSection("Workflow").Get<WorkflowOptions>() ?? new WorkflowOptions();

using var startupLogging = LoggerFactory.Create(logging => logging.AddConfiguration(builder.Configuration.GetSection("Logging")).AddSimpleConsole(o => o.SingleLine = true));
var startupLogger = startupLogging.CreateLogger("Grants.Local");
var repositoryRoot = RepositoryRoot.Find();
await AzuriteProcess.EnsureRunningAsync(storageConnection, repositoryRoot, startupLogger, CancellationToken.None);

// StorageStepHeader (the load driver sets it) names each table request's workflow step or API route for a counting proxy.
var tables = builder.Configuration.GetValue<bool>("StorageStepHeader") ? new TableServiceClient(storageConnection, StorageStep.TaggedOptions()) : new TableServiceClient(storageConnection);
var blobs = new BlobServiceClient(storageConnection);
var prefix = builder.Configuration["StoragePrefix"] ?? "";
var storage = new GrantsStorage(tables, blobs, prefix);
await storage.EnsureCreatedAsync();

await using var sidecar = await DurableSidecar.StartAsync(storageConnection, durableOptions, startupLogging, CancellationToken.None);
using var channel = GrpcChannel.ForAddress(sidecar.Address);

LocalStartup.AddServices(builder, storage, mailOptions, workflowOptions, clock, channel);
var app = builder.Build();
app.MapLocalRuntime(MailCapture.Folder(builder.Configuration, storageConnection, tables.Uri, prefix, repositoryRoot));
await LocalStartup.SeedAsync(app.Services, clock, withDemo);

app.Lifetime.ApplicationStarted.Register(() => startupLogger.LogInformation(
    "Grants is running: the portal at {Url}/, the API at {Url}/api, captured mail at {Url}/dev/mail, sign-in headers at {Url}/dev/principal?id=…&roles=…", selfAddress, selfAddress, selfAddress, selfAddress));
await app.RunAsync();
return 0;
