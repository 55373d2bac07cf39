using Grants.Workflows.Money;
using Grants.Workflows.People;

namespace Grants.Workflows.Programs;

/// <summary>What an expense line pays for.</summary>
public enum ExpenseKind
{
    SubmissionFee,
    EnglishProofreading,
    OpenAccessCharge,
    ConferencePresentation,
    ResearchAssistantMonthly,
    PreArrivalMonthly,
    PostArrivalMonthly,
}

/// <summary>What a document attached to an application is.</summary>
public enum DocumentKind
{
    Manuscript,
    AcceptanceLetter,
    Invoice,
    Quote,
    Receipt,
    ConferenceAcceptance,
    EmploymentPlan,
    AdmissionPapers,
    Nomination,
}

/// <summary>A rule on one expense kind: how much at most per item (paper, conference, month), and which documents prove it.</summary>
public sealed record ExpenseRule(ExpenseKind Kind, Yen CapPerPaper, IReadOnlyList<DocumentKind> RequiredDocuments);

/// <summary>Which fund pays when a condition on the application holds; the first matching route wins.</summary>
public sealed record FundRoute(string FundId, FundCondition When);

/// <summary>A condition an application meets for a fund route.</summary>
public enum FundCondition
{
    Always,
    JointUseResearch,
}

/// <summary>How long an approver may leave an application waiting before a reminder and before escalation.</summary>
public sealed record ApprovalTimeline(TimeSpan ReminderEvery, TimeSpan EscalateAfter);

/// <summary>Who must endorse an application before it goes to approval.</summary>
public enum EndorserRole
{
    Supervisor,
    HostResearcher,
}

/// <summary>How an approved application is paid; it follows from the kinds of its expense lines.</summary>
public enum PaymentKind
{
    /// <summary>One payout of the application's total.</summary>
    OneTime,

    /// <summary>One payout a month for the requested number of months, at the monthly line's amount (RA employment).</summary>
    Monthly,

    /// <summary>Monthly, at the pre-arrival rate until the host records the arrival, then at the post-arrival rate.</summary>
    MonthlyBeforeAndAfterArrival,
}

/// <summary>For how many months a program pays monthly support at most, and by how many months it can be extended.</summary>
public sealed record SupportPeriod(int MaxMonths, int MaxExtensionMonths)
{
    public static readonly SupportPeriod None = new(0, 0);
}

/// <summary>What the applicant must report after payment, and by when.</summary>
public sealed record ReportObligation(string WhatEn, string WhatJa, TimeSpan DueAfterApproval, TimeSpan ReminderEvery);

/// <summary>
/// A support program defined as data: who may apply, what it pays for and up to how much, what must be attached,
/// which fund pays, who endorses and approves, how it pays, what must be reported, and its states. Each version is a
/// definition file (programs/*.json); changing a rule means publishing a new version, not changing code. When
/// applications are accepted is not part of it: calls are kept apart (<see cref="Call"/>), so a new fiscal year needs no new version.
/// </summary>
public sealed record GrantProgram(
    string Id,
    int Version,
    string NameJa,
    string NameEn,
    string DescriptionEn,
    IReadOnlyList<Position> EligiblePositions,
    IReadOnlyList<ExpenseRule> Expenses,
    Yen CapPerApplication,
    IReadOnlyList<FundRoute> Funding,
    ApprovalTimeline Approval)
{
    /// <summary>The description in Japanese (programs published before it existed have none; people then read the English).</summary>
    public string? DescriptionJa { get; init; }

    /// <summary>The most one person may be granted from this program in a fiscal year, over all their applications.</summary>
    public Yen? CapPerPersonPerYear { get; init; }

    /// <summary>Whether the applicant must be enrolled (students).</summary>
    public bool RequiresEnrollment { get; init; }

    /// <summary>Career stage: at most this many years since the doctorate (null: no limit).</summary>
    public int? MaxYearsSinceDoctorate { get; init; }

    public EndorserRole? Endorsement { get; init; }

    public SupportPeriod Period { get; init; } = SupportPeriod.None;

    public ReportObligation? Report { get; init; }

    /// <summary>The name of the workflow (<see cref="ProgramStates.Registry"/>) its applications live by; programs stored before it existed run under "standard".</summary>
    public string Workflow { get; init; } = ProgramStates.Standard.Name;

    /// <summary>
    /// The states an application of this program passes through, their transitions, who may act in each, and their labels:
    /// the named workflow's table, never a stored copy (it is written out for the API's readers and ignored on reading).
    /// </summary>
    public ProgramStates States => ProgramStates.Named(Workflow);

    public ExpenseRule? RuleFor(ExpenseKind kind) => Expenses.FirstOrDefault(e => e.Kind == kind);

    /// <summary>The fund that pays an application, by the first route whose condition it meets.</summary>
    public string FundFor(bool jointUseResearch) =>
        Funding.First(r => r.When == FundCondition.Always || (r.When == FundCondition.JointUseResearch && jointUseResearch)).FundId;
}
