using Grants.Workflows.Applications;
using Grants.Workflows.Money;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>Ends monthly support (all months paid, or stopped early): gives back what was reserved and not paid out (to the fund and to the person's yearly cap), and completes the application.</summary>
public sealed class FinishSupport(ApplicationStore applications, ProgramCatalog programs, FundStore funds, PersonGrantLedger grants, PayoutStore payouts, AuditTrail audit) : TaskActivity<AwardStepInput, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, AwardStepInput input)
    {
        var application = await applications.RequireAsync(input.ApplicationId);
        var paid = Yen.Zero;
        for (var month = 1; month <= application.PaidMonths; month++)
        {
            paid += (await payouts.GetAsync(Payouts.Payout.IdFor(application.Id, month)))?.Amount ?? Yen.Zero;
        }

        var unused = application.Commitment - paid;
        await funds.ReleaseAsync($"{application.Id}-end", application.FundId!, application.FiscalYear!.Value, unused, input.At);
        // What the fund gets back no longer counts against the person's yearly cap either.
        await grants.ReleaseAsync(application, application.FiscalYear!.Value, $"{application.Id}-end", unused);
        var states = (await programs.RequireAsync(application)).States;
        await applications.UpdateAsync(application.Id, a => a.Apply(ApplicationStep.Complete, Party.System, states).Value is { } next ? next with { UpdatedAt = input.At } : a);
        await audit.AppendAsync(application.Id, "support-finished", new AuditEntry(input.At, input.Event.ActorId, "support-ended",
            $"{application.PaidMonths} months paid ({paid}); {unused} released. {input.Event.Comment}"));
        return application.PaidMonths;
    }
}
