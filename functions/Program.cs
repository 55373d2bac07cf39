using Azure.Core.Serialization;
using Grants.Workflows;
using Grants.Workflows.Applications;
using Grants.Workflows.Mail;
using Grants.Workflows.Payouts.Zengin;
using Grants.Workflows.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Grants.Functions;

/// <summary>
/// The Azure Functions (isolated worker) host of Grants. Settings (names in <see cref="AppSettings"/>), as app settings
/// in Azure or environment variables / local.settings.json "Values" locally (a double underscore is a section separator):
/// <list type="bullet">
/// <item><c>GrantsStorage</c>: a storage connection string, e.g. <c>UseDevelopmentStorage=true</c> with Azurite; or, when absent,</item>
/// <item><c>GrantsStorage__accountName</c>: the storage account reached with <c>DefaultAzureCredential</c> (managed identity in Azure;
/// set <c>AZURE_CLIENT_ID</c> for a user-assigned identity).</item>
/// <item><c>Mail__ApiKey</c>, <c>Mail__FromEmail</c>, <c>Mail__FromName</c>, <c>Mail__Host</c> (SendGrid; Host only to redirect it), <c>Mail__PortalUrl</c> (where mail links lead).</item>
/// <item><c>Workflow__ReminderEvery</c>, <c>Workflow__EscalateAfter</c>, <c>Workflow__PaymentEvery</c>, <c>Workflow__ReportDueAfter</c>,
/// <c>Workflow__ReportReminderEvery</c>: optional TimeSpans such as <c>3.00:00:00</c>.</item>
/// <item>The Functions host's own: <c>AzureWebJobsStorage</c> (Durable task hub "GrantsHub", see host.json; in Azure
/// <c>AzureWebJobsStorage__accountName</c>) and <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>; locally also
/// <c>FUNCTIONS_WORKER_RUNTIME=dotnet-isolated</c> (on Flex Consumption that is <c>functionAppConfig.runtime</c>).</item>
/// </list>
/// </summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();

        var (tables, blobs) = StorageClients.Create(builder.Configuration);
        var mail = builder.Configuration.GetSection(AppSettings.MailSection).Get<MailOptions>() ?? new MailOptions();
        var workflow = builder.Configuration.GetSection(AppSettings.WorkflowSection).Get<WorkflowOptions>() ?? new WorkflowOptions();
        builder.Services.AddGrants(new GrantsStorage(tables, blobs), mail, workflow);
        builder.Services.Configure<ZenginOptions>(builder.Configuration.GetSection(ZenginOptions.Section));

        // Bindings and Durable payloads (the Durable extension derives its data converter from this serializer)
        // use the one JSON shape of Grants, as the local runtime does.
        builder.Services.Configure<WorkerOptions>(options => options.Serializer = new JsonObjectSerializer(GrantsJson.Options));
        builder.Services.AddHostedService<EnsureStorage>();

        using var host = builder.Build();
        await host.RunAsync();
    }
}
