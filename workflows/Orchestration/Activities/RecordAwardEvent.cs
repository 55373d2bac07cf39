using Grants.Workflows.Applications;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>Records an arrival, a new expected arrival date, or the paper report on an approved application.</summary>
public sealed class RecordAwardEvent(ApplicationStore applications, ProgramCatalog programs, AuditTrail audit) : TaskActivity<AwardStepInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, AwardStepInput input)
    {
        var e = input.Event;
        var read = await applications.RequireStoredAsync(input.ApplicationId);
        var states = (await programs.RequireAsync(read.Value)).States;
        Application Completed(Application a) => (a.Apply(ApplicationStep.Complete, Party.System, states).Value ?? a) with { UpdatedAt = input.At };
        await applications.ChangeAsync(read, a => e.Kind switch
        {
            AwardEventKind.Arrived => a with { ArrivedOn = e.Date, UpdatedAt = input.At },
            AwardEventKind.ArrivalExpected => a with { ExpectedArrival = e.Date, UpdatedAt = input.At },
            AwardEventKind.Report => Completed(a) with { Report = new PaperReport(e.Doi!, e.At) },
            AwardEventKind.Stop => Completed(a),
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
