using Grants.Workflows.Applications;
using Grants.Workflows.BankAccounts;
using Grants.Workflows.Mail;
using Grants.Workflows.Orchestration;
using Grants.Workflows.Orchestration.Activities;
using Grants.Workflows.Payouts;
using Grants.Workflows.Payouts.Zengin;
using Grants.Workflows.Programs;
using Grants.Workflows.Reports;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SendGrid;

namespace Grants.Workflows;

/// <summary>Registers the heart of Grants — storage, mail, services, orchestrations and activities — for any host.</summary>
public static class GrantsServices
{
    /// <summary>Every activity the workflow calls; each host exposes exactly these.</summary>
    public static readonly IReadOnlyList<Type> Activities =
        [
            typeof(CheckEligibility), typeof(RequestEndorsement), typeof(RecordEndorsement), typeof(RequestApproval), typeof(ReserveBudget), typeof(CreatePayout),
            typeof(RecordOutcome), typeof(SendNotification), typeof(CreateMonthlyPayout), typeof(RecordAwardEvent), typeof(ExtendSupport), typeof(FinishSupport),
            typeof(ReadClaimedDecision), typeof(ReleaseDecisionClaim),
            typeof(GatherBatch), typeof(MarkBatchExported), typeof(PayBatch), typeof(MailBatchPaid), typeof(RecordPayoutReturn), typeof(MailPayoutReturned),
            typeof(ListBatchChunks), typeof(MarkChunkExported), typeof(PayBatchChunk), typeof(CloseBatchPayment),
        ];

    /// <summary>Every orchestrator; each host exposes exactly these.</summary>
    public static readonly IReadOnlyList<Type> Orchestrators =
        [typeof(ApplicationWorkflow), typeof(AwardWorkflow), typeof(PayoutBatchWorkflow), typeof(BatchExportWorkflow), typeof(BatchPaymentWorkflow), typeof(PayoutReturnWorkflow)];

    public static IServiceCollection AddGrants(this IServiceCollection services, GrantsStorage storage, MailOptions mail, WorkflowOptions? workflow = null)
    {
        services.AddSingleton(storage);
        services.AddSingleton<ApplicationStore>();
        services.AddHostedService<OldStatusCopiesMove>();
        services.AddSingleton<FundStore>();
        services.AddSingleton<PersonGrantLedger>();
        services.AddHostedService<PersonGrantBackfill>();
        services.AddSingleton<PayoutStore>();
        services.AddHostedService<OldPayoutCopiesMove>();
        services.AddSingleton<PeopleDirectory>();
        services.AddSingleton<ProgramCatalog>();
        services.AddSingleton<CallStore>();
        services.AddSingleton<CallService>();
        services.AddSingleton<CatalogSnapshot>();
        services.AddSingleton<ProgramAdministration>();
        services.AddSingleton<DocumentStore>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<PayoutIssuer>();
        services.AddSingleton<NoticeSender>();
        services.AddSingleton(mail);
        var sendGrid = new SendGridClientOptions { ApiKey = mail.ApiKey };
        if (!string.IsNullOrWhiteSpace(mail.Host))
        {
            sendGrid.Host = mail.Host;
        }

        services.AddSingleton<ISendGridClient>(new SendGridClient(sendGrid));
        services.AddSingleton<Mailer>();
        services.AddSingleton<PortalLinks>();
        services.AddSingleton<PayoutMail>();
        services.AddSingleton(workflow ?? new WorkflowOptions());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<PayoutService>();
        services.AddSingleton<BankAccountStore>();
        services.AddSingleton<BankAccountService>();
        services.AddSingleton<PaymentService>();
        services.AddSingleton<BatchChunkSteps>();
        services.AddSingleton<ReconciliationService>();
        services.AddSingleton<ProgramSummaryService>();
        services.AddSingleton<AnnualReportService>();
        services.AddSingleton<ApprovalQueue>();
        services.AddSingleton<Home.ToDoLists>();
        services.AddSingleton<ApplicationAccess>();
        services.AddSingleton<ApplicationDrafts>();
        services.AddSingleton<ApplicationDocuments>();
        services.AddSingleton<ApplicationQueries>();
        services.AddSingleton<ProgramOffers>();
        services.AddSingleton<Funds.FundAdministration>();
        services.AddSingleton<People.PeopleAdministration>();
        services.AddSingleton<People.PeopleSnapshot>();
        services.AddSingleton<People.PersonFinder>();
        services.AddOptions<ZenginOptions>();
        foreach (var activity in Activities)
        {
            services.AddTransient(activity);
        }

        return services;
    }

    /// <summary>Registers the orchestrators and activities with a Durable Task worker (the local runtime and tests).</summary>
    public static DurableTaskRegistry AddGrantsTasks(this DurableTaskRegistry registry)
    {
        registry.AddOrchestrator<ApplicationWorkflow>();
        registry.AddOrchestrator<AwardWorkflow>();
        registry.AddOrchestrator<PayoutBatchWorkflow>();
        registry.AddOrchestrator<BatchExportWorkflow>();
        registry.AddOrchestrator<BatchPaymentWorkflow>();
        registry.AddOrchestrator<PayoutReturnWorkflow>();
        foreach (var activity in Activities)
        {
            // Each activity runs as its own storage step, so a counting proxy can attribute its table requests (bench/Grants.Load).
            registry.AddActivity(activity.Name, services => new StorageStep.Tagged(activity.Name, (ITaskActivity)ActivatorUtilities.GetServiceOrCreateInstance(services, activity)));
        }

        return registry;
    }
}
