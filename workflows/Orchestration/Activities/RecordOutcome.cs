using Grants.Workflows.Applications;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>Records how a submission ended — approved, rejected, returned for changes or withdrawn — with who decided and why.</summary>
public sealed class RecordOutcome(ApplicationStore applications, ProgramCatalog programs) : TaskActivity<OutcomeInput, ApplicationStatus>
{
    public override async Task<ApplicationStatus> RunAsync(TaskActivityContext context, OutcomeInput input) => (await SaveAsync(applications, programs, input, [])).Status;

    /// <summary>
    /// Saves the outcome on the application with the audit line that records it, and <paramref name="alsoRecorded"/> (the
    /// lines of the step it is part of: the reservation records an approval it honours), in one transaction; returns where
    /// the step leads, the application as saved and whether this run made the save (see <see cref="WorkflowReads.SaveChangeAsync"/>).
    /// </summary>
    internal static async Task<(ApplicationStatus Status, Application Saved, bool Fresh)> SaveAsync(ApplicationStore applications, ProgramCatalog programs, OutcomeInput input, IReadOnlyList<(string StepKey, AuditEntry Entry)> alsoRecorded)
    {
        var (step, decision) = input.Event.Kind switch
        {
            WorkflowEventKind.Approve => (ApplicationStep.Approve, (DecisionOutcome?)DecisionOutcome.Approve),
            WorkflowEventKind.Reject => (ApplicationStep.Reject, DecisionOutcome.Reject),
            WorkflowEventKind.Return => (ApplicationStep.Return, DecisionOutcome.Return),
            WorkflowEventKind.DeclineEndorsement => (ApplicationStep.DeclineEndorsement, DecisionOutcome.Return),
            _ => (ApplicationStep.Withdraw, null),
        };

        // The claim's save (or ReadClaimedDecision's read) left it here just before: the save is guarded by that copy's ETag, so a copy changed since costs a read, not a wrong save.
        var read = await applications.RequireRecentAsync(input.ApplicationId, input.Submission);
        var states = (await programs.RequireAsync(read.Value)).States;

        // What the workflow goes on with is where the step leads, also when a repeated run finds it already taken.
        var status = states.Transitions.First(t => t.Step == step && t.Who.Contains(Party.System)).To;
        var line = new AuditEntry(input.Event.At, input.Event.ActorId, status.ToString().ToLowerInvariant(), input.Event.Comment);
        var (saved, fresh) = await applications.SaveChangeAsync(
            read,
            a => a.SubmissionCount == input.Submission && a.Apply(step, Party.System, states).Value is { } next
                ? next with
                {
                    Decision = decision is { } outcome ? new Decision(outcome, input.Event.ActorId, input.Event.Comment, input.Event.At) : a.Decision,
                    ReportDue = input.ReportDue ?? a.ReportDue,
                    PayoutId = input.PayoutId ?? a.PayoutId,
                    UpdatedAt = input.At,
                }
                : a,
            _ => new SaveRecords([.. alsoRecorded, ($"s{input.Submission}-outcome", line)]));
        return (status, saved.Value, fresh);
    }
}
