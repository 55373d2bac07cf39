using Grants.Workflows.Orchestration.Activities;
using Grants.Workflows.Payouts;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration;

/// <summary>Marks a batch and each of its payouts exported, once its first file has been asked for.</summary>
public sealed class BatchExportWorkflow : TaskOrchestrator<ExportOrder, FinanceStepResult>
{
    /// <summary>A batch is exported once: every download of it joins the same instance.</summary>
    public static string InstanceIdFor(string batchId) => $"export-{batchId}";

    public override Task<FinanceStepResult> RunAsync(TaskOrchestrationContext context, ExportOrder input) =>
        context.CallActivityAsync<FinanceStepResult>(nameof(MarkBatchExported), input, FinanceStepRetry.Options);
}
