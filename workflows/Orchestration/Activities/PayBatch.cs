using Grants.Workflows.Payouts;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>Marks each payout of a batch paid and books it once, then the batch; idempotent.</summary>
public sealed class PayBatch(PaymentService service) : TaskActivity<PaymentOrder, FinanceStepResult>
{
    public override Task<FinanceStepResult> RunAsync(TaskActivityContext context, PaymentOrder input) => service.PayAsync(input);
}
