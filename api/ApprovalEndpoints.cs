using Grants.Workflows.Applications;
using Microsoft.AspNetCore.Http;

namespace Grants.Api;

/// <summary>HTTP for the approver's queue.</summary>
public static class ApprovalEndpoints
{
    public static Task<IResult> Queue(ApiCall call) =>
        call.AnswerAsync((actor, token) => call.Service<ApprovalQueue>().ListAsync(actor, token));
}
