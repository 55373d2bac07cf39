using Grants.Workflows.Applications;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Grants.Tests.Orchestration;

/// <summary>The application use cases made as the hosts make them, over a test host's services and durable client, and a test's own clock when it moves time.</summary>
public sealed class ApplicationUseCases
{
    public ApplicationUseCases(IServiceProvider services, DurableTaskClient durable, TimeProvider? clock = null)
    {
        object[] time = clock is null ? [] : [clock];
        var signals = ActivatorUtilities.CreateInstance<WorkflowSignals>(services, [durable, .. time]);
        T Make<T>(params object[] with) => ActivatorUtilities.CreateInstance<T>(services, [.. with, .. time]);
        Drafts = Make<ApplicationDrafts>();
        Documents = Make<ApplicationDocuments>();
        Submission = Make<Submission>(signals);
        Decisions = Make<Decisions>(signals);
        Endorsements = Make<Endorsements>(signals);
        AwardEvents = Make<AwardEvents>(signals);
        Withdrawal = Make<Withdrawal>(signals);
        Queries = Make<ApplicationQueries>();
    }

    public ApplicationDrafts Drafts { get; }

    public ApplicationDocuments Documents { get; }

    public Submission Submission { get; }

    public Decisions Decisions { get; }

    public Endorsements Endorsements { get; }

    public AwardEvents AwardEvents { get; }

    public Withdrawal Withdrawal { get; }

    public ApplicationQueries Queries { get; }
}
