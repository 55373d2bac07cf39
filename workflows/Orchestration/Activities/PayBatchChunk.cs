using Grants.Workflows.Payouts;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>Marks one run of a batch's payouts paid and books each once; idempotent.</summary>
public sealed class PayBatchChunk(BatchChunkSteps service) : TaskActivity<PaymentChunk, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, PaymentChunk input) => service.PayAsync(input);
}
