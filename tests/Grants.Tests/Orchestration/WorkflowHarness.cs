using System.Collections.Concurrent;
using Grants.Tests.Infrastructure;
using Grants.Workflows;
using Grants.Workflows.Access;
using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Grants.Workflows.Funds;
using Grants.Workflows.Mail;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Grants.Tests.Orchestration;

/// <summary>
/// The real workflow, activities, stores and SendGrid client, run by the in-memory Durable Task host over an
/// isolated set of Azurite tables, with mail captured by a local SendGrid endpoint. One per test.
/// </summary>
public sealed class WorkflowHarness : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static readonly Actor Researcher = new(DemoData.Researcher.Id, new HashSet<string> { Roles.Applicant });

    public static readonly Actor Student = new(DemoData.Student.Id, new HashSet<string> { Roles.Applicant });

    public static readonly Actor Director = new(DemoData.Director.Id, new HashSet<string> { Roles.Director });

    static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();

    WorkflowHarness(DurableTaskTestHost host, MailSink mail, GrantsStorage storage, FiscalYear year)
    {
        Host = host;
        Mail = mail;
        Storage = storage;
        Year = year;
        UseCases = new ApplicationUseCases(host.Services, host.Client);
    }

    public DurableTaskTestHost Host { get; }

    public DurableTaskClient Client => Host.Client;

    public MailSink Mail { get; }

    /// <summary>The portal's public address the harness's mail links to.</summary>
    public const string PortalUrl = "https://grants.portal.test";

    public GrantsStorage Storage { get; }

    public FiscalYear Year { get; }

    public ApplicationUseCases UseCases { get; }

    public ApplicationDrafts Drafts => UseCases.Drafts;

    public ApplicationDocuments Documents => UseCases.Documents;

    public Submission Submission => UseCases.Submission;

    public Decisions Decisions => UseCases.Decisions;

    public Endorsements Endorsements => UseCases.Endorsements;

    public AwardEvents AwardEvents => UseCases.AwardEvents;

    public Withdrawal Withdrawal => UseCases.Withdrawal;

    public ApplicationQueries Queries => UseCases.Queries;

    public ApplicationStore Applications => Host.Services.GetRequiredService<ApplicationStore>();

    public FundStore Funds => Host.Services.GetRequiredService<FundStore>();

    public PayoutStore Payouts => Host.Services.GetRequiredService<PayoutStore>();

    /// <summary>
    /// Starts a host; <paramref name="directorFundAllocation"/> sets this year's director's fund before the demo seed would;
    /// <paramref name="tasks"/> registers other orchestrators and activities than Grants' own; <paramref name="storage"/>
    /// (fresh tables otherwise) lets a test put faults between Grants and its tables.
    /// </summary>
    public static async Task<WorkflowHarness> StartAsync(WorkflowOptions? options = null, long? directorFundAllocation = null, Action<DurableTaskRegistry>? tasks = null, GrantsStorage? storage = null)
    {
        storage ??= await (await Azurite.SharedAsync()).NewStorageAsync();
        return await EngineHost.StartAsync(
            (services, mail) => services.AddGrants(storage, mail, options ?? new WorkflowOptions()),
            async (host, mail) =>
            {
                var year = FiscalYear.Of(DateTimeOffset.UtcNow);
                if (directorFundAllocation is { } allocation)
                {
                    Assert.True(await host.Services.GetRequiredService<FundStore>().TryCreateBudgetAsync(new FundBudget(DemoData.DirectorFund, year, new Yen(allocation), Yen.Zero, Yen.Zero)));
                }

                await EngineHost.SeedDemoAsync(host.Services, year);
                return new WorkflowHarness(host, mail, storage, year);
            },
            tasks);
    }

    /// <summary>
    /// Grants' orchestrators and activities, for <see cref="StartAsync"/>'s <c>tasks</c>: each activity as <paramref name="make"/>
    /// makes it from its type and the services, or as Grants makes it when that returns null (a test replaces or watches a step).
    /// </summary>
    public static Action<DurableTaskRegistry> GrantsTasks(Func<Type, IServiceProvider, ITaskActivity?> make) => registry =>
    {
        foreach (var orchestrator in GrantsServices.Orchestrators)
        {
            registry.AddOrchestrator(orchestrator);
        }

        foreach (var activity in GrantsServices.Activities)
        {
            registry.AddActivity(activity.Name, services => make(activity, services) ?? (ITaskActivity)ActivatorUtilities.GetServiceOrCreateInstance(services, activity));
        }
    };

    /// <summary>Grants' tasks, each run's activity name put in <paramref name="runs"/>; <paramref name="replaced"/>, when given, runs as <paramref name="by"/>.</summary>
    public static Action<DurableTaskRegistry> Recorded(ConcurrentQueue<string> runs, Type? replaced = null, Type? by = null) =>
        GrantsTasks((activity, services) => new RecordedRun(activity.Name, (ITaskActivity)ActivatorUtilities.CreateInstance(services, activity == replaced ? by! : activity), runs));

    sealed class RecordedRun(string name, ITaskActivity activity, ConcurrentQueue<string> runs) : ITaskActivity
    {
        public Type InputType => activity.InputType;

        public Type OutputType => activity.OutputType;

        public Task<object?> RunAsync(TaskActivityContext context, object? input)
        {
            runs.Enqueue(name);
            return activity.RunAsync(context, input);
        }
    }

    public static T Ok<T>(Outcome<T> outcome)
    {
        Assert.True(outcome.Succeeded, $"{outcome.Problem?.Kind}: {outcome.Problem?.Detail} {string.Join("; ", outcome.Problem?.Errors?.SelectMany(e => e.Value) ?? [])}");
        return outcome.Value!;
    }

    public static DraftRequest Draft(string title = "酸化物薄膜における界面磁性の歪み制御", long submissionFee = 80_000) =>
        new(DemoData.ImaGaTaisetsu, new Paper(title, "Physical Review Materials", false), [new ExpenseLine(ExpenseKind.SubmissionFee, new Yen(submissionFee), "投稿料")]);

    /// <summary>Drafts, attaches an invoice and submits, as a person would through the API.</summary>
    public async Task<Application> SubmitNewAsync(Actor applicant, DraftRequest? draft = null, bool attachInvoice = true)
    {
        var (application, created) = Ok(await Drafts.CreateDraftAsync(applicant, draft ?? Draft(), idempotencyKey: null));
        Assert.True(created);
        if (attachInvoice)
        {
            await AttachInvoiceAsync(applicant, application.Id);
        }

        var submitted = Ok(await Submission.SubmitAsync(applicant, application.Id));
        Assert.Equal(ApplicationStatus.Submitted, submitted.Status);
        return submitted;
    }

    public async Task AttachInvoiceAsync(Actor applicant, string applicationId)
    {
        using var content = new MemoryStream(Pdf);
        var document = Ok(await Documents.AddDocumentAsync(applicant, applicationId, new DocumentUpload("invoice", "請求書.pdf", "application/pdf", content, Pdf.Length)));
        Assert.Equal(DocumentKind.Invoice, document.Kind);
    }

    /// <summary>
    /// Waits until the application's record has the status and the lists serve it under that status too: the index
    /// copies are written just after the record, so a list read the moment the record changes may not show it yet.
    /// </summary>
    public async Task<Application> WaitForStatusAsync(string applicationId, ApplicationStatus status)
    {
        Application? last = null;
        var listed = false;
        await EventuallyAsync(async () =>
        {
            last = (await Applications.GetAsync(applicationId))?.Value;
            listed = last?.Status == status
                && await Applications.ListByStatusAsync(status).AnyAsync(a => a.Id == applicationId && a.Status == status);
            return listed;
        }, () => $"{applicationId} to be {status} in its record and its status list; it is {last?.Status}, listed: {listed}");
        return last!;
    }

    public async Task<ApplicationStatus> WaitForCompletionAsync(string instanceId)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var instance = await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        return instance.ReadOutputAs<ApplicationStatus>();
    }

    public async Task<SentMessage> WaitForMailAsync(string to, string subjectContains)
    {
        SentMessage? found = null;
        await EventuallyAsync(
            () => Task.FromResult((found = Mail.To(to).FirstOrDefault(m => m.Subject.Contains(subjectContains, StringComparison.Ordinal))) is not null),
            () => $"a mail to {to} about '{subjectContains}'; got: {string.Join(" | ", Mail.Messages.Select(m => m.To + ": " + m.Subject))}");
        return found!;
    }

    public async Task<FundBudget> DirectorBudgetAsync() => (await Funds.GetBudgetAsync(DemoData.DirectorFund, Year))!;

    public static async Task EventuallyAsync(Func<Task<bool>> condition, Func<string> waitingFor)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Waited {Timeout.TotalSeconds} s for {waitingFor()}.");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Mail.DisposeAsync();
    }
}
