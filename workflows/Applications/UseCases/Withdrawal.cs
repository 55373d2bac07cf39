using Grants.Workflows.Access;
using Grants.Workflows.Orchestration;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Applications;

/// <summary>An applicant withdraws an application that is not yet decided.</summary>
public sealed class Withdrawal(ApplicationAccess access, WorkflowSignals signals, AuditTrail audit, TimeProvider clock)
{
    public async Task<Outcome<Application>> WithdrawAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        var own = await access.OwnAsync(actor, id, cancellationToken);
        if (!own.Succeeded)
        {
            return own.Problem!;
        }

        var (stored, program, _) = own.Value!;
        var application = stored.Value;
        if (!program.States.Allows(application.Status, ApplicationAction.Withdraw, [Party.Applicant]))
        {
            return await access.AlreadyDecidedAsync(application, cancellationToken);
        }

        var now = clock.GetUtcNow();
        if (application.Status is ApplicationStatus.Submitted or ApplicationStatus.AwaitingApproval or ApplicationStatus.AwaitingEndorsement)
        {
            // The workflow owns a submitted application; the withdrawal is claimed like a decision, and the workflow records it.
            // One still being checked is marked withdrawn at once (whatever the check saved meanwhile), so it never reaches an approver.
            var claimed = await signals.ClaimAsync(stored, program.States, new WorkflowEvent(WorkflowEventKind.Withdraw, actor.Id, "", now), cancellationToken);
            if (claimed.Problem is not null)
            {
                return claimed.Problem;
            }

            application = claimed.Application!;
        }
        else
        {
            var step = application.Apply(ApplicationStep.Withdraw, Party.Applicant, program.States);
            var saved = step.Succeeded ? await access.SaveGuardedAsync(stored, step.Value! with { UpdatedAt = now }, cancellationToken) : null;
            if (saved is null)
            {
                return Problem.Conflict("The application changed meanwhile. Reload it and try again.");
            }

            application = saved.Value;
        }

        await audit.AppendAsync(id, ApplicationIds.NewStepKey(), new AuditEntry(now, actor.Id, "withdrawal-requested", ""), cancellationToken);
        return application;
    }
}
