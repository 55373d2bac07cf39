using Grants.Workflows.Applications;
using Grants.Workflows.Money;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>
/// Routes an eligible application to the fund that pays for it and puts it in its approver's queue: after the endorsement,
/// and in histories from before <see cref="CheckEligibility"/> routed programs without one itself.
/// </summary>
public sealed class RequestApproval(ApplicationStore applications, ProgramCatalog programs, AuditTrail audit)
    : TaskActivity<StepInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, StepInput input)
    {
        var read = await applications.RequireStoredAsync(input.ApplicationId);
        var program = await programs.RequireAsync(read.Value);
        var saved = await applications.ChangeAsync(read, a => Route(a, program, input) ?? a);
        var awaiting = saved.Value.Status == ApplicationStatus.AwaitingApproval;
        if (awaiting)
        {
            await audit.AppendAsync(input.ApplicationId, $"s{input.Submission}-approval-requested", new AuditEntry(input.At, "system", "approval-requested", $"Routed to {saved.Value.FundId}."));
        }

        return awaiting;
    }

    /// <summary>The application of this submission put before its fund's approver, or null when it cannot be (withdrawn, resubmitted, already routed).</summary>
    public static Application? Route(Application application, GrantProgram program, StepInput input)
    {
        // The fiscal year the budget is charged to is the one the service's clock said at submission, not the
        // orchestration's clock (which runs on the durable engine's time and may be replayed later).
        var year = FiscalYear.Of(application.SubmittedAt ?? input.At);
        return application.SubmissionCount == input.Submission && application.Apply(ApplicationStep.RequestApproval, Party.System, program.States).Value is { } next
            ? next with { FundId = program.FundFor(application.Paper.JointUseResearch), FiscalYear = year, UpdatedAt = input.At }
            : null;
    }
}
