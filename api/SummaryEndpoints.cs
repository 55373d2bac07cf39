using Grants.Workflows.Reports;
using Microsoft.AspNetCore.Http;

namespace Grants.Api;

/// <summary>HTTP for the per-program summary of a fiscal year.</summary>
public static class SummaryEndpoints
{
    public static async Task<IResult> Summary(ApiCall call)
    {
        var (actor, refusal) = call.Authenticate();
        if (refusal is not null)
        {
            return refusal;
        }

        var outcome = await call.Service<ProgramSummaryService>().ReportAsync(actor!, call.Http.Request.Query["fiscalYear"].ToString(), call.Http.RequestAborted);
        return outcome.Succeeded ? ApiRequest.Json(outcome.Value!) : ProblemResults.From(outcome.Problem!, call.Http);
    }
}
