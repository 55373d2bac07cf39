using Grants.Workflows.Payouts;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>Splits a batch's contents into runs of payouts that bulk steps handle side by side; reads keys only.</summary>
public sealed class ListBatchChunks(BatchChunkSteps service) : TaskActivity<string, IReadOnlyList<BatchChunk>>
{
    public override Task<IReadOnlyList<BatchChunk>> RunAsync(TaskActivityContext context, string input) => service.ListChunksAsync(input);
}
