using Grants.Workflows.Payouts;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>Marks one run of a batch's payouts exported and projects their lists; idempotent.</summary>
public sealed class MarkChunkExported(BatchChunkSteps service) : TaskActivity<ExportChunk, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, ExportChunk input) => service.MarkExportedAsync(input);
}
