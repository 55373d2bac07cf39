using Grants.Workflows.Reports;
using Microsoft.AspNetCore.Http;

namespace Grants.Api;

/// <summary>HTTP for the figures of a fiscal year: the per-program summary and the reconciliation to the yen.</summary>
public static class ReportEndpoints
{
    public static Task<IResult> Summary(ApiCall call) =>
        call.AnswerAsync((actor, token) => call.Service<ProgramSummaryService>().ReportAsync(actor, call.Http.Request.Query["fiscalYear"].ToString(), token));

    public static Task<IResult> Reconciliation(ApiCall call) =>
        call.AnswerAsync((actor, token) => call.Service<ReconciliationService>().ReportAsync(
            actor, call.Http.Request.Query["fiscalYear"].ToString(), call.Http.Request.Query["olderThanDays"].ToString(), token));
}
