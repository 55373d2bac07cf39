using Grants.Workflows.Funds;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Applications;

/// <summary>The body of a create or edit: which program, which paper, what it costs.</summary>
public sealed record DraftRequest(string? ProgramId, Paper? Paper, IReadOnlyList<ExpenseLine>? Lines);

/// <summary>The body of a decision: <c>approve</c>, <c>reject</c> or <c>return</c>, with a comment for the applicant.</summary>
public sealed record DecisionRequest(string? Decision, string? Comment);

/// <summary>A file the applicant uploads.</summary>
public sealed record DocumentUpload(string? Kind, string FileName, string ContentType, Stream Content, long Length);

/// <summary>An application as a reader sees it: its record, what can be done next, every step so far, and the fund's budget beside it.</summary>
public sealed record ApplicationView(
    Application Application,
    IReadOnlyList<ApplicationAction> AllowedActions,
    IReadOnlyList<AuditEntry> History,
    FundBudget? Budget);

/// <summary>Durations that override a program's approval timeline, e.g. to watch reminders within minutes on a laptop.</summary>
public sealed class WorkflowOptions
{
    public TimeSpan? ReminderEvery { get; set; }

    public TimeSpan? EscalateAfter { get; set; }

    public ApprovalTimeline Apply(ApprovalTimeline timeline) =>
        new(ReminderEvery ?? timeline.ReminderEvery, EscalateAfter ?? timeline.EscalateAfter);
}
