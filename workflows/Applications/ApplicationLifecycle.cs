namespace Grants.Workflows.Applications;

/// <summary>Something a person can do to an application; who may, in which state, is in the program's <see cref="Programs.ProgramStates"/>.</summary>
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
