using Grants.Workflows.Programs;

namespace Grants.Workflows.Eligibility;

/// <summary>One thing an application still lacks before submission: <c>lines</c>, <c>document</c> (of <paramref name="Document"/> kind for the <paramref name="Kind"/> line), <c>endorser</c> or <c>months</c>.</summary>
public sealed record MissingItem(string Code, ExpenseKind? Kind, DocumentKind? Document);
