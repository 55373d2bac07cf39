using System.Text.Json.Serialization;
using Grants.Workflows.Money;
using Grants.Workflows.Programs;

namespace Grants.Workflows.Applications;

/// <summary>Where an application is in its life.</summary>
public enum ApplicationStatus
{
    Draft,
    Submitted,
    Ineligible,
    AwaitingApproval,
    Approved,
    Rejected,
    Returned,
    Withdrawn,
}

/// <summary>What an approver decided.</summary>
public enum DecisionOutcome
{
    Approve,
    Reject,
    Return,
}

/// <summary>One thing the applicant asks money for.</summary>
public sealed record ExpenseLine(ExpenseKind Kind, Yen Amount, string Description);

/// <summary>The paper the money is for.</summary>
public sealed record Paper(string Title, string Journal, bool JointUseResearch);

/// <summary>A file attached to an application; the bytes live in Blob Storage.</summary>
public sealed record ApplicationDocument(string Id, DocumentKind Kind, string FileName, string ContentType, long Size, string Sha256, DateTimeOffset UploadedAt);

/// <summary>An approver's decision with the reason they gave.</summary>
public sealed record Decision(DecisionOutcome Outcome, string DeciderId, string Comment, DateTimeOffset At);

/// <summary>An application for support under one version of one program.</summary>
public sealed record Application(
    string Id,
    string ApplicantId,
    string ProgramId,
    int ProgramVersion,
    Paper Paper,
    IReadOnlyList<ExpenseLine> Lines,
    IReadOnlyList<ApplicationDocument> Documents,
    ApplicationStatus Status,
    int SubmissionCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? SubmittedAt = null,
    IReadOnlyList<EligibilityReason>? EligibilityReasons = null,
    Decision? Decision = null,
    string? FundId = null,
    FiscalYear? FiscalYear = null,
    string? PayoutId = null)
{
    public Yen Total => Yen.Sum(Lines.Select(l => l.Amount));

    /// <summary>The durable orchestration that carries the current submission; one per submission, so a resubmission never collides with the last one.</summary>
    [JsonIgnore]
    public string InstanceId => InstanceIdFor(Id, SubmissionCount);

    public static string InstanceIdFor(string applicationId, int submission) => $"{applicationId}-s{submission}";
}

/// <summary>Why an application is not eligible, with a stable code for machines and a sentence for people.</summary>
public sealed record EligibilityReason(string Code, string Message);
