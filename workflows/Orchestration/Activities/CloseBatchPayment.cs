using Grants.Workflows.Payouts;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>Closes a batch whose payouts are all paid and booked; idempotent.</summary>
public sealed class CloseBatchPayment(PaymentService service) : TaskActivity<PaymentOrder, FinanceStepResult>
{
    public override Task<FinanceStepResult> RunAsync(TaskActivityContext context, PaymentOrder input) => service.FinishPaymentAsync(input);
}
