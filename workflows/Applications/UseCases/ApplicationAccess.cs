using Grants.Workflows.Access;
using Grants.Workflows.Money;
using Grants.Workflows.Orchestration;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Applications;

/// <summary>An application as one actor may reach it: the stored record, the program version it runs under, and who the actor is to it.</summary>
public sealed record ApplicationReach(Stored<Application> Stored, GrantProgram Program, IReadOnlyCollection<Party> Parties)
{
    public Application Application => Stored.Value;
}

/// <summary>
/// The one access check every application use case shares: load the application, decide the actor's parties in it, and
/// answer 404 when they have none (so its existence does not leak), 403 when their part does not allow an action, 409
/// when its state does not.
/// </summary>
public sealed class ApplicationAccess(ApplicationStore applications, ProgramCatalog programs, FundStore funds, People.PeopleSnapshot directory)
{
    /// <summary>The application and its program version when the actor is its applicant; otherwise 404.</summary>
    public async Task<Outcome<ApplicationReach>> OwnAsync(Actor actor, string id, CancellationToken cancellationToken) =>
        await OwnAsync(actor, id, await applications.GetAsync(id, cancellationToken), cancellationToken);

    /// <summary>As <see cref="OwnAsync(Actor, string, CancellationToken)"/>, judged on <paramref name="stored"/> as given (read, or kept by this process).</summary>
    public async Task<Outcome<ApplicationReach>> OwnAsync(Actor actor, string id, Stored<Application>? stored, CancellationToken cancellationToken) =>
        stored is not null && stored.Value.ApplicantId == actor.Id
            ? new ApplicationReach(stored, await ProgramOfAsync(stored.Value, cancellationToken), [Party.Applicant])
            : Problem.NotFound($"Application {id}");

    /// <summary>The application, its program version and the actor's parties in it; 404 when the actor has no part in it.</summary>
    public async Task<Outcome<ApplicationReach>> ReachAsync(Actor actor, string id, CancellationToken cancellationToken) =>
        await ReachAsync(actor, id, await applications.GetAsync(id, cancellationToken), cancellationToken);

    /// <summary>As <see cref="ReachAsync(Actor, string, CancellationToken)"/>, judged on <paramref name="stored"/> as the caller read it.</summary>
    public async Task<Outcome<ApplicationReach>> ReachAsync(Actor actor, string id, Stored<Application>? stored, CancellationToken cancellationToken)
    {
        if (stored is null)
        {
            return Problem.NotFound($"Application {id}");
        }

        var program = await ProgramOfAsync(stored.Value, cancellationToken);
        var parties = await PartiesAsync(actor, stored.Value, program, cancellationToken);
        return parties.Count == 0 && !actor.IsStaff ? Problem.NotFound($"Application {id}") : new ApplicationReach(stored, program, parties);
    }

    /// <summary>
    /// Whether the actor has a part in this copy of an application (a submitted version, as its list shows it), judged as
    /// <see cref="ReachAsync"/> judges the stored application: so a list of versions needs no read of the application itself.
    /// </summary>
    public async Task<bool> HasPartInAsync(Actor actor, Application copy, CancellationToken cancellationToken) =>
        actor.IsStaff || (await PartiesAsync(actor, copy, await ProgramOfAsync(copy, cancellationToken), cancellationToken)).Count > 0;

    /// <summary>The program version the application runs under, whose states table says what may happen to it.</summary>
    async Task<GrantProgram> ProgramOfAsync(Application application, CancellationToken cancellationToken) =>
        await programs.FindAsync(application.ProgramId, application.ProgramVersion, cancellationToken)
            ?? throw new InvalidOperationException($"Program {application.ProgramId} v{application.ProgramVersion} is missing.");

    async Task<HashSet<Party>> PartiesAsync(Actor actor, Application application, GrantProgram program, CancellationToken cancellationToken)
    {
        var parties = new HashSet<Party>();
        if (application.ApplicantId == actor.Id)
        {
            parties.Add(Party.Applicant);
        }
        else
        {
            if (application.EndorserId == actor.Id)
            {
                parties.Add(Party.Endorser);
            }

            var fund = await funds.GetRecentFundAsync(application.FundId ?? program.FundFor(application.Paper.JointUseResearch), cancellationToken);
            if (fund?.ApproverId == actor.Id)
            {
                parties.Add(Party.Approver);
            }

            if (fund?.EscalationContactId == actor.Id)
            {
                parties.Add(Party.Delegate);
            }
        }

        if (actor.IsIn(Roles.Finance))
        {
            parties.Add(Party.Finance);
        }

        if (actor.IsIn(Roles.Admin))
        {
            parties.Add(Party.Admin);
        }

        return parties;
    }

    /// <summary>
    /// Checks that the actor may take the action in the application's current state (404 when they have no part in it,
    /// 403 when their part does not allow it, 409 when the state does not), then performs it.
    /// </summary>
    public Task<Outcome<Application>> ActAsync(Actor actor, string id, ApplicationAction action, string verb, Func<Application, GrantProgram, Task<Problem?>> perform, CancellationToken cancellationToken) =>
        ActOnStoredAsync(actor, id, action, verb, (stored, program) => perform(stored.Value, program), cancellationToken);

    /// <summary>As <see cref="ActAsync"/>, handing the action the application as read, with its ETag, so that it can save from this read instead of reading it again.</summary>
    public async Task<Outcome<Application>> ActOnStoredAsync(Actor actor, string id, ApplicationAction action, string verb, Func<Stored<Application>, GrantProgram, Task<Problem?>> perform, CancellationToken cancellationToken) =>
        await ActOnAsync(await ReachAsync(actor, id, cancellationToken), action, verb, perform, cancellationToken);

    /// <summary>As <see cref="ActOnStoredAsync"/>, first on the application as this process last read or saved it (see <see cref="FromRecentAsync{T}"/>).</summary>
    public Task<Outcome<Application>> ActOnRecentAsync(Actor actor, string id, ApplicationAction action, string verb, Func<Stored<Application>, GrantProgram, Task<Problem?>> perform, CancellationToken cancellationToken) =>
        FromRecentAsync(id, _ => true, async reading => await ActOnAsync(await ReachAsync(actor, id, await reading, cancellationToken), action, verb, perform, cancellationToken), cancellationToken);

    /// <summary>
    /// Runs <paramref name="act"/> first on the application as this process last read or saved it, when it has one that is
    /// <paramref name="usable"/>, so the action reads nothing itself. For an action that saves only under that copy's ETag
    /// (a copy changed since costs a 412 and a fresh read, never a wrong save): what succeeds on the copy stands. Anything
    /// else (a refusal judged on the copy, the 412 among them) runs again on the stored application, so a copy that is out
    /// of date never refuses what the stored one allows. <paramref name="act"/> gets the application still being read, so it
    /// can start its other reads beside it.
    /// </summary>
    public async Task<Outcome<T>> FromRecentAsync<T>(string id, Func<Application, bool> usable, Func<Task<Stored<Application>?>, Task<Outcome<T>>> act, CancellationToken cancellationToken)
    {
        if (applications.FindRecent(id) is { } copy && usable(copy.Value) && await act(Task.FromResult<Stored<Application>?>(copy)) is { Succeeded: true } done)
        {
            return done;
        }

        return await act(applications.GetAsync(id, cancellationToken));
    }

    async Task<Outcome<Application>> ActOnAsync(Outcome<ApplicationReach> reach, ApplicationAction action, string verb, Func<Stored<Application>, GrantProgram, Task<Problem?>> perform, CancellationToken cancellationToken)
    {
        if (!reach.Succeeded)
        {
            return reach.Problem!;
        }

        var (stored, program, parties) = reach.Value!;
        var status = stored.Value.Status;
        if (!program.States.Allows(status, action, parties))
        {
            return await RefusalAsync(stored.Value, program, parties, action, verb, cancellationToken);
        }

        var problem = await perform(stored, program);
        return problem is null ? stored.Value : problem;
    }

    async Task<Problem> RefusalAsync(Application application, GrantProgram program, IReadOnlyCollection<Party> parties, ApplicationAction action, string verb, CancellationToken cancellationToken)
    {
        var status = application.Status;
        if (parties.Contains(Party.Applicant) && (action is ApplicationAction.Decide or ApplicationAction.Endorse or ApplicationAction.DecideExtension))
        {
            return Problem.Forbidden($"Nobody may {verb} their own application.");
        }

        // "Not you" (403) when another party could act now or these parties never may; "not now" (409) only for a party the action awaits in another state.
        if (program.States.AllowsAnyone(status, action) || !program.States.AllowsInAnyState(action, parties))
        {
            return Problem.Forbidden($"You may not {verb} this application.");
        }

        return action == ApplicationAction.Decide
            ? await AlreadyDecidedAsync(application, cancellationToken)
            : Problem.Conflict($"The application is {program.States[status].LabelEn.ToLowerInvariant()}; it is not possible to {verb} it now.");
    }

    /// <summary>
    /// A leaver (inactive in the directory) keeps reading their applications but starts or submits none. Judged on the
    /// directory's copy in memory: a leaver marked here is refused at once, one marked on another instance within its
    /// <see cref="People.PeopleSnapshot.StampEvery"/> — no later than if the office had marked them a few seconds later.
    /// </summary>
    public async Task<Problem?> InactiveRefusalAsync(Actor actor, CancellationToken cancellationToken) =>
        await directory.IsInactiveAsync(actor.Id, cancellationToken)
            ? Problem.Forbidden("You are no longer active in the institute's directory, so you cannot create or submit applications. Your applications stay readable; if this is a mistake, ask the research support office.")
            : null;

    /// <summary>The decision or withdrawal claimed for the current submission, if any.</summary>
    public static DecisionClaim? ClaimOf(Application application) =>
        application.Claim is { } claim && claim.Submission == application.SubmissionCount ? claim : null;

    /// <summary>The 409 for a decision or withdrawal that comes too late, saying what happened, by whom (by name) and when (Japan time).</summary>
    public async Task<Problem> AlreadyDecidedAsync(Application application, CancellationToken cancellationToken)
    {
        (WorkflowEventKind Kind, string ActorId, DateTimeOffset At)? what = ClaimOf(application) is { } claim ? (claim.Event.Kind, claim.Event.ActorId, claim.Event.At)
            : application.Decision is { } decision ? (decision.Outcome switch { DecisionOutcome.Approve => WorkflowEventKind.Approve, DecisionOutcome.Reject => WorkflowEventKind.Reject, _ => WorkflowEventKind.Return }, decision.DeciderId, decision.At)
            : null;
        var label = ProgramStates.Standard[application.Status].LabelEn.ToLowerInvariant();
        if (what is not { } happened)
        {
            return Problem.Conflict($"The application is {label}; no decision or withdrawal can be taken now.");
        }

        var verb = happened.Kind switch
        {
            WorkflowEventKind.Approve => "approved",
            WorkflowEventKind.Reject => "rejected",
            WorkflowEventKind.Return => "returned for changes",
            WorkflowEventKind.Withdraw => "withdrawn",
            _ => "decided",
        };
        var name = (await directory.NamesAsync([happened.ActorId], cancellationToken))[happened.ActorId] ?? happened.ActorId;
        return Problem.Conflict($"This application was already {verb} by {name} at {JapanTime.Of(happened.At):yyyy-MM-dd HH:mm:ss} (Japan time); it is {label} now.");
    }

    /// <summary>Replaces the stored version, or null when it changed since it was read (an ETag mismatch).</summary>
    public async Task<Stored<Application>?> SaveGuardedAsync(Stored<Application> stored, Application changed, CancellationToken cancellationToken)
    {
        try
        {
            return await applications.ReplaceAsync(stored, changed, cancellationToken);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 412)
        {
            return null;
        }
    }
}
