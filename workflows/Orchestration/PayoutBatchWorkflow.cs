using Grants.Workflows.Orchestration.Activities;
using Grants.Workflows.Payouts;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration;

/// <summary>Creates one payout batch: every approved payout with a bank account is claimed into it, then its row is written.</summary>
public sealed class PayoutBatchWorkflow : TaskOrchestrator<BatchOrder, FinanceStepResult>
{
    /// <summary>One batch, one instance: a repeated request joins the work instead of starting another.</summary>
    public static string InstanceIdFor(string batchId) => $"batch-{batchId}";

    public override Task<FinanceStepResult> RunAsync(TaskOrchestrationContext context, BatchOrder input) =>
        context.CallActivityAsync<FinanceStepResult>(nameof(GatherBatch), input, FinanceStepRetry.Options);
}
