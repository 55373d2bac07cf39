namespace Grants.Workflows.Applications;

/// <summary>Something a person can ask to do with an application; who may, in which state, is in the program's <see cref="Programs.ProgramStates"/>.</summary>
public enum ApplicationAction
{
    Edit,
    Upload,
    Submit,
    Endorse,
    Decide,
    Withdraw,
    Report,
    RecordArrival,
    RequestExtension,
    DecideExtension,
    Stop,
}

/// <summary>
/// A step that changes an application's status: a person's (submit, withdraw) or the workflow's, which records what follows
/// from checks and decisions. Which step leads from which status to which, and who takes it, is the program's
/// <see cref="Programs.ProgramStates"/>; <see cref="Application.Apply"/> is the only way a status changes.
/// </summary>
public enum ApplicationStep
{
    Submit,
    Withdraw,
    FindIneligible,
    RequestEndorsement,
    DeclineEndorsement,
    RequestApproval,
    Approve,
    Reject,
    Return,
    Complete,
}
