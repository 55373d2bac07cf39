using Grants.Workflows.Payouts;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>
/// Creates the payout for an approved application under an id derived from the application, so it exists once. The
/// application learns its payout id from the next step (<see cref="RecordOutcome"/>), which saves it anyway.
/// <see cref="ReserveBudget"/> now issues the payout itself; this step stays for workflows whose history was written
/// before, in which the reservation came back without a payout id.
/// </summary>
public sealed class CreatePayout(PayoutIssuer issuer, ApplicationStore applications, AuditTrail audit) : TaskActivity<StepInput, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, StepInput input)
    {
        var application = await applications.RequireAsync(input.ApplicationId);
        var payout = await issuer.IssueAsync(application, Payout.IdFor(application.Id), application.Total);
        await audit.AppendAsync(application.Id, $"s{input.Submission}-payout", PayoutIssuer.Created(payout, input.At));
        return payout.Id;
    }
}
