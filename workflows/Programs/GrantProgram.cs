using Grants.Workflows.Money;
using Grants.Workflows.People;

namespace Grants.Workflows.Programs;

/// <summary>What an expense line pays for.</summary>
public enum ExpenseKind
{
    SubmissionFee,
    EnglishProofreading,
    OpenAccessCharge,
}

/// <summary>What a document attached to an application is.</summary>
public enum DocumentKind
{
    Manuscript,
    AcceptanceLetter,
    Invoice,
    Quote,
    Receipt,
}

/// <summary>A rule on one expense kind: how much at most, and which documents prove it.</summary>
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

/// <summary>
/// A support program defined as data: who may apply, what it pays for, what must be attached,
/// which fund pays and how long approval may take. Changing a rule means changing this record, not code.
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
    public ExpenseRule? RuleFor(ExpenseKind kind) => Expenses.FirstOrDefault(e => e.Kind == kind);

    /// <summary>The fund that pays an application, by the first route whose condition it meets.</summary>
    public string FundFor(bool jointUseResearch) =>
        Funding.First(r => r.When == FundCondition.Always || (r.When == FundCondition.JointUseResearch && jointUseResearch)).FundId;
}
