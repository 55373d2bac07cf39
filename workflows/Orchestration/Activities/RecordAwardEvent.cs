using Grants.Workflows.Applications;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>Records an arrival, a new expected arrival date, or the paper report on an approved application.</summary>
public sealed class RecordAwardEvent(ApplicationStore applications, AuditTrail audit) : TaskActivity<AwardStepInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, AwardStepInput input)
    {
        var e = input.Event;
        await applications.UpdateAsync(input.ApplicationId, a => e.Kind switch
        {
            AwardEventKind.Arrived => a with { ArrivedOn = e.Date, UpdatedAt = input.At },
            AwardEventKind.ArrivalExpected => a with { ExpectedArrival = e.Date, UpdatedAt = input.At },
            AwardEventKind.Report => a with { Report = new PaperReport(e.Doi!, e.At), Status = ApplicationStatus.Completed, UpdatedAt = input.At },
            AwardEventKind.Stop => a with { Status = ApplicationStatus.Completed, UpdatedAt = input.At },
            _ => a,
        });
        var detail = e.Kind switch
        {
            AwardEventKind.Arrived => $"Arrived on {e.Date:yyyy-MM-dd}.",
            AwardEventKind.ArrivalExpected => $"Arrival now expected on {e.Date:yyyy-MM-dd}.",
            AwardEventKind.Report => $"DOI {e.Doi}.",
            _ => e.Comment,
        };
        await audit.AppendAsync(input.ApplicationId, $"award-{e.Kind}-{e.At.UtcTicks}", new AuditEntry(e.At, e.ActorId, e.Kind.ToString().ToLowerInvariant(), detail));
        return true;
    }
}
