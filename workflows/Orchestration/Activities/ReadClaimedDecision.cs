using Grants.Workflows.Applications;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>
/// The decision or withdrawal claimed on the application for this submission while it awaits approval, or null. The workflow
/// acts on this claim, not on the event that woke it: a repeated event finds nothing left to do, a lost one is found here.
/// </summary>
public sealed class ReadClaimedDecision(ApplicationStore applications) : TaskActivity<StepInput, DecisionClaim?>
{
    public override async Task<DecisionClaim?> RunAsync(TaskActivityContext context, StepInput input)
    {
        var application = (await applications.GetAsync(input.ApplicationId))?.Value;
        return application is { Status: ApplicationStatus.AwaitingApproval, Claim: { } claim } && application.SubmissionCount == input.Submission && claim.Submission == input.Submission
            ? claim
            : null;
    }
}
