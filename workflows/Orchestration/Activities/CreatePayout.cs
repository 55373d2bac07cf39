using Grants.Workflows.Payouts;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>Creates the payout for an approved application under an id derived from the application, so it exists once.</summary>
public sealed class CreatePayout(ApplicationStore applications, PeopleDirectory people, FundStore funds, PayoutStore payouts, AuditTrail audit)
    : TaskActivity<StepInput, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, StepInput input)
    {
        var application = (await applications.GetAsync(input.ApplicationId))?.Value
            ?? throw new InvalidOperationException($"Application {input.ApplicationId} does not exist.");
        var payee = await people.FindAsync(application.ApplicantId)
            ?? throw new InvalidOperationException($"{application.ApplicantId} is not in the directory.");
        var fund = await funds.GetFundAsync(application.FundId!)
            ?? throw new InvalidOperationException($"Fund {application.FundId} does not exist.");

        var payout = await payouts.CreateIfMissingAsync(new Payout(
            Payout.IdFor(application.Id),
            application.Id,
            payee.Id,
            payee.Name,
            payee.NameKana,
            fund.Id,
            fund.BudgetCode,
            application.FiscalYear!.Value,
            application.Total,
            PayoutStatus.Approved,
            input.At));
        await applications.UpdateAsync(application.Id, a => a with { PayoutId = payout.Id });
        await audit.AppendAsync(application.Id, $"s{input.Submission}-payout", new AuditEntry(input.At, "system", "payout-created", $"{payout.Id}: {payout.Amount} to {payee.Name}."));
        return payout.Id;
    }
}
