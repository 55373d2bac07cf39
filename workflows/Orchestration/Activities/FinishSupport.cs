using Grants.Workflows.Applications;
using Grants.Workflows.Money;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>Ends monthly support (all months paid, or stopped early): gives back what was reserved and not paid out (to the fund and to the person's yearly cap), and completes the application.</summary>
public sealed class FinishSupport(ApplicationStore applications, ProgramCatalog programs, FundStore funds, PersonGrantLedger grants, PayoutStore payouts, AuditTrail audit) : TaskActivity<AwardStepInput, int>
{
    /// <returns>The months paid; -1 when the schedule ran out while an extension waits for its decision, and nothing was done.</returns>
    public override async Task<int> RunAsync(TaskActivityContext context, AwardStepInput input)
    {
        var read = await applications.RequireStoredAsync(input.ApplicationId);
        var states = (await programs.RequireAsync(read.Value)).States;
        var holdForExtension = input.Event.ActorId == AwardWorkflow.ScheduleEnd;
        bool Waits(Application a) => holdForExtension && a.Status == ApplicationStatus.Approved && a.ExtensionRequested > 0;
        var application = read.Value;
        if (Waits(application))
        {
            return -1;
        }

        // Released before the application reads completed, so whoever sees it completed sees the money back too. What is
        // released is what the months already paid did not use; an extension reserves its own months afresh.
        var paid = Yen.Zero;
        for (var month = 1; month <= application.PaidMonths; month++)
        {
            paid += (await payouts.GetAsync(Payouts.Payout.IdFor(application.Id, month)))?.Amount ?? Yen.Zero;
        }

        var unused = application.Commitment - paid;
        await funds.ReleaseAsync($"{application.Id}-end", application.FundId!, application.FiscalYear!.Value, unused, input.At);
        // What the fund gets back no longer counts against the person's yearly cap either.
        await grants.ReleaseAsync(application, application.FiscalYear!.Value, $"{application.Id}-end", unused);

        // The ETag-guarded save settles the race with an extension asked for at this moment: either the request is on the
        // record and support waits for its decision, or support has ended and the request is refused with 409.
        var saved = await applications.ChangeAsync(read, a =>
            Waits(a) ? a : a.Apply(ApplicationStep.Complete, Party.System, states).Value is { } next ? next with { ExtensionRequested = 0, UpdatedAt = input.At } : a);
        if (Waits(saved.Value))
        {
            return -1;
        }

        await audit.AppendAsync(application.Id, "support-finished", new AuditEntry(input.At, input.Event.ActorId, "support-ended",
            $"{application.PaidMonths} months paid ({paid}); {unused} released. {input.Event.Comment}"));
        return application.PaidMonths;
    }
}
