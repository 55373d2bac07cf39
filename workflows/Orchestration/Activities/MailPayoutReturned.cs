using Grants.Workflows.Payouts;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>Tells the payee that the bank returned their transfer, once per return.</summary>
public sealed class MailPayoutReturned(PaymentService service) : TaskActivity<ReturnOrder, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, ReturnOrder input) => service.MailReturnedAsync(input);
}
