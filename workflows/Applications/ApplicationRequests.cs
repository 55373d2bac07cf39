using Grants.Workflows.Eligibility;
using Grants.Workflows.Funds;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Applications;

/// <summary>The body of a create or edit: which program, which work, what it costs, and what the program asks besides.</summary>
public sealed record DraftRequest(
    string? ProgramId,
    Paper? Paper,
    IReadOnlyList<ExpenseLine>? Lines,
    string? EndorserId = null,
    int? Months = null,
    Partner? SendingUniversity = null,
    DateOnly? ExpectedArrival = null);

/// <summary>The body of an endorsement: <c>endorse</c> or <c>decline</c>, with a comment.</summary>
public sealed record EndorsementRequest(string? Decision, string? Comment);

/// <summary>The body of a paper report: the DOI of the published paper.</summary>
public sealed record ReportRequest(string? Doi);

/// <summary>The body of an arrival record: the day the student arrived, or the new expected day.</summary>
public sealed record ArrivalRequest(DateOnly? ArrivedOn, DateOnly? ExpectedOn);

/// <summary>The body of an extension request: how many more months, and why.</summary>
public sealed record ExtensionRequest(int? Months, string? Reason);

/// <summary>The body of a stop: why monthly support ends early.</summary>
public sealed record StopRequest(string? Reason);

/// <summary>The body of a decision: <c>approve</c>, <c>reject</c> or <c>return</c>, with a comment for the applicant.</summary>
public sealed record DecisionRequest(string? Decision, string? Comment);

/// <summary>A file the applicant uploads.</summary>
public sealed record DocumentUpload(string? Kind, string FileName, string ContentType, Stream Content, long Length);

/// <summary>An application as a reader sees it: its record, what can be done next, every step so far, the fund's budget beside it, and the storage ETag that an update may name in If-Match.</summary>
public sealed record ApplicationView(
    Application Application,
    string StatusLabelJa,
    string StatusLabelEn,
    IReadOnlyList<ApplicationAction> AllowedActions,
    IReadOnlyList<AuditEntry> History,
    FundBudget? Budget,
    string? ETag = null)
{
    /// <summary>The name of the fund the budget is of, shown with it (null when no budget is shown).</summary>
    public string? FundNameJa { get; init; }

    public string? FundNameEn { get; init; }

    /// <summary>What the program still needs before a submission can pass the eligibility check; empty when ready or not submittable.</summary>
    public IReadOnlyList<MissingItem> Missing { get; init; } = [];

    /// <summary>How the application is paid: months × rate per phase, what approval reserves and why.</summary>
    public SupportPlan Plan => Application.Plan;

    /// <summary>The names of the people the application and its history mention, by sign-in id.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public People.NameBook? People { get; init; }

    /// <summary>The history as a person reads it: each step and its detail in Japanese and English, the fund and people by their names.</summary>
    public IReadOnlyList<TimelineStep> Timeline => TimelineStep.Of(History,
        fundId => fundId == Application.FundId && FundNameJa is not null ? new Term(FundNameJa, FundNameEn ?? FundNameJa) : null,
        People);
}

/// <summary>Durations that override a program's approval timeline, e.g. to watch reminders within minutes on a laptop.</summary>
public sealed class WorkflowOptions
{
    public TimeSpan? ReminderEvery { get; set; }

    public TimeSpan? EscalateAfter { get; set; }

    /// <summary>Time between monthly payouts; unset means calendar months.</summary>
    public TimeSpan? PaymentEvery { get; set; }

    /// <summary>Overrides the report due time and reminder interval of every program.</summary>
    public TimeSpan? ReportDueAfter { get; set; }

    public TimeSpan? ReportReminderEvery { get; set; }

    /// <summary>How long a finance step's request waits for its durable work before answering 202; unset means 5 s.</summary>
    public TimeSpan? FinanceWait { get; set; }

    public ReportObligation? Apply(ReportObligation? report) => report is null ? null : report with
    {
        DueAfterApproval = ReportDueAfter ?? report.DueAfterApproval,
        ReminderEvery = ReportReminderEvery ?? report.ReminderEvery,
    };

    public ApprovalTimeline Apply(ApprovalTimeline timeline) =>
        new(ReminderEvery ?? timeline.ReminderEvery, EscalateAfter ?? timeline.EscalateAfter);
}
