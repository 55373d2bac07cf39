using Grants.Workflows.Storage;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>Grants an approved extension: reserves the extra months at the higher rate and records them. Returns the months added (0 if the budget cannot cover them, -1 if no extension was waiting).</summary>
public sealed class ExtendSupport(ApplicationStore applications, FundStore funds, AuditTrail audit) : TaskActivity<AwardStepInput, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, AwardStepInput input)
    {
        var application = await applications.RequireAsync(input.ApplicationId);
        var months = input.Event.Months;
        var key = $"{application.Id}-extension-{input.Event.At.UtcTicks}";
        var rate = application.Plan.ReservedPerMonth;
        if (application.ExtensionRequested == 0 && await funds.GetReservationAsync(application.FundId!, key) is null)
        {
            // No extension waits and this event reserved nothing before (it is not a retry): a second approval of an
            // extension already granted or refused. Granting it again would pay and reserve the months twice.
            return -1;
        }

        var reservation = await funds.ReserveAsync(key, application.FundId!, application.FiscalYear!.Value, rate * months, input.At);
        if (!reservation.Reserved)
        {
            await applications.UpdateAsync(application.Id, a => a with { ExtensionRequested = 0, UpdatedAt = input.At });
            await audit.AppendAsync(application.Id, key, new AuditEntry(input.At, input.Event.ActorId, "extension-not-funded", reservation.Problem ?? ""));
            return 0;
        }

        await applications.UpdateAsync(application.Id, a => a.ExtensionRequested == 0 ? a : a with { ExtensionMonths = a.ExtensionMonths + months, ExtensionRequested = 0, UpdatedAt = input.At });
        await audit.AppendAsync(application.Id, key, new AuditEntry(input.At, input.Event.ActorId, "extension-approved", $"{months} more months; {rate * months} reserved. {input.Event.Comment}"));
        return months;
    }
}
