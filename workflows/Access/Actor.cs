namespace Grants.Workflows.Access;

/// <summary>The roles Easy Auth (Microsoft Entra app roles) assigns to people.</summary>
public static class Roles
{
    public const string Applicant = "applicant";
    public const string Director = "director";
    public const string Approver = "approver";
    public const string Delegate = "delegate";
    public const string Finance = "finance";
    public const string Admin = "admin";
}

/// <summary>The signed-in person making a request, and their roles.</summary>
public sealed record Actor(string Id, IReadOnlySet<string> Roles)
{
    public bool IsIn(string role) => Roles.Contains(role);

    /// <summary>Staff see every application by status; everyone else sees their own and those they endorse.</summary>
    public bool IsStaff => IsIn(Access.Roles.Director) || IsIn(Access.Roles.Approver) || IsIn(Access.Roles.Delegate) || IsIn(Access.Roles.Finance) || IsIn(Access.Roles.Admin);
}
