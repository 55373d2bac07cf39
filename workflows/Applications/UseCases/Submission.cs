using Grants.Workflows.Access;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Applications;

/// <summary>An applicant submits a draft (or a revised returned application) while its program has an open call, which starts its workflow.</summary>
public sealed class Submission(ApplicationStore applications, ProgramCatalog programs, CallStore calls, ApplicationAccess access, WorkflowSignals signals, AuditTrail audit, TimeProvider clock)
{
    public async Task<Outcome<Application>> SubmitAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        var own = await access.OwnAsync(actor, id, cancellationToken);
        if (!own.Succeeded)
        {
            return own.Problem!;
        }

        if (await access.InactiveRefusalAsync(actor, cancellationToken) is { } inactive)
        {
            return inactive;
        }

        var stored = own.Value!;
        var application = stored.Value;
        if (application.Status == ApplicationStatus.Submitted && !await signals.WorkflowStartedAsync(application, cancellationToken))
        {
            // A previous submit stored the status but did not start the workflow: finish that submit.
            await signals.StartWorkflowAsync(application, cancellationToken);
            return application;
        }

        if (!ProgramStates.Standard.Allows(application.Status, ApplicationAction.Submit, [Party.Applicant]))
        {
            return Problem.Conflict($"An application that is {application.Status} cannot be submitted.");
        }

        var now = clock.GetUtcNow();
        var current = await programs.FindAsync(application.ProgramId, cancellationToken);
        if (current is null || await calls.OpenOnAsync(current.Id, Call.JapanDateOf(now), cancellationToken) is null)
        {
            return Problem.Conflict($"{current?.NameEn ?? application.ProgramId} has no open call today; applications are accepted only while a call is open.");
        }

        return await SubmitUnderAsync(actor, stored, current, now, cancellationToken);
    }

    /// <summary>Stores the submission and its version, then starts the workflow. A resubmission runs under the program version current at submission.</summary>
    async Task<Outcome<Application>> SubmitUnderAsync(Actor actor, Stored<Application> stored, GrantProgram current, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var application = stored.Value;
        var submitted = application with
        {
            ProgramVersion = current.Version,
            Status = ApplicationStatus.Submitted,
            SubmissionCount = application.SubmissionCount + 1,
            SubmittedAt = now,
            UpdatedAt = now,
            EligibilityReasons = null,
            Decision = null,
            Claim = null,
        };
        var saved = await access.SaveGuardedAsync(stored, submitted, cancellationToken);
        if (saved is null)
        {
            return Problem.Conflict("The application changed while you submitted it. Reload it and try again.");
        }

        await applications.SaveSubmittedVersionAsync(submitted, cancellationToken);
        await audit.AppendAsync(application.Id, $"s{submitted.SubmissionCount}-submitted", new AuditEntry(now, actor.Id, "submitted", $"Submission {submitted.SubmissionCount}."), cancellationToken);
        await signals.StartWorkflowAsync(submitted, cancellationToken);
        return submitted;
    }
}
