using Grants.Workflows.Payouts;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>Tells each payee of a paid batch; a payee already told is not told again.</summary>
public sealed class MailBatchPaid(PaymentService service) : TaskActivity<PaymentOrder, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, PaymentOrder input) => service.MailPaidAsync(input);
}
