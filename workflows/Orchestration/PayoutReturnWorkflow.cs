using Grants.Workflows.Orchestration.Activities;
using Grants.Workflows.Payouts;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration;

/// <summary>Records a transfer the bank returned: the payout approved again, paid money back to reserved, then the payee mailed.</summary>
public sealed class PayoutReturnWorkflow : TaskOrchestrator<ReturnOrder, FinanceStepResult>
{
    /// <summary>A payout is returned at most once from a batch, so the pair names the work.</summary>
    public static string InstanceIdFor(string payoutId, string batchId) => $"return-{payoutId}-{batchId}";

    public override async Task<FinanceStepResult> RunAsync(TaskOrchestrationContext context, ReturnOrder input)
    {
        var returned = await context.CallActivityAsync<FinanceStepResult>(nameof(RecordPayoutReturn), input, FinanceStepRetry.Options);
        if (returned.Refusal is null)
        {
            await context.CallActivityAsync<int>(nameof(MailPayoutReturned), input, FinanceStepRetry.Options);
        }

        return returned;
    }
}
