using Grants.Workflows.Applications;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>Records an arrival, a new expected arrival date, a refused extension, or the paper report on an approved application.</summary>
public sealed class RecordAwardEvent(ApplicationStore applications, ProgramCatalog programs, AuditTrail audit) : TaskActivity<AwardStepInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, AwardStepInput input)
    {
        var e = input.Event;
        var read = await applications.RequireStoredAsync(input.ApplicationId);
        var states = (await programs.RequireAsync(read.Value)).States;
        if (e.Kind == AwardEventKind.ExtensionRefused && read.Value.ExtensionRequested == 0)
        {
            // Decided already (an approval raised just before this refusal counted first): nothing to refuse.
            return false;
        }

        var detail = e.Kind switch
        {
            AwardEventKind.Arrived => $"Arrived on {e.Date:yyyy-MM-dd}.",
            AwardEventKind.ArrivalExpected => $"Arrival now expected on {e.Date:yyyy-MM-dd}.",
            AwardEventKind.Report => $"DOI {e.Doi}.",
            _ => e.Comment,
        };
        // Recorded before the change, so a retry after a crash between the two still finds the refusal to record.
        var action = e.Kind == AwardEventKind.ExtensionRefused ? "extension-refused" : e.Kind.ToString().ToLowerInvariant();
        await audit.AppendAsync(input.ApplicationId, $"award-{e.Kind}-{e.At.UtcTicks}", new AuditEntry(e.At, e.ActorId, action, detail));
        Application Completed(Application a) => (a.Apply(ApplicationStep.Complete, Party.System, states).Value ?? a) with { UpdatedAt = input.At };
        await applications.ChangeAsync(read, a => e.Kind switch
        {
            AwardEventKind.Arrived => a with { ArrivedOn = e.Date, UpdatedAt = input.At },
            AwardEventKind.ArrivalExpected => a with { ExpectedArrival = e.Date, UpdatedAt = input.At },
            AwardEventKind.ExtensionRefused => a with { ExtensionRequested = 0, UpdatedAt = input.At },
            AwardEventKind.Report => Completed(a) with { Report = new PaperReport(e.Doi!, e.At) },
            AwardEventKind.Stop => Completed(a),
            _ => a,
        });
        return true;
    }
}
