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
    public static Task<Stored<Application>> RequireRecentAsync(this ApplicationStore applications, string applicationId, int submission) =>
        applications.RecentOrStoredAsync(applicationId, submission, _ => true);

    /// <summary>
    /// The application routed for this submission, for a step that uses only what routing and submission fix (its fund, its
    /// fiscal year, its amounts and applicant): a copy this process holds of it serves as well as a fresh read.
    /// </summary>
    public static async Task<Application> RequireRoutedAsync(this ApplicationStore applications, StepInput input) =>
        (await applications.RecentOrStoredAsync(input.ApplicationId, input.Submission, a => a is { FundId: not null, FiscalYear: not null })).Value;

    /// <summary>
    /// The application for a notice: as the step whose save the notice tells of left it, when this process made or last read
    /// that save (its copy's <see cref="Application.UpdatedAt"/> is the step's time, and its submission the notice's), else
    /// from storage. What the mail says is then the moment it tells of, never a copy older than it.
    /// </summary>
    public static async Task<Application> RequireSavedAsync(this ApplicationStore applications, Notice notice) =>
        notice.SavedAt is { } savedAt
            ? (await applications.RecentOrStoredAsync(notice.ApplicationId, notice.Submission, a => a.UpdatedAt == savedAt)).Value
            : await applications.RequireAsync(notice.ApplicationId);

    /// <summary>The application as this process last read or saved it, when that copy is of this submission and <paramref name="usable"/> for the step; else from storage.</summary>
    static async Task<Stored<Application>> RecentOrStoredAsync(this ApplicationStore applications, string applicationId, int submission, Func<Application, bool> usable) =>
        applications.FindRecent(applicationId) is { } recent && recent.Value.SubmissionCount == submission && usable(recent.Value)
            ? recent
            : await applications.RequireStoredAsync(applicationId);

    public static async Task<GrantProgram> RequireAsync(this ProgramCatalog programs, Application application) =>
        await programs.FindAsync(application.ProgramId, application.ProgramVersion)
            ?? throw new InvalidOperationException($"Program {application.ProgramId} v{application.ProgramVersion} does not exist.");

    /// <summary>
    /// Saves a step's change to the application it read, guarded by that read's ETag, with what the change records
    /// (<paramref name="records"/>, given the application as saved) in the same transaction; when someone saved in between, or
    /// the change changes nothing (a repeated step, whose save also heals the index), it is applied to the latest version as
    /// <see cref="ApplicationStore.UpdateAsync"/> does, and each record still missing is written after it. One read for a
    /// step that reads, decides and saves.
    /// </summary>
    public static async Task<Stored<Application>> ChangeAsync(this ApplicationStore applications, Stored<Application> read, Func<Application, Application> change, Func<Application, SaveRecords>? records = null) =>
        (await applications.SaveChangeAsync(read, change, records)).Saved;

    /// <summary>
    /// As <see cref="ChangeAsync"/>, and says whether the change was saved on exactly what the step read (<c>Fresh</c>): then
    /// no earlier run of the step saved it, and nothing that follows its save (a notice) can have happened yet.
    /// </summary>
    public static async Task<(Stored<Application> Saved, bool Fresh)> SaveChangeAsync(this ApplicationStore applications, Stored<Application> read, Func<Application, Application> change, Func<Application, SaveRecords>? records = null)
    {
        var changed = change(read.Value);
        if (changed != read.Value)
        {
            try
            {
                return (records is null ? await applications.ReplaceAsync(read, changed) : await applications.ReplaceAsync(read, changed, records(changed)), true);
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // Someone else saved first; decide again from what they saved.
            }
        }

        var saved = await applications.UpdateAsync(read.Value.Id, change);
        if (records is not null)
        {
            await applications.RecordAsync(saved.Value.Id, records(saved.Value));
        }

        return (saved, false);
    }
}
