using Grants.Workflows.Applications;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>Records how a submission ended — approved, rejected, returned for changes or withdrawn — with who decided and why.</summary>
public sealed class RecordOutcome(ApplicationStore applications, AuditTrail audit) : TaskActivity<OutcomeInput, ApplicationStatus>
{
    public override async Task<ApplicationStatus> RunAsync(TaskActivityContext context, OutcomeInput input)
    {
        var (status, decision) = input.Event.Kind switch
        {
            WorkflowEventKind.Approve => (ApplicationStatus.Approved, (DecisionOutcome?)DecisionOutcome.Approve),
            WorkflowEventKind.Reject => (ApplicationStatus.Rejected, DecisionOutcome.Reject),
            WorkflowEventKind.Return => (ApplicationStatus.Returned, DecisionOutcome.Return),
            WorkflowEventKind.DeclineEndorsement => (ApplicationStatus.Returned, DecisionOutcome.Return),
            _ => (ApplicationStatus.Withdrawn, null),
        };

        await applications.UpdateAsync(input.ApplicationId, a => a.SubmissionCount != input.Submission || a.Status == status
            ? a
            : a with
            {
                Status = status,
                Decision = decision is { } outcome ? new Decision(outcome, input.Event.ActorId, input.Event.Comment, input.Event.At) : a.Decision,
                ReportDue = input.ReportDue ?? a.ReportDue,
                UpdatedAt = input.At,
            });
        await audit.AppendAsync(input.ApplicationId, $"s{input.Submission}-outcome", new AuditEntry(
            input.Event.At, input.Event.ActorId, status.ToString().ToLowerInvariant(), input.Event.Comment));
        return status;
    }
}
