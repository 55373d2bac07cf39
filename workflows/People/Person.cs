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

/// <summary>Someone in the institute's directory. <see cref="Id"/> is the sign-in name Easy Auth reports.</summary>
public sealed record Person(
    string Id,
    string Name,
    string NameKana,
    string Email,
    Position Position,
    string Department,
    bool Enrolled = false,
    int? DoctorateYear = null);
