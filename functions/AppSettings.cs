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

    /// <summary>Configuration section of <see cref="Grants.Workflows.Payouts.Zengin.ZenginOptions"/>.</summary>
    public const string ZenginSection = "Zengin";

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

    /// <summary>The portal's public address every mail links to (a page under it, e.g. <c>/#/applications/{id}</c>); in Azure the app's own address unless a custom one is given.</summary>
    public const string MailPortalUrl = MailSection + "__PortalUrl";

    /// <summary>Where the SendGrid client sends: only to redirect it to a local capture (local runtime, tests).</summary>
    public const string MailHost = MailSection + "__Host";

    /// <summary>Optional TimeSpan overriding every program's approval reminder interval; empty means the program's value.</summary>
    public const string WorkflowReminderEvery = WorkflowSection + "__ReminderEvery";

    /// <summary>Optional TimeSpan overriding when an unanswered approval is escalated; empty means the program's value.</summary>
    public const string WorkflowEscalateAfter = WorkflowSection + "__EscalateAfter";

    /// <summary>Optional TimeSpan between monthly payouts (a demo or test clock); empty means calendar months.</summary>
    public const string WorkflowPaymentEvery = WorkflowSection + "__PaymentEvery";

    /// <summary>Optional TimeSpan a finance step's request waits for its durable work before answering 202; empty means 5 seconds.</summary>
    public const string WorkflowFinanceWait = WorkflowSection + "__FinanceWait";

    /// <summary>Optional TimeSpan overriding when every program's post-award report is due; empty means the program's value.</summary>
    public const string WorkflowReportDueAfter = WorkflowSection + "__ReportDueAfter";

    /// <summary>Optional TimeSpan overriding every program's report reminder interval; empty means the program's value.</summary>
    public const string WorkflowReportReminderEvery = WorkflowSection + "__ReportReminderEvery";

    /// <summary>The originator of Zengin transfer files (振込依頼人): code assigned by the bank, 10 digits.</summary>
    public const string ZenginCompanyCode = ZenginSection + "__CompanyCode";

    /// <summary>The originator's name in kana (written half-width, at most 40 characters).</summary>
    public const string ZenginCompanyNameKana = ZenginSection + "__CompanyNameKana";

    /// <summary>The originating bank's 4-digit code.</summary>
    public const string ZenginBankCode = ZenginSection + "__BankCode";

    /// <summary>Optional: the originating bank's name in kana.</summary>
    public const string ZenginBankNameKana = ZenginSection + "__BankNameKana";

    /// <summary>The originating branch's 3-digit code.</summary>
    public const string ZenginBranchCode = ZenginSection + "__BranchCode";

    /// <summary>Optional: the originating branch's name in kana.</summary>
    public const string ZenginBranchNameKana = ZenginSection + "__BranchNameKana";

    /// <summary><c>ordinary</c> (普通) or <c>current</c> (当座).</summary>
    public const string ZenginAccountType = ZenginSection + "__AccountType";

    /// <summary>The originating account's 7-digit number.</summary>
    public const string ZenginAccountNumber = ZenginSection + "__AccountNumber";

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
    /// <item><c>WEBSITE_SITE_NAME</c> and <c>WEBSITE_AUTH_ENABLED</c>, which <c>Grants.Api.EasyAuthRequirement</c> reads: the
    /// platform sets them (the second because infra/ turns Easy Auth on); an app setting must not override them.</item>
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
        MailPortalUrl,
        WorkflowReminderEvery,
        WorkflowEscalateAfter,
        WorkflowPaymentEvery,
        WorkflowFinanceWait,
        WorkflowReportDueAfter,
        WorkflowReportReminderEvery,
        ZenginCompanyCode,
        ZenginCompanyNameKana,
        ZenginBankCode,
        ZenginBankNameKana,
        ZenginBranchCode,
        ZenginBranchNameKana,
        ZenginAccountType,
        ZenginAccountNumber,
    ];

    /// <summary>The configuration key of an app setting name (<c>Mail__ApiKey</c> → <c>Mail:ApiKey</c>).</summary>
    public static string Key(string appSetting) => appSetting.Replace("__", ":", StringComparison.Ordinal);
}
