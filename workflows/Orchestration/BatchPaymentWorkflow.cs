using Grants.Workflows.Orchestration.Activities;
using Grants.Workflows.Payouts;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration;

/// <summary>Marks a batch paid: each payout paid and booked from Reserved to Paid, the batch closed, then each payee mailed.</summary>
public sealed class BatchPaymentWorkflow : TaskOrchestrator<PaymentOrder, FinanceStepResult>
{
    /// <summary>A batch is paid once: repeating the request joins (or, once finished, answers from) the same instance.</summary>
    public static string InstanceIdFor(string batchId) => $"paid-{batchId}";

    public override async Task<FinanceStepResult> RunAsync(TaskOrchestrationContext context, PaymentOrder input)
    {
        var paid = await context.CallActivityAsync<FinanceStepResult>(nameof(PayBatch), input, FinanceStepRetry.Options);
        if (paid.Refusal is null)
        {
            // Mail goes last: the money is booked whether or not SendGrid answers.
            await context.CallActivityAsync<int>(nameof(MailBatchPaid), input, FinanceStepRetry.Options);
        }

        return paid;
    }
}
