using Grants.Workflows.Reports;
using Microsoft.AspNetCore.Http;

namespace Grants.Api;

/// <summary>HTTP for reports: the reconciliation of a fiscal year.</summary>
public static class ReportEndpoints
{
    public static async Task<IResult> Reconciliation(ApiCall call)
    {
        var (actor, refusal) = call.Authenticate();
        if (refusal is not null)
        {
            return refusal;
        }

        var query = call.Http.Request.Query;
        var outcome = await call.Service<ReconciliationService>().ReportAsync(actor!, query["fiscalYear"].ToString(), query["olderThanDays"].ToString(), call.Http.RequestAborted);
        return outcome.Succeeded ? ApiRequest.Json(outcome.Value!) : ProblemResults.From(outcome.Problem!, call.Http);
    }
}
