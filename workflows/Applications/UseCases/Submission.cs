using Grants.Workflows.Access;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Applications;

/// <summary>
/// An applicant submits a draft (or a revised returned application) while its program has an open call, which starts its
/// workflow. Reads that do not depend on each other are made at once, and so are the writes that follow the application's
/// own; the workflow is started last, so a submit cut off at any point is finished by submitting again.
/// </summary>
public sealed class Submission(ApplicationStore applications, CatalogSnapshot offered, ApplicationAccess access, WorkflowSignals signals, TimeProvider clock)
{
    /// <summary>
    /// Submits from the draft as this process last read or saved it, when it has it and it is not already submitted (a
    /// submitted one may need its submit finished, judged on the stored application); see <see cref="ApplicationAccess.FromRecentAsync{T}"/>.
    /// </summary>
    public Task<Outcome<Application>> SubmitAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        return access.FromRecentAsync(id, a => a.Status != ApplicationStatus.Submitted, reading => SubmitAsync(actor, OwnAsync(reading), cancellationToken), cancellationToken);

        async Task<Outcome<ApplicationReach>> OwnAsync(Task<Stored<Application>?> reading) => await access.OwnAsync(actor, id, await reading, cancellationToken);
    }

    async Task<Outcome<Application>> SubmitAsync(Actor actor, Task<Outcome<ApplicationReach>> reading, CancellationToken cancellationToken)
    {
        var leaving = access.InactiveRefusalAsync(actor, cancellationToken);

        // The programs on offer are checked beside the application's own read, so the open-call rule below finds them checked
        // and waits for no read of its own after it.
        var onOffer = offered.ReadAsync(cancellationToken);
        await Task.WhenAll(reading, leaving, onOffer);
        var own = await reading;
        if (!own.Succeeded)
        {
            return own.Problem!;
        }

        if (await leaving is { } inactive)
        {
            return inactive;
        }

        var (stored, program, _) = own.Value!;
        var application = stored.Value;
        if (application.Status == ApplicationStatus.Submitted && !await signals.WorkflowStartedAsync(application, cancellationToken))
        {
            // A previous submit stored the status but did not start the workflow: finish that submit, writing again whatever it may not have.
            await Task.WhenAll(applications.RemoveCopiesUnderAsync(application.Id, StatusesSubmittedFrom(program), cancellationToken), applications.RecordAsync(application.Id, Records(actor, application), cancellationToken));
            await signals.StartWorkflowAsync(application, cancellationToken);
            return application;
        }

        if (!program.States.Allows(application.Status, ApplicationAction.Submit, [Party.Applicant]))
        {
            return Problem.Conflict($"An application that is {application.Status} cannot be submitted.");
        }

        var now = clock.GetUtcNow();
        var (current, open) = await offered.OnOfferAsync(application.ProgramId, Call.JapanDateOf(now), cancellationToken);
        if (current is null || open is null)
        {
            return Problem.Conflict($"{current?.NameEn ?? application.ProgramId} has no open call today; applications are accepted only while a call is open.");
        }

        return await SubmitUnderAsync(actor, stored, current, now, cancellationToken);
    }

    /// <summary>Stores the submission, its version and its audit line, then starts the workflow. A resubmission runs under the program version current at submission.</summary>
    async Task<Outcome<Application>> SubmitUnderAsync(Actor actor, Stored<Application> stored, GrantProgram current, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var application = stored.Value;
        var step = application.Apply(ApplicationStep.Submit, Party.Applicant, current.States);
        if (!step.Succeeded)
        {
            return step.Problem!;
        }

        var submitted = step.Value! with
        {
            ProgramVersion = current.Version,
            SubmissionCount = application.SubmissionCount + 1,
            SubmittedAt = now,
            UpdatedAt = now,
            EligibilityReasons = null,
            Decision = null,
            Claim = null,
        };
        try
        {
            // The workflow is started only once the application says submitted and everything recorded beside it is written (in the same transaction).
            await applications.ReplaceAsync(stored, submitted, Records(actor, submitted), cancellationToken);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 412)
        {
            return Problem.Conflict("The application changed while you submitted it. Reload it and try again.");
        }

        await signals.StartWorkflowAsync(submitted, cancellationToken);
        return submitted;
    }

    /// <summary>What a submission records beside the application: the version submitted and the audit line, each written once however often it is repeated.</summary>
    static SaveRecords Records(Actor actor, Application submitted) =>
        new([($"s{submitted.SubmissionCount}-submitted", new AuditEntry(submitted.SubmittedAt!.Value, actor.Id, "submitted", $"Submission {submitted.SubmissionCount}."))], Version: submitted);

    /// <summary>The statuses a submission leaves in this program (a draft, an application returned for changes).</summary>
    static IEnumerable<ApplicationStatus> StatusesSubmittedFrom(GrantProgram program) =>
        program.States.Transitions.Where(t => t.Step == ApplicationStep.Submit && t.To == ApplicationStatus.Submitted).Select(t => t.From);
}
