using System.Text.Json.Serialization;
using Grants.Workflows.Access;
using Grants.Workflows.Money;
using Grants.Workflows.Programs;

namespace Grants.Workflows.Applications;

/// <summary>Where an application is in its life.</summary>
public enum ApplicationStatus
{
    Draft,
    Submitted,
    Ineligible,
    AwaitingEndorsement,
    AwaitingApproval,
    Approved,
    Rejected,
    Returned,
    Withdrawn,
    Completed,
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

/// <summary>The work the money is for: a paper and its journal, a talk and its conference, or a joint research project and its partner.</summary>
public sealed record Paper(string Title, string Journal, bool JointUseResearch);

/// <summary>The sending university of an international student, and who to contact there.</summary>
public sealed record Partner(string Institution, string ContactName, string ContactEmail);

/// <summary>A supervisor's or host researcher's endorsement.</summary>
public sealed record Endorsement(string EndorserId, string Comment, DateTimeOffset At);

/// <summary>What the applicant reported after payment, e.g. the published paper's DOI.</summary>
public sealed record PaperReport(string Doi, DateTimeOffset At);

/// <summary>A file attached to an application; the bytes live in Blob Storage.</summary>
public sealed record ApplicationDocument(string Id, DocumentKind Kind, string FileName, string ContentType, long Size, string Sha256, DateTimeOffset UploadedAt);

/// <summary>An approver's decision with the reason they gave.</summary>
public sealed record Decision(DecisionOutcome Outcome, string DeciderId, string Comment, DateTimeOffset At)
{
    /// <summary>The decider's name from the directory, added when the application is read for a person; never stored.</summary>
    public string? DeciderName { get; init; }
}

/// <summary>
/// The one decision or withdrawal accepted for a submission, written on the application (ETag-guarded) before its workflow is
/// told: of concurrent requests exactly one claims it, and the workflow acts on this claim, never on a request it was not given.
/// </summary>
public sealed record DecisionClaim(string Id, int Submission, Orchestration.WorkflowEvent Event);

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
    string? PayoutId = null,
    string? EndorserId = null,
    int Months = 0,
    Partner? SendingUniversity = null,
    DateOnly? ExpectedArrival = null,
    DateOnly? ArrivedOn = null,
    int ExtensionMonths = 0,
    Endorsement? Endorsement = null,
    PaperReport? Report = null,
    DateTimeOffset? ReportDue = null,
    int PaidMonths = 0,
    int ExtensionRequested = 0,
    DecisionClaim? Claim = null)
{
    /// <summary>The applicant's name from the directory, added when the application is read for a person (see <see cref="People.PeopleSnapshot"/>); never stored.</summary>
    public string? ApplicantName { get; init; }

    /// <summary>The supervisor's or host researcher's name, added like <see cref="ApplicantName"/>.</summary>
    public string? EndorserName { get; init; }

    /// <summary>This application with the names of the people it mentions, as a person reads it.</summary>
    public Application Named(People.NameBook names) => this with
    {
        ApplicantName = names[ApplicantId],
        EndorserName = names[EndorserId],
        Decision = Decision is { } decision ? decision with { DeciderName = names[decision.DeciderId] } : null,
    };

    /// <summary>Everyone the application mentions by sign-in id.</summary>
    [JsonIgnore]
    public IEnumerable<string?> PeopleIds => [ApplicantId, EndorserId, Decision?.DeciderId];

    /// <summary>The sum of the expense lines: for a monthly program, one month's support at each rate.</summary>
    public Yen Total => Yen.Sum(Lines.Select(l => l.Amount));

    /// <summary>How this application is paid, from its lines: monthly support lines make it monthly.</summary>
    [JsonIgnore]
    public PaymentKind PaymentKind =>
        Lines.Any(l => l.Kind is ExpenseKind.PreArrivalMonthly or ExpenseKind.PostArrivalMonthly) ? PaymentKind.MonthlyBeforeAndAfterArrival
        : Lines.Any(l => l.Kind == ExpenseKind.ResearchAssistantMonthly) ? PaymentKind.Monthly
        : PaymentKind.OneTime;

    /// <summary>One month's amount for the given monthly expense kind.</summary>
    public Yen Monthly(ExpenseKind kind) => Yen.Sum(Lines.Where(l => l.Kind == kind).Select(l => l.Amount));

    /// <summary>How this application is paid: phases, what approval reserves and why, what each month pays.</summary>
    [JsonIgnore]
    public SupportPlan Plan => SupportPlan.For(this);

    /// <summary>The most this application can cost — what approval reserves (see <see cref="SupportPlan"/>).</summary>
    public Yen Commitment => Plan.Reserved;

    /// <summary>
    /// This application after the step, if the program's table has that transition from its status for that party;
    /// otherwise a conflict, and the application is unchanged (a step repeated after it was taken is refused too).
    /// </summary>
    public Outcome<Application> Apply(ApplicationStep step, Party party, ProgramStates table) =>
        table.TransitionFor(Status, step, party) is { } transition
            ? this with { Status = transition.To }
            : Problem.Conflict($"An application that is {table[Status].LabelEn.ToLowerInvariant()} cannot be taken to the next step ({step}) by {party}.");

    /// <summary>The durable orchestration that carries the current submission; one per submission, so a resubmission never collides with the last one.</summary>
    [JsonIgnore]
    public string InstanceId => InstanceIdFor(Id, SubmissionCount);

    public static string InstanceIdFor(string applicationId, int submission) => $"{applicationId}-s{submission}";
}

/// <summary>Why an application is not eligible, with a stable code for machines and a sentence for people, in English and Japanese.</summary>
public sealed record EligibilityReason(string Code, string Message, string? MessageJa = null);
