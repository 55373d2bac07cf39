using Grants.Workflows.Orchestration.Activities;
using Grants.Workflows.Payouts;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration;

/// <summary>
/// Marks a batch paid: its transfer date first, then each payout paid and booked from Reserved to Paid, run by run side
/// by side, the batch closed, and last each payee mailed.
/// </summary>
public sealed class BatchPaymentWorkflow : TaskOrchestrator<PaymentOrder, FinanceStepResult>
{
    /// <summary>A batch is paid once: repeating the request joins (or, once finished, answers from) the same instance.</summary>
    public static string InstanceIdFor(string batchId) => $"paid-{batchId}";

    public override async Task<FinanceStepResult> RunAsync(TaskOrchestrationContext context, PaymentOrder input)
    {
        var started = await context.CallActivityAsync<FinanceStepResult>(nameof(PayBatch), input, FinanceStepRetry.Options);
        if (started.Refusal is not null)
        {
            return started;
        }

        var chunks = await context.CallActivityAsync<IReadOnlyList<BatchChunk>>(nameof(ListBatchChunks), input.BatchId, FinanceStepRetry.Options);
        await BatchFanOut.RunAsync(context, nameof(PayBatchChunk), chunks.Select(c => new PaymentChunk(input, c)));
        var paid = await context.CallActivityAsync<FinanceStepResult>(nameof(CloseBatchPayment), input, FinanceStepRetry.Options);

        // Mail goes last: the money is booked whether or not SendGrid answers.
        await BatchFanOut.RunAsync(context, nameof(MailBatchPaid), chunks.Select(c => new PaymentChunk(input, c)));
        return paid;
    }
}
