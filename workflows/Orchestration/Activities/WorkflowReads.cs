using Grants.Workflows.Applications;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>What a workflow step reads first: the application it concerns and the program version it runs under, which must exist (a workflow only runs for a stored application).</summary>
public static class WorkflowReads
{
    public static async Task<Application> RequireAsync(this ApplicationStore applications, string applicationId) =>
        (await applications.GetAsync(applicationId))?.Value ?? throw new InvalidOperationException($"Application {applicationId} does not exist.");

    public static async Task<GrantProgram> RequireAsync(this ProgramCatalog programs, Application application) =>
        await programs.FindAsync(application.ProgramId, application.ProgramVersion)
            ?? throw new InvalidOperationException($"Program {application.ProgramId} v{application.ProgramVersion} does not exist.");

    /// <summary>The states table of the program the application runs under, by which its status changes.</summary>
    public static async Task<ProgramStates> StatesAsync(this ProgramCatalog programs, ApplicationStore applications, string applicationId) =>
        (await programs.RequireAsync(await applications.RequireAsync(applicationId))).States;
}
