using Grants.Workflows.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grants.Api;

/// <summary>One request as either host received it: the HTTP context, the route values and the durable client.</summary>
public sealed record ApiCall(HttpContext Http, IReadOnlyDictionary<string, string?> Route, DurableTaskClient Durable)
{
    /// <summary>
    /// The route value as the client meant it. The server decodes every escape in a path but <c>%2F</c>, so that one is decoded
    /// here: a guest's sign-in name may contain a slash. (A literal "%2F" in an id would be sent as "%252F" and read as a slash;
    /// no id Grants issues, and no sign-in name Entra issues, contains one.)
    /// </summary>
    public string RouteValue(string name) =>
        Route.TryGetValue(name, out var value) && value is not null ? value.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase) : "";
}

/// <summary>An endpoint: its function name, HTTP method, template below <c>/api</c>, and handler.</summary>
public sealed record ApiRoute(string Name, string Method, string Template, Func<ApiCall, Task<IResult>> Handle)
{
    /// <summary>Runs the handler and writes its answer; an unexpected failure becomes a 500 problem without internals.</summary>
    public async Task ExecuteAsync(ApiCall call)
    {
        // Every audit entry this request causes records its correlation id; the caller can quote it from the response.
        var correlationId = CorrelationIdOf(call.Http);
        using var correlation = RequestCorrelation.Begin(correlationId);
        call.Http.Response.Headers[CorrelationHeader] = correlationId;
        IResult result;
        try
        {
            result = RouteShapes.Accepts(this, call)
                ? await Handle(call)
                : ProblemResults.Create(StatusCodes.Status404NotFound, "Not found", "There is nothing at this address.", call.Http);
        }
        catch (BadHttpRequestException e) when (!call.Http.Response.HasStarted)
        {
            // The body could not be read as sent (it ended before its Content-Length, or arrived too slowly): the client's fault.
            result = ProblemResults.Create(e.StatusCode, "The request is not valid", "The request body could not be read as sent.", call.Http);
        }
        catch (Exception e) when (!call.Http.RequestAborted.IsCancellationRequested && !call.Http.Response.HasStarted)
        {
            call.Http.RequestServices.GetService<ILoggerFactory>()?.CreateLogger("Grants.Api").LogError(e, "{Route} failed", Name);
            result = ProblemResults.Create(StatusCodes.Status500InternalServerError, "Something went wrong",
                "The request could not be completed. Try again; if it keeps failing, tell the research support office the traceId.", call.Http);
        }

        await result.ExecuteAsync(call.Http);
    }

    public const string CorrelationHeader = "X-Correlation-Id";

    /// <summary>The trace id of a well-formed W3C <c>traceparent</c> header, else the host's id for the request.</summary>
    public static string CorrelationIdOf(HttpContext http)
    {
        var traceparent = http.Request.Headers["traceparent"].ToString();
        return traceparent.Length == 55 && traceparent[2] == '-' && traceparent[35] == '-' && traceparent[52] == '-'
            && traceparent[3..35].All(char.IsAsciiHexDigitLower) && traceparent[3..35].Any(c => c != '0')
            ? traceparent.Substring(3, 32)
            : http.TraceIdentifier;
    }
}

/// <summary>The route table, declared once. The local runtime maps it directly; the Functions app has one trigger per row, and a test proves the two agree.</summary>
public static class ApiRoutes
{
    public static readonly IReadOnlyList<ApiRoute> All =
    [
        new("Health", "GET", "health", HealthEndpoints.Health),
        new("GetMe", "GET", "me", PeopleEndpoints.Me),
        new("ListPrograms", "GET", "programs", ProgramEndpoints.List),
        new("CreateApplication", "POST", "applications", ApplicationEndpoints.Create),
        new("ListApplications", "GET", "applications", ApplicationEndpoints.List),
        new("GetApplication", "GET", "applications/{id}", ApplicationEndpoints.Get),
        new("UpdateApplication", "PUT", "applications/{id}", ApplicationEndpoints.Update),
        new("UploadDocument", "POST", "applications/{id}/documents", ApplicationEndpoints.Upload),
        new("DownloadDocument", "GET", "applications/{id}/documents/{docId}", ApplicationEndpoints.Download),
        new("RemoveDocument", "DELETE", "applications/{id}/documents/{docId}", ApplicationEndpoints.RemoveDocument),
        new("SubmitApplication", "POST", "applications/{id}/submit", ApplicationEndpoints.Submit),
        new("DecideApplication", "POST", "applications/{id}/decision", ApplicationEndpoints.Decide),
        new("WithdrawApplication", "POST", "applications/{id}/withdraw", ApplicationEndpoints.Withdraw),
        new("EndorseApplication", "POST", "applications/{id}/endorsement", ApplicationEndpoints.Endorse),
        new("ReportPaper", "POST", "applications/{id}/report", ApplicationEndpoints.Report),
        new("RecordArrival", "POST", "applications/{id}/arrival", ApplicationEndpoints.RecordArrival),
        new("RequestExtension", "POST", "applications/{id}/extension", ApplicationEndpoints.RequestExtension),
        new("DecideExtension", "POST", "applications/{id}/extension/decision", ApplicationEndpoints.DecideExtension),
        new("StopSupport", "POST", "applications/{id}/stop", ApplicationEndpoints.Stop),
        new("ListApplicationVersions", "GET", "applications/{id}/versions", ApplicationEndpoints.ListVersions),
        new("ListApprovals", "GET", "approvals", ApprovalEndpoints.Queue),
        new("GetProgramSummary", "GET", "reports/summary", SummaryEndpoints.Summary),
        new("ListPayouts", "GET", "payouts", PayoutEndpoints.List),
        new("CreatePayoutBatch", "POST", "payout-batches", PayoutEndpoints.CreateBatch),
        new("ListPayoutBatches", "GET", "payout-batches", PayoutEndpoints.ListBatches),
        new("DownloadPayoutBatchFile", "GET", "payout-batches/{id}/file", PayoutEndpoints.DownloadFile),
        new("GetPayoutBatch", "GET", "payout-batches/{id}", PayoutEndpoints.GetBatch),
        new("ListPayoutBatchPayouts", "GET", "payout-batches/{id}/payouts", PayoutEndpoints.ListBatchPayouts),
        new("MarkPayoutBatchPaid", "POST", "payout-batches/{id}/paid", PayoutEndpoints.MarkBatchPaid),
        new("ReturnPayout", "POST", "payouts/{id}/returned", PayoutEndpoints.Return),
        new("CancelPayout", "POST", "payouts/{id}/cancel", PayoutEndpoints.Cancel),
        new("GetFinanceWork", "GET", "finance-work/{id}", PayoutEndpoints.GetWork),
        new("GetBankAccount", "GET", "people/{id}/bank-account", BankAccountEndpoints.Get),
        new("PutBankAccount", "PUT", "people/{id}/bank-account", BankAccountEndpoints.Put),
        new("GetReconciliation", "GET", "reports/reconciliation", ReportEndpoints.Reconciliation),
        new("ReadAudit", "GET", "audit/{subject}", AuditEndpoints.Read),
        // Program versions and calls (the research support office).
        new("ListProgramVersions", "GET", "programs/{id}/versions", ProgramEndpoints.ListVersions),
        new("PreviewProgramVersion", "POST", "programs/{id}/versions/preview", ProgramEndpoints.Preview),
        new("PublishProgramVersion", "POST", "programs/{id}/versions", ProgramEndpoints.Publish),
        new("ListCalls", "GET", "calls", CallEndpoints.List),
        new("OpenCall", "POST", "programs/{id}/calls", CallEndpoints.Open),
        new("MoveCallDeadline", "POST", "programs/{id}/calls/{year}/deadline", CallEndpoints.MoveDeadline),
        new("CloseCall", "POST", "programs/{id}/calls/{year}/close", CallEndpoints.Close),
        new("GetAnnualReport", "GET", "reports/annual", AnnualReportEndpoints.Annual),
        new("ListFunds", "GET", "funds", FundEndpoints.List),
        new("CreateFund", "POST", "funds", FundEndpoints.Create),
        new("GetFund", "GET", "funds/{id}", FundEndpoints.Get),
        new("UpdateFund", "PUT", "funds/{id}", FundEndpoints.Update),
        new("SetFundAllocation", "PUT", "funds/{id}/budgets/{fiscalYear}", FundEndpoints.SetAllocation),
        new("SearchPeople", "GET", "people", DirectoryEndpoints.Search),
        new("AddPerson", "POST", "people", DirectoryEndpoints.Add),
        new("ImportPeople", "POST", "people/import", DirectoryEndpoints.Import),
        new("GetPerson", "GET", "people/{id}", DirectoryEndpoints.Get),
        new("UpdatePerson", "PUT", "people/{id}", DirectoryEndpoints.Update),
        new("ListStuckWorkflows", "GET", "operations/stuck", OperationsEndpoints.ListStuck),
        new("RepairWorkflow", "POST", "operations/{instanceId}/repair", OperationsEndpoints.Repair),
        new("GetToDo", "GET", "todo", HomeEndpoints.ToDo),
        // The words for every code the API sends (no sign-in: the sign-in page shows them too).
        new("GetVocabulary", "GET", "vocabulary", VocabularyEndpoints.Get),
    ];

    public static ApiRoute Named(string name) => All.Single(r => r.Name == name);
}
