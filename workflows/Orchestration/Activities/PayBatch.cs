using Grants.Workflows.Payouts;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>Records the transfer date on a batch before its payouts are paid, or refuses another date; idempotent.</summary>
public sealed class PayBatch(PaymentService service) : TaskActivity<PaymentOrder, FinanceStepResult>
{
    public override Task<FinanceStepResult> RunAsync(TaskActivityContext context, PaymentOrder input) => service.StartPaymentAsync(input);
}
