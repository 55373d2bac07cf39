using Grants.Workflows.Payouts;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>Puts a returned payout back to approved and its paid money back to reserved; idempotent.</summary>
public sealed class RecordPayoutReturn(PaymentService service) : TaskActivity<ReturnOrder, FinanceStepResult>
{
    public override Task<FinanceStepResult> RunAsync(TaskActivityContext context, ReturnOrder input) => service.RecordReturnAsync(input);
}
