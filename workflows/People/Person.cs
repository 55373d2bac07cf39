namespace Grants.Workflows.People;

/// <summary>A position held at the institute or a partner university.</summary>
public enum Position
{
    Professor,
    AssociateProfessor,
    AssistantProfessor,
    ResearchStaff,
    Postdoc,
    GraduateStudent,
    InternationalStudent,
    Staff,
}

/// <summary>Where money for a person is transferred to; kept apart from the directory (see BankAccounts/), shown masked except to finance and the person.</summary>
public sealed record BankAccount(string BankCode, string BranchCode, string AccountType, string AccountNumber, string HolderKana);

/// <summary>
/// Someone in the institute's directory. <see cref="Id"/> is the sign-in name Easy Auth reports, lower-cased;
/// <see cref="SupervisorId"/> names another person; a leaver stays in the directory with <see cref="Active"/> false.
/// </summary>
public sealed record Person(
    string Id,
    string Name,
    string NameKana,
    string Email,
    Position Position,
    string Department,
    bool Enrolled = false,
    int? DoctorateYear = null,
    string? SupervisorId = null,
    bool Active = true);
