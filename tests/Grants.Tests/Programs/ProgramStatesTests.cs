using Grants.Workflows;
using Grants.Workflows.Access;
using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Grants.Workflows.Programs;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Grants.Tests.Programs;

/// <summary>Walks every workflow in the registry: its life is whole (reachable, no dead ends), every action has a row, and status changes only by its transitions.</summary>
[Trait("Kind", "Unit")]
public sealed class ProgramStatesTests
{
    public static TheoryData<string> Workflows => [.. ProgramStates.Registry.Keys];

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Every_state_and_transition_is_reachable_from_draft_and_every_state_has_a_way_out_or_is_final(string name)
    {
        var table = ProgramStates.Named(name);
        Assert.Equal(Enum.GetValues<ApplicationStatus>().Order(), table.States.Select(s => s.Status).Order());

        var reached = new HashSet<ApplicationStatus> { ApplicationStatus.Draft };
        var frontier = new Queue<ApplicationStatus>(reached);
        while (frontier.TryDequeue(out var state))
        {
            foreach (var to in table.Transitions.Where(t => t.From == state).Select(t => t.To).Where(reached.Add))
            {
                frontier.Enqueue(to);
            }
        }

        Assert.Equal(table.States.Select(s => s.Status).Order(), reached.Order());
        Assert.All(table.Transitions, t => Assert.Contains(t.From, reached));
        Assert.All(table.States, s => Assert.True(
            s.Final != table.Transitions.Any(t => t.From == s.Status),
            $"{s.Status} must either have a way out or be final, not both or neither."));
        Assert.All(table.States.Where(s => s.Final), s => Assert.DoesNotContain(s.Actions.Keys, a => a is ApplicationAction.Submit or ApplicationAction.Withdraw));
        Assert.All(table.Transitions, t => Assert.NotEmpty(t.Who));
        Assert.Equal(table.Transitions.Count, table.Transitions.DistinctBy(t => (t.From, t.Step, t.To)).Count());
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Every_action_the_API_offers_has_a_row_and_a_person_who_may_submit_or_withdraw_has_the_transition_for_it(string name)
    {
        var table = ProgramStates.Named(name);
        Assert.All(Enum.GetValues<ApplicationAction>(), action => Assert.Contains(table.States, s => s.Actions.ContainsKey(action)));
        Assert.All(table.States, s => Assert.False(s.Actions.Values.Any(who => who.Contains(Party.System)), $"{s.Status}: the workflow does not ask, it takes transitions."));

        // Submitting and withdrawing change the status: in each state where a person may, the table has the transition,
        // taken by that person or (once the workflow owns the application) recorded by the workflow.
        var changes = new Dictionary<ApplicationAction, ApplicationStep> { [ApplicationAction.Submit] = ApplicationStep.Submit, [ApplicationAction.Withdraw] = ApplicationStep.Withdraw };
        foreach (var state in table.States)
        {
            foreach (var (action, step) in changes.Where(c => state.Actions.ContainsKey(c.Key)))
            {
                Assert.True(state.Actions[action].All(p => table.TransitionFor(state.Status, step, p) is not null || table.TransitionFor(state.Status, step, Party.System) is not null),
                    $"{state.Status}: {action} is allowed but no transition takes it.");
            }
        }
    }

    [Fact]
    public void An_application_changes_status_only_by_a_transition_of_its_table_and_for_the_party_it_names()
    {
        var at = DateTimeOffset.UnixEpoch;
        var draft = new Application("APP-1", "a", "p", 1, new Paper("t", "j", false), [], [], ApplicationStatus.Draft, 0, at, at);
        var table = ProgramStates.Standard;

        var submitted = Ok(draft.Apply(ApplicationStep.Submit, Party.Applicant, table));
        Assert.Equal(ApplicationStatus.Submitted, submitted.Status);
        Assert.Equal(draft with { Status = ApplicationStatus.Submitted }, submitted);

        // Not the applicant's step, not from this state, not twice.
        Assert.Equal(ProblemKind.Conflict, submitted.Apply(ApplicationStep.RequestApproval, Party.Applicant, table).Problem?.Kind);
        Assert.Equal(ProblemKind.Conflict, draft.Apply(ApplicationStep.Approve, Party.System, table).Problem?.Kind);
        Assert.Equal(ProblemKind.Conflict, submitted.Apply(ApplicationStep.Submit, Party.Applicant, table).Problem?.Kind);

        var awaiting = Ok(submitted.Apply(ApplicationStep.RequestApproval, Party.System, table));
        Assert.Equal(ApplicationStatus.Approved, Ok(awaiting.Apply(ApplicationStep.Approve, Party.System, table)).Status);
        Assert.Equal(ProblemKind.Conflict, awaiting.Apply(ApplicationStep.Approve, Party.Approver, table).Problem?.Kind);
    }

    [Fact]
    public void A_program_names_its_workflow_and_one_stored_with_a_copied_table_still_loads_under_the_standard_one()
    {
        Assert.All(ShippedPrograms.All, p => Assert.Equal("standard", p.Workflow));

        var stored = JsonSerializer.SerializeToNode(DemoData.PublicationSupport, GrantsJson.Options)!.AsObject();
        stored.Remove("workflow");
        stored["states"] = JsonNode.Parse("""{ "states": [ { "status": "draft", "labelJa": "古い", "labelEn": "Old", "actions": {} } ] }""");
        var loaded = stored.Deserialize<GrantProgram>(GrantsJson.Options)!;

        Assert.Equal("standard", loaded.Workflow);
        Assert.Same(ProgramStates.Standard, loaded.States);

        var unknown = ProgramDefinition.Parse(JsonSerializer.SerializeToNode(DemoData.PublicationSupport with { Workflow = "nightly" }, GrantsJson.Options)!.ToJsonString());
        Assert.True(unknown.Problem!.Errors!.ContainsKey("workflow"));
    }

    static Application Ok(Outcome<Application> outcome) => outcome.Value ?? throw new InvalidOperationException(outcome.Problem!.Detail);
}
