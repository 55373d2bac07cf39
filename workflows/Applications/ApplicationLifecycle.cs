namespace Grants.Workflows.Applications;

/// <summary>Something a person can do to an application.</summary>
public enum ApplicationAction
{
    Edit,
    Upload,
    Submit,
    Decide,
    Withdraw,
}

/// <summary>
/// Which actions each status allows, declared once: the API refuses an action the table does not allow,
/// and the application's view lists the actions that remain.
/// </summary>
public static class ApplicationLifecycle
{
    static readonly Dictionary<ApplicationStatus, ApplicationAction[]> Allowed = new()
    {
        [ApplicationStatus.Draft] = [ApplicationAction.Edit, ApplicationAction.Upload, ApplicationAction.Submit, ApplicationAction.Withdraw],
        [ApplicationStatus.Submitted] = [ApplicationAction.Withdraw],
        [ApplicationStatus.AwaitingApproval] = [ApplicationAction.Decide, ApplicationAction.Withdraw],
        [ApplicationStatus.Returned] = [ApplicationAction.Edit, ApplicationAction.Upload, ApplicationAction.Submit, ApplicationAction.Withdraw],
        [ApplicationStatus.Ineligible] = [],
        [ApplicationStatus.Approved] = [],
        [ApplicationStatus.Rejected] = [],
        [ApplicationStatus.Withdrawn] = [],
    };

    public static bool Allows(ApplicationStatus status, ApplicationAction action) => Allowed[status].Contains(action);

    public static IReadOnlyList<ApplicationAction> ActionsIn(ApplicationStatus status) => Allowed[status];
}
