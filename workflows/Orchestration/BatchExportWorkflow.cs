using Grants.Workflows.Orchestration.Activities;
using Grants.Workflows.Payouts;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration;

/// <summary>Marks each payout of a batch exported, run by run side by side, then the batch, once its first file has been asked for.</summary>
public sealed class BatchExportWorkflow : TaskOrchestrator<ExportOrder, FinanceStepResult>
{
    /// <summary>A batch is exported once: every download of it joins the same instance.</summary>
    public static string InstanceIdFor(string batchId) => $"export-{batchId}";

    public override async Task<FinanceStepResult> RunAsync(TaskOrchestrationContext context, ExportOrder input)
    {
        var chunks = await context.CallActivityAsync<IReadOnlyList<BatchChunk>>(nameof(ListBatchChunks), input.BatchId, FinanceStepRetry.Options);
        await BatchFanOut.RunAsync(context, nameof(MarkChunkExported), chunks.Select(c => new ExportChunk(input, c)));
        return await context.CallActivityAsync<FinanceStepResult>(nameof(MarkBatchExported), input, FinanceStepRetry.Options);
    }
}
