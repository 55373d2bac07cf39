using Grants.Workflows.Payouts;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>Tells the payees of one run of a paid batch; a payee already told is not told again.</summary>
public sealed class MailBatchPaid(BatchChunkSteps service) : TaskActivity<PaymentChunk, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, PaymentChunk input) => service.MailPaidAsync(input);
}
