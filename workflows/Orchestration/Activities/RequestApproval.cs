using Grants.Workflows.Applications;
using Grants.Workflows.Money;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>Routes an eligible application to the fund that pays for it and puts it in its approver's queue.</summary>
public sealed class RequestApproval(ApplicationStore applications, ProgramCatalog programs, AuditTrail audit)
    : TaskActivity<StepInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, StepInput input)
    {
        var read = await applications.RequireStoredAsync(input.ApplicationId);
        var application = read.Value;
        var program = await programs.RequireAsync(application);
        var fundId = program.FundFor(application.Paper.JointUseResearch);

        // The fiscal year the budget is charged to is the one the service's clock said at submission, not the
        // orchestration's clock (which runs on the durable engine's time and may be replayed later).
        var year = FiscalYear.Of(application.SubmittedAt ?? input.At);
        var saved = await applications.ChangeAsync(read, a => a.SubmissionCount == input.Submission
            && a.Apply(ApplicationStep.RequestApproval, Party.System, program.States).Value is { } next
            ? next with { FundId = fundId, FiscalYear = year, UpdatedAt = input.At }
            : a);
        var awaiting = saved.Value.Status == ApplicationStatus.AwaitingApproval;
        if (awaiting)
        {
            await audit.AppendAsync(application.Id, $"s{input.Submission}-approval-requested", new AuditEntry(input.At, "system", "approval-requested", $"Routed to {fundId}."));
        }

        return awaiting;
    }
}
