using Grants.Workflows.Applications;

namespace Grants.Workflows.Programs;

/// <summary>Who someone is with respect to one application; roles in the directory are mapped to these per request.</summary>
public enum Party
{
    Applicant,
    Endorser,
    Approver,
    Delegate,
    Finance,
    Admin,
}

/// <summary>One state of an application: its labels in Japanese and English, and which party may do what in it.</summary>
public sealed record StateDefinition(ApplicationStatus Status, string LabelJa, string LabelEn, IReadOnlyDictionary<ApplicationAction, Party[]> Actions);

/// <summary>
/// The life of an application in a program, declared once as a table (after Hypha's workflow definitions): the API's
/// allowed actions, its authorization checks and the display labels are all read from here. Transitions are made by
/// the workflow; this table says who may ask for them in which state.
/// </summary>
public sealed record ProgramStates(IReadOnlyList<StateDefinition> States)
{
    static readonly Party[] Applicant = [Party.Applicant];
    static readonly Party[] Deciders = [Party.Approver, Party.Delegate];

    /// <summary>The states every current program uses.</summary>
    public static readonly ProgramStates Standard = new(
    [
        new(ApplicationStatus.Draft, "下書き", "Draft", new Dictionary<ApplicationAction, Party[]>
        {
            [ApplicationAction.Edit] = Applicant, [ApplicationAction.Upload] = Applicant, [ApplicationAction.Submit] = Applicant, [ApplicationAction.Withdraw] = Applicant,
        }),
        new(ApplicationStatus.Submitted, "受付済み", "Submitted", new Dictionary<ApplicationAction, Party[]> { [ApplicationAction.Withdraw] = Applicant }),
        new(ApplicationStatus.Ineligible, "要件外", "Not eligible", new Dictionary<ApplicationAction, Party[]>()),
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
        new(ApplicationStatus.Returned, "差し戻し", "Returned for changes", new Dictionary<ApplicationAction, Party[]>
        {
            [ApplicationAction.Edit] = Applicant, [ApplicationAction.Upload] = Applicant, [ApplicationAction.Submit] = Applicant, [ApplicationAction.Withdraw] = Applicant,
        }),
        new(ApplicationStatus.Rejected, "不採択", "Not approved", new Dictionary<ApplicationAction, Party[]>()),
        new(ApplicationStatus.Withdrawn, "取り下げ", "Withdrawn", new Dictionary<ApplicationAction, Party[]>()),
        new(ApplicationStatus.Completed, "完了", "Completed", new Dictionary<ApplicationAction, Party[]>()),
    ]);

    public StateDefinition this[ApplicationStatus status] => States.First(s => s.Status == status);

    public bool Allows(ApplicationStatus status, ApplicationAction action, IReadOnlyCollection<Party> parties) =>
        this[status].Actions.TryGetValue(action, out var who) && who.Any(parties.Contains);

    /// <summary>What these parties may do in this state, for the API to show next to the application.</summary>
    public IReadOnlyList<ApplicationAction> ActionsFor(ApplicationStatus status, IReadOnlyCollection<Party> parties) =>
        [.. this[status].Actions.Where(a => a.Value.Any(parties.Contains)).Select(a => a.Key)];

    /// <summary>Whether these parties may take the action in some state (to tell "not now" from "never you").</summary>
    public bool AllowsInAnyState(ApplicationAction action, IReadOnlyCollection<Party> parties) =>
        States.Any(s => s.Actions.TryGetValue(action, out var who) && who.Any(parties.Contains));

    /// <summary>Whether the action is possible in this state for anyone at all (to tell "not now" from "not you").</summary>
    public bool AllowsAnyone(ApplicationStatus status, ApplicationAction action) => this[status].Actions.ContainsKey(action);
}
