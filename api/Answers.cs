using Grants.Workflows.Applications;
using Grants.Workflows.Operations;
using Grants.Workflows.People;
using Grants.Workflows.Storage;

namespace Grants.Api;

/// <summary>Liveness: always <c>ok</c> while the process answers.</summary>
public sealed record HealthAnswer(string Status);

/// <summary>The signed-in person as the portal shows them: the directory's entry, or the sign-in name alone for someone not in it.</summary>
public sealed record MeAnswer(string Id, string Name, string? NameKana, string? Email, Position? Position, string? Department, bool Active, IReadOnlyList<string> Roles);

/// <summary>An application with its status in both languages, as every endpoint that returns one shows it.</summary>
public sealed record ApplicationAnswer(Application Application, string StatusLabelJa, string StatusLabelEn);

/// <summary>The audit trail of one subject.</summary>
public sealed record AuditAnswer(string Subject, IReadOnlyList<AuditEntry> Entries);

/// <summary>The workflows that have not moved for at least the given minutes.</summary>
public sealed record StuckAnswer(int OlderThanMinutes, IReadOnlyList<StuckWorkflow> Workflows);
