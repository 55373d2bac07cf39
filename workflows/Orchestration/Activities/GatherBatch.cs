using Grants.Workflows.Payouts;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>Claims approved payouts into the ordered batch and writes its row; idempotent.</summary>
public sealed class GatherBatch(PayoutService service) : TaskActivity<BatchOrder, FinanceStepResult>
{
    public override Task<FinanceStepResult> RunAsync(TaskActivityContext context, BatchOrder input) => service.GatherBatchAsync(input);
}
