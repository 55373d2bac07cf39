using Grants.Workflows.Applications;
using Grants.Workflows.Programs;

namespace Grants.Workflows.Orchestration;

/// <summary>What starts the workflow of one submission of one application.</summary>
public sealed record ApplicationWorkflowInput(string ApplicationId, int Submission, ApprovalTimeline Timeline)
{
    /// <summary>The input of a submitted application's workflow: its program's timeline and report as this deployment overrides them.</summary>
    public static ApplicationWorkflowInput For(Application application, GrantProgram program, WorkflowOptions options) =>
        new(application.Id, application.SubmissionCount, options.Apply(program.Approval))
        {
            PaymentEvery = options.PaymentEvery,
            Report = application.PaymentKind == PaymentKind.OneTime ? options.Apply(program.Report) : null,
            NeedsEndorsement = program.Endorsement is not null,
            Months = application.Months,
        };

    /// <summary>Time between monthly payouts; null means calendar months.</summary>
    public TimeSpan? PaymentEvery { get; init; }

    /// <summary>Report obligation of the program version, if any.</summary>
    public ReportObligation? Report { get; init; }

    /// <summary>Whether the program asks for an endorsement before approval.</summary>
    public bool NeedsEndorsement { get; init; }

    /// <summary>Months of monthly support requested (fixed once submitted).</summary>
    public int Months { get; init; }
}

/// <summary>The input of most activities: which submission, and the orchestration's own clock at this step (replay-safe).</summary>
public sealed record StepInput(string ApplicationId, int Submission, DateTimeOffset At)
{
    /// <summary>For the eligibility step of a program without endorsement: route an eligible application to its approver in the same step.</summary>
    public bool RouteWhenEligible { get; init; }

    /// <summary>For the reservation: the approval it honours, recorded on the application in the same step once reserved (null in histories from before it was).</summary>
    public WorkflowEvent? Approval { get; init; }

    /// <summary>With <see cref="Approval"/>, of a program that asks for a report: when the report is due.</summary>
    public DateTimeOffset? ReportDue { get; init; }

    /// <summary>
    /// Send the notice of the step's own save in the same step (the eligibility's and the approval's), as SendNotification
    /// would next: a step that has just made its save knows the notice was never sent, so it need not look.
    /// </summary>
    public bool Notify { get; init; }
}

/// <summary>Something a person did that the waiting workflow must act on.</summary>
public enum WorkflowEventKind
{
    Approve,
    Reject,
    Return,
    Withdraw,
    Endorse,
    DeclineEndorsement,
}

/// <summary>An event raised into a waiting workflow: a decision or a withdrawal, by whom and why.</summary>
public sealed record WorkflowEvent(WorkflowEventKind Kind, string ActorId, string Comment, DateTimeOffset At)
{
    /// <summary>The claim this event tells of, when it tells of one (set on the event raised, never on the claim's own copy); null in events raised before events named their claim.</summary>
    public string? ClaimId { get; init; }

    /// <summary>The submission of the claim named by <see cref="ClaimId"/>.</summary>
    public int? ClaimSubmission { get; init; }

    /// <summary>The event that tells the workflow of a claim saved on the application: the claim's event, naming it.</summary>
    public static WorkflowEvent Telling(Applications.DecisionClaim claim) => claim.Event with { ClaimId = claim.Id, ClaimSubmission = claim.Submission };

    /// <summary>The claim this event names, as it was saved (its own event names nothing), or null when it names none.</summary>
    public Applications.DecisionClaim? NamedClaim => ClaimId is { } id && ClaimSubmission is { } submission
        ? new Applications.DecisionClaim(id, submission, this with { ClaimId = null, ClaimSubmission = null })
        : null;
}

/// <summary>Names the decision claim a step concerns, so it touches that claim and no later one.</summary>
public sealed record ClaimInput(string ApplicationId, string ClaimId, DateTimeOffset At);

/// <summary>The result of the eligibility step.</summary>
public sealed record EligibilityOutcome(bool Eligible, IReadOnlyList<EligibilityReason> Reasons)
{
    /// <summary>Whether the step also put the application before its approver; false in histories from before it could.</summary>
    public bool Routed { get; init; }

    /// <summary>Whether the step also sent the notice of its judgement (ineligible, or routed to the approver); false in histories from before it could.</summary>
    public bool Notified { get; init; }
}

/// <summary>The input of the step that records how the application ended.</summary>
public sealed record OutcomeInput(string ApplicationId, int Submission, WorkflowEvent Event, DateTimeOffset At)
{
    /// <summary>On approval of a program that asks for a report: when the report is due, recorded on the application.</summary>
    public DateTimeOffset? ReportDue { get; init; }

    /// <summary>On approval of a one-time payment: the payout just created, recorded on the application in the same save as the approval.</summary>
    public string? PayoutId { get; init; }
}

/// <summary>Which mail to send about an application; <see cref="Sequence"/> tells apart repeated reminders.</summary>
public sealed record Notice(string ApplicationId, int Submission, NotificationKind Kind, int Sequence, DateTimeOffset At)
{
    /// <summary>Why, where the notice needs a reason the application does not hold (a cap that refused an approval), in English and Japanese.</summary>
    public string? Reason { get; init; }

    public string? ReasonJa { get; init; }

    /// <summary>
    /// Whether the notice's audit row alone records that its one mail went, so a rerun looks for that row and no sent-mail row
    /// is written. Set by workflows since it could be; a notice from an older history may have only its sent-mail row.
    /// </summary>
    public bool RecordedInTrail { get; init; }

    /// <summary>
    /// The time of the step whose save the notice tells of (the application's <see cref="Applications.Application.UpdatedAt"/>
    /// after it), when it follows one: the application as this process saved it then is what the mail quotes, without a read.
    /// </summary>
    public DateTimeOffset? SavedAt { get; init; }
}

/// <summary>Something that happens to an approved application while it is being paid or reported on.</summary>
public enum AwardEventKind
{
    Arrived,
    ArrivalExpected,
    ExtensionApproved,
    ExtensionRefused,
    Report,
    Stop,
}

/// <summary>An event raised into the award workflow of an approved application.</summary>
public sealed record AwardEvent(AwardEventKind Kind, string ActorId, string Comment, DateTimeOffset At, DateOnly? Date = null, int Months = 0, string? Doi = null);

/// <summary>
/// The state of an approved application's award between months; a restart by an administrator rebuilds it from the record.
/// </summary>
public sealed record AwardInput(
    string ApplicationId,
    int Submission,
    PaymentKind Payment,
    int Month,
    int MonthsTotal,
    bool Arrived,
    DateTimeOffset NextPaymentAt,
    TimeSpan? PaymentEvery,
    ReportObligation? Report,
    DateTimeOffset? ReportDueAt,
    int ReportReminders);

/// <summary>The input of the monthly payout step.</summary>
public sealed record MonthlyPayoutInput(string ApplicationId, int Month, bool Arrived, DateTimeOffset At);

/// <summary>The input of steps that record something on an approved application.</summary>
public sealed record AwardStepInput(string ApplicationId, int Submission, AwardEvent Event, DateTimeOffset At);

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
    EndorsementRequested,
    EndorsementDeclined,
    MonthlyPayout,
    ArrivalRecorded,
    ExtensionRequested,
    ExtensionApproved,
    ReportReminder,
    ReportOverdue,
    ReportReceived,
    SupportEnded,
    OverCap,
}
