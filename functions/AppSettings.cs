namespace Grants.Functions;

/// <summary>
/// Every app setting the Functions app and its host read, by the name it has as an app setting (environment
/// variable: a double underscore separates configuration sections). <see cref="All"/> is exactly what
/// <c>infra/</c> sets in Azure; a test holds the compiled template to it, in both directions.
/// </summary>
public static class AppSettings
{
    /// <summary>Configuration section of <see cref="Grants.Workflows.Mail.MailOptions"/>.</summary>
    public const string MailSection = "Mail";

    /// <summary>Configuration section of <see cref="Grants.Workflows.Applications.WorkflowOptions"/>.</summary>
    public const string WorkflowSection = "Workflow";

    /// <summary>A storage connection string for Grants' tables and blobs. Local and tests only (Azurite); in Azure
    /// shared-key access is disabled and <see cref="GrantsStorageAccountName"/> is used instead.</summary>
    public const string GrantsStorage = "GrantsStorage";

    /// <summary>The storage account of Grants' tables and blobs, reached with <c>DefaultAzureCredential</c> (the app's
    /// managed identity in Azure) when <see cref="GrantsStorage"/> is not set.</summary>
    public const string GrantsStorageAccountName = GrantsStorage + "__accountName";

    /// <summary>SendGrid API key; in Azure a Key Vault reference.</summary>
    public const string MailApiKey = MailSection + "__ApiKey";

    public const string MailFromEmail = MailSection + "__FromEmail";

    public const string MailFromName = MailSection + "__FromName";

    /// <summary>Where the SendGrid client sends: only to redirect it to a local capture (local runtime, tests).</summary>
    public const string MailHost = MailSection + "__Host";

    /// <summary>Optional TimeSpan overriding every program's approval reminder interval; empty means the program's value.</summary>
    public const string WorkflowReminderEvery = WorkflowSection + "__ReminderEvery";

    /// <summary>Optional TimeSpan overriding when an unanswered approval is escalated; empty means the program's value.</summary>
    public const string WorkflowEscalateAfter = WorkflowSection + "__EscalateAfter";

    /// <summary>Optional TimeSpan between monthly payouts (a demo or test clock); empty means calendar months.</summary>
    public const string WorkflowPaymentEvery = WorkflowSection + "__PaymentEvery";

    /// <summary>Optional TimeSpan overriding when every program's post-award report is due; empty means the program's value.</summary>
    public const string WorkflowReportDueAfter = WorkflowSection + "__ReportDueAfter";

    /// <summary>Optional TimeSpan overriding every program's report reminder interval; empty means the program's value.</summary>
    public const string WorkflowReportReminderEvery = WorkflowSection + "__ReportReminderEvery";

    /// <summary>The Functions host's own storage (keys, timers) and the Durable Task hub (host.json: hub "GrantsHub",
    /// default connection "AzureWebJobsStorage"), through the managed identity.</summary>
    public const string AzureWebJobsStorageAccountName = "AzureWebJobsStorage__accountName";

    /// <summary>Where the host and the worker send logs, traces and metrics.</summary>
    public const string ApplicationInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>
    /// What the app expects as app settings in Azure. Not listed, on purpose:
    /// <list type="bullet">
    /// <item><see cref="GrantsStorage"/> and <see cref="MailHost"/>: local and test overrides; in Azure the app uses its
    /// managed identity and SendGrid's own address.</item>
    /// <item><c>FUNCTIONS_WORKER_RUNTIME</c> and the runtime version: on Flex Consumption they are
    /// <c>functionAppConfig.runtime</c> (dotnet-isolated 10.0), and the app setting is deprecated there.</item>
    /// <item><c>FUNCTIONS_EXTENSION_VERSION</c>: Flex Consumption sets it itself; the setting is deprecated there.</item>
    /// <item><c>WEBSITE_RUN_FROM_PACKAGE</c>, <c>WEBSITE_CONTENT*</c> and other deployment settings: Flex Consumption
    /// deploys from the blob container in <c>functionAppConfig.deployment</c>.</item>
    /// </list>
    /// </summary>
    public static IReadOnlyList<string> All { get; } =
    [
        AzureWebJobsStorageAccountName,
        ApplicationInsightsConnectionString,
        GrantsStorageAccountName,
        MailApiKey,
        MailFromEmail,
        MailFromName,
        WorkflowReminderEvery,
        WorkflowEscalateAfter,
        WorkflowPaymentEvery,
        WorkflowReportDueAfter,
        WorkflowReportReminderEvery,
    ];

    /// <summary>The configuration key of an app setting name (<c>Mail__ApiKey</c> → <c>Mail:ApiKey</c>).</summary>
    public static string Key(string appSetting) => appSetting.Replace("__", ":", StringComparison.Ordinal);
}
