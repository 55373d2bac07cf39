using Grants.Workflows.Storage;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>
/// Frees the application for a new decision after an approval that could not be honoured (budget or cap). Only the named
/// claim is removed, so a run of this step again never removes a decision claimed after it.
/// </summary>
public sealed class ReleaseDecisionClaim(ApplicationStore applications) : TaskActivity<ClaimInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ClaimInput input)
    {
        var saved = await applications.UpdateAsync(input.ApplicationId, a => a.Claim?.Id == input.ClaimId ? a with { Claim = null, UpdatedAt = input.At } : a);
        return saved.Value.Claim is null;
    }
}
