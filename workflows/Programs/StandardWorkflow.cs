using Grants.Workflows.Applications;

namespace Grants.Workflows.Programs;

/// <summary>
/// The standard workflow, read as one screen: draft → submitted → (endorsement) → approval → approved → completed, with
/// the ways out (not eligible, returned, rejected, withdrawn). People ask (the actions in each state); the workflow
/// (<see cref="Party.System"/>) records what follows from checks and decisions.
/// </summary>
public static class StandardWorkflow
{
    static readonly Party[] Applicant = [Party.Applicant];
    static readonly Party[] Deciders = [Party.Approver, Party.Delegate];
    static readonly Party[] Workflow = [Party.System];
    static readonly Dictionary<ApplicationAction, Party[]> Editable = new()
    {
        [ApplicationAction.Edit] = Applicant, [ApplicationAction.Upload] = Applicant, [ApplicationAction.Submit] = Applicant, [ApplicationAction.Withdraw] = Applicant,
    };

    /// <summary>The table, named "standard" in program definitions.</summary>
    public static readonly ProgramStates Table = new(
        "standard",
        [
            new(ApplicationStatus.Draft, "下書き", "Draft", Editable),
            new(ApplicationStatus.Submitted, "受付済み", "Submitted", new Dictionary<ApplicationAction, Party[]> { [ApplicationAction.Withdraw] = Applicant }),
            new(ApplicationStatus.Ineligible, "要件外", "Not eligible", new Dictionary<ApplicationAction, Party[]>()) { Final = true },
            new(ApplicationStatus.AwaitingEndorsement, "推薦待ち", "Awaiting endorsement", new Dictionary<ApplicationAction, Party[]>
            {
                [ApplicationAction.Endorse] = [Party.Endorser], [ApplicationAction.Withdraw] = Applicant,
            }),
            new(ApplicationStatus.AwaitingApproval, "承認待ち", "Awaiting approval", new Dictionary<ApplicationAction, Party[]>
            {
                [ApplicationAction.Decide] = Deciders, [ApplicationAction.Withdraw] = Applicant,
            }),
            new(ApplicationStatus.Approved, "採択", "Approved", new Dictionary<ApplicationAction, Party[]>
            {
                [ApplicationAction.Report] = Applicant,
                [ApplicationAction.RecordArrival] = [Party.Endorser],
                [ApplicationAction.RequestExtension] = [Party.Applicant, Party.Endorser],
                [ApplicationAction.DecideExtension] = Deciders,
                [ApplicationAction.Stop] = [Party.Applicant, Party.Approver, Party.Delegate, Party.Admin],
            }),
            new(ApplicationStatus.Returned, "差し戻し", "Returned for changes", Editable),
            new(ApplicationStatus.Rejected, "不採択", "Not approved", new Dictionary<ApplicationAction, Party[]>()) { Final = true },
            new(ApplicationStatus.Withdrawn, "取り下げ", "Withdrawn", new Dictionary<ApplicationAction, Party[]>()) { Final = true },
            new(ApplicationStatus.Completed, "完了", "Completed", new Dictionary<ApplicationAction, Party[]>()) { Final = true },
        ],
        [
            new(ApplicationStatus.Draft, ApplicationStep.Submit, ApplicationStatus.Submitted, Applicant),
            new(ApplicationStatus.Draft, ApplicationStep.Withdraw, ApplicationStatus.Withdrawn, Applicant),
            new(ApplicationStatus.Submitted, ApplicationStep.FindIneligible, ApplicationStatus.Ineligible, Workflow),
            new(ApplicationStatus.Submitted, ApplicationStep.RequestEndorsement, ApplicationStatus.AwaitingEndorsement, Workflow),
            new(ApplicationStatus.Submitted, ApplicationStep.RequestApproval, ApplicationStatus.AwaitingApproval, Workflow),
            // Withdrawn at once while eligibility is being checked, so it never reaches an approver.
            new(ApplicationStatus.Submitted, ApplicationStep.Withdraw, ApplicationStatus.Withdrawn, Applicant),
            new(ApplicationStatus.AwaitingEndorsement, ApplicationStep.RequestApproval, ApplicationStatus.AwaitingApproval, Workflow),
            new(ApplicationStatus.AwaitingEndorsement, ApplicationStep.DeclineEndorsement, ApplicationStatus.Returned, Workflow),
            new(ApplicationStatus.AwaitingEndorsement, ApplicationStep.Withdraw, ApplicationStatus.Withdrawn, Workflow),
            new(ApplicationStatus.AwaitingApproval, ApplicationStep.Approve, ApplicationStatus.Approved, Workflow),
            new(ApplicationStatus.AwaitingApproval, ApplicationStep.Reject, ApplicationStatus.Rejected, Workflow),
            new(ApplicationStatus.AwaitingApproval, ApplicationStep.Return, ApplicationStatus.Returned, Workflow),
            new(ApplicationStatus.AwaitingApproval, ApplicationStep.Withdraw, ApplicationStatus.Withdrawn, Workflow),
            new(ApplicationStatus.Approved, ApplicationStep.Complete, ApplicationStatus.Completed, Workflow),
            new(ApplicationStatus.Returned, ApplicationStep.Submit, ApplicationStatus.Submitted, Applicant),
            new(ApplicationStatus.Returned, ApplicationStep.Withdraw, ApplicationStatus.Withdrawn, Applicant),
        ]);
}
