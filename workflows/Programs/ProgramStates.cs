using Grants.Workflows.Applications;

namespace Grants.Workflows.Programs;

/// <summary>Who someone is with respect to one application; roles in the directory are mapped to these per request. <see cref="System"/> is the workflow itself.</summary>
public enum Party
{
    Applicant,
    Endorser,
    Approver,
    Delegate,
    Finance,
    Admin,
    System,
}

/// <summary>One state of an application: its labels in Japanese and English, which party may do what in it, and whether the application's life ends there.</summary>
public sealed record StateDefinition(ApplicationStatus Status, string LabelJa, string LabelEn, IReadOnlyDictionary<ApplicationAction, Party[]> Actions)
{
    /// <summary>The application's life ends here: no transition leaves this state.</summary>
    public bool Final { get; init; }
}

/// <summary>One way out of a state: the step that takes it, the state it leads to, and who may take it (a person, or the workflow).</summary>
public sealed record Transition(ApplicationStatus From, ApplicationStep Step, ApplicationStatus To, Party[] Who);

/// <summary>
/// The life of an application in a program, declared once per workflow as a table (after Hypha's workflow definitions):
/// states with their labels and who may ask for what in each, and the transitions between them with who makes each.
/// The API's allowed actions, its authorization checks, the display labels and every status change
/// (<see cref="Application.Apply"/>) are read from here. A program names its workflow; <see cref="Registry"/> holds them.
/// </summary>
public sealed record ProgramStates(string Name, IReadOnlyList<StateDefinition> States, IReadOnlyList<Transition> Transitions)
{
    /// <summary>The workflow every current program uses (<see cref="StandardWorkflow"/>).</summary>
    public static ProgramStates Standard => StandardWorkflow.Table;

    /// <summary>Every workflow a program may name, by name.</summary>
    public static readonly IReadOnlyDictionary<string, ProgramStates> Registry = new Dictionary<string, ProgramStates>(StringComparer.Ordinal)
    {
        [StandardWorkflow.Table.Name] = StandardWorkflow.Table,
    };

    /// <summary>The workflow of that name; a program stored before programs named theirs runs under the standard one.</summary>
    public static ProgramStates Named(string? name) => name is not null && Registry.TryGetValue(name, out var table) ? table : Standard;

    public StateDefinition this[ApplicationStatus status] => States.First(s => s.Status == status);

    /// <summary>The transition the party may take from this state by this step, or null when the table has none.</summary>
    public Transition? TransitionFor(ApplicationStatus from, ApplicationStep step, Party party) =>
        Transitions.FirstOrDefault(t => t.From == from && t.Step == step && t.Who.Contains(party));

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
