using Azure;
using Grants.Workflows.Applications;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>What a workflow step reads first: the application it concerns and the program version it runs under, which must exist (a workflow only runs for a stored application).</summary>
public static class WorkflowReads
{
    public static async Task<Application> RequireAsync(this ApplicationStore applications, string applicationId) =>
        (await applications.RequireStoredAsync(applicationId)).Value;

    /// <summary>The application with the ETag it was read with, so the step can save its change without reading it again.</summary>
    public static async Task<Stored<Application>> RequireStoredAsync(this ApplicationStore applications, string applicationId) =>
        await applications.GetAsync(applicationId) ?? throw new InvalidOperationException($"Application {applicationId} does not exist.");

    /// <summary>
    /// The application with the ETag it was read with, as this process last read or saved it for this submission when it
    /// has it (the step before just did), else from storage: for a step whose every save is guarded by that ETag.
    /// </summary>
    public static async Task<Stored<Application>> RequireRecentAsync(this ApplicationStore applications, string applicationId, int submission) =>
        applications.FindRecent(applicationId) is { } recent && recent.Value.SubmissionCount == submission ? recent : await applications.RequireStoredAsync(applicationId);

    /// <summary>
    /// The application routed for this submission, for a step that uses only what routing and submission fix (its fund, its
    /// fiscal year, its amounts and applicant): a copy this process holds of it serves as well as a fresh read.
    /// </summary>
    public static async Task<Application> RequireRoutedAsync(this ApplicationStore applications, StepInput input) =>
        applications.FindRecent(input.ApplicationId)?.Value is { FundId: not null, FiscalYear: not null } routed && routed.SubmissionCount == input.Submission
            ? routed
            : await applications.RequireAsync(input.ApplicationId);

    /// <summary>
    /// The application for a notice: as the step whose save the notice tells of left it, when this process made or last read
    /// that save (its copy's <see cref="Application.UpdatedAt"/> is the step's time, and its submission the notice's), else
    /// from storage. What the mail says is then the moment it tells of, never a copy older than it.
    /// </summary>
    public static async Task<Application> RequireSavedAsync(this ApplicationStore applications, Notice notice) =>
        notice.SavedAt is { } savedAt && applications.FindRecent(notice.ApplicationId)?.Value is { } kept && kept.UpdatedAt == savedAt && kept.SubmissionCount == notice.Submission
            ? kept
            : await applications.RequireAsync(notice.ApplicationId);

    public static async Task<GrantProgram> RequireAsync(this ProgramCatalog programs, Application application) =>
        await programs.FindAsync(application.ProgramId, application.ProgramVersion)
            ?? throw new InvalidOperationException($"Program {application.ProgramId} v{application.ProgramVersion} does not exist.");

    /// <summary>
    /// Saves a step's change to the application it read, guarded by that read's ETag; when someone saved in between, or the
    /// change changes nothing (a repeated step, whose save also heals the index), it is applied to the latest version as
    /// <see cref="ApplicationStore.UpdateAsync"/> does. One read for a step that reads, decides and saves.
    /// </summary>
    public static async Task<Stored<Application>> ChangeAsync(this ApplicationStore applications, Stored<Application> read, Func<Application, Application> change)
    {
        var changed = change(read.Value);
        if (changed != read.Value)
        {
            try
            {
                return await applications.ReplaceAsync(read, changed);
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // Someone else saved first; decide again from what they saved.
            }
        }

        return await applications.UpdateAsync(read.Value.Id, change);
    }
}
