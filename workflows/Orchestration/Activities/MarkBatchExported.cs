using Grants.Workflows.Payouts;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>Marks a batch exported once every payout of it is; idempotent.</summary>
public sealed class MarkBatchExported(PayoutService service) : TaskActivity<ExportOrder, FinanceStepResult>
{
    public override Task<FinanceStepResult> RunAsync(TaskActivityContext context, ExportOrder input) => service.MarkExportedAsync(input);
}
