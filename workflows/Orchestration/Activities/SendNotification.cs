using Grants.Workflows.Storage;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>
/// Sends a notice the workflow asks for as a step of its own (<see cref="NoticeSender"/>: each mail once, even when this
/// activity runs again). The application is as the step before saved it in this process when the notice tells of that save
/// (<see cref="Notice.SavedAt"/>), else fresh.
/// </summary>
public sealed class SendNotification(ApplicationStore applications, NoticeSender sender) : TaskActivity<Notice, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, Notice input) =>
        await sender.SendAsync(input, await applications.RequireSavedAsync(input), unsent: false);
}
