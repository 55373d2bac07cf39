using Grants.Workflows.Applications;
using Grants.Workflows.Programs;

namespace Grants.Workflows.Orchestration;

/// <summary>What starts the workflow of one submission of one application.</summary>
public sealed record ApplicationWorkflowInput(string ApplicationId, int Submission, ApprovalTimeline Timeline);

/// <summary>The input of most activities: which submission, and the orchestration's own clock at this step (replay-safe).</summary>
public sealed record StepInput(string ApplicationId, int Submission, DateTimeOffset At);

/// <summary>Something a person did that the waiting workflow must act on.</summary>
public enum WorkflowEventKind
{
    Approve,
    Reject,
    Return,
    Withdraw,
}

/// <summary>An event raised into a waiting workflow: a decision or a withdrawal, by whom and why.</summary>
public sealed record WorkflowEvent(WorkflowEventKind Kind, string ActorId, string Comment, DateTimeOffset At);

/// <summary>The result of the eligibility step.</summary>
public sealed record EligibilityOutcome(bool Eligible, IReadOnlyList<EligibilityReason> Reasons);

/// <summary>The input of the step that records how the application ended.</summary>
public sealed record OutcomeInput(string ApplicationId, int Submission, WorkflowEvent Event, DateTimeOffset At);

/// <summary>Which mail to send about an application; <see cref="Sequence"/> tells apart repeated reminders.</summary>
public sealed record Notice(string ApplicationId, int Submission, NotificationKind Kind, int Sequence, DateTimeOffset At);

/// <summary>The moments at which someone is told something by mail.</summary>
public enum NotificationKind
{
    Ineligible,
    ApprovalRequested,
    ApprovalReminder,
    Escalated,
    BudgetInsufficient,
    Approved,
    Rejected,
    Returned,
    Withdrawn,
}
