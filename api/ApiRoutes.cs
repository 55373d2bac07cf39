using Grants.Workflows.Applications;
using Grants.Workflows.BankAccounts;
using Grants.Workflows.Funds;
using Grants.Workflows.Operations;
using Grants.Workflows.Payouts;
using Grants.Workflows.People;
using Grants.Workflows.Programs;
using Grants.Workflows.Reports;

namespace Grants.Api;

/// <summary>The route table, declared once. Both ASP.NET Core hosts map it with <see cref="ApiMapping.MapGrantsApi"/>; the Functions app's triggers are generated from it (functions/ApiTriggers.cs); <see cref="ApiDescription"/> describes it as OpenAPI.</summary>
public static class ApiRoutes
{
    const string Csv = "text/csv; charset=utf-8";

    /// <summary>
    /// Every route. A row says, beside its handler, what the OpenAPI document tells a client: a JSON <c>Body</c> type, what
    /// it <c>Answers</c> with, <c>Success</c> statuses other than 200, <c>Query</c> parameters, <c>Anonymous</c>.
    /// </summary>
    public static readonly IReadOnlyList<ApiRoute> All =
    [
        new("Health", "GET", "health", HealthEndpoints.Health) { Anonymous = true, Answers = typeof(HealthAnswer), Summary = "Whether the process answers; touches no storage." },
        new("GetOpenApi", "GET", "openapi.json", ApiDescription.Serve) { Anonymous = true, Summary = "This description of the API, as OpenAPI 3.1." },
        new("GetMe", "GET", "me", PeopleEndpoints.Me) { Answers = typeof(MeAnswer), Summary = "Who the caller is in the directory and which roles they hold." },
        new("ListPrograms", "GET", "programs", ProgramEndpoints.List) { Summary = "Every current program with its rules, its open and upcoming calls, the call open today (openCall) and whether it is for the caller (forYou)." },
        new("CreateApplication", "POST", "applications", ApplicationEndpoints.Create) { Body = typeof(DraftRequest), Answers = typeof(ApplicationAnswer), Success = [201], Summary = "Start a draft application (Idempotency-Key makes a retry safe)." },
        new("ListApplications", "GET", "applications", ApplicationEndpoints.List) { Answers = typeof(IReadOnlyList<Application>), Query = ["status"], Summary = "The applications the caller may see." },
        new("GetApplication", "GET", "applications/{id}", ApplicationEndpoints.Get) { Answers = typeof(ApplicationView), Summary = "One application with what the caller may do next; ETag for If-Match." },
        new("UpdateApplication", "PUT", "applications/{id}", ApplicationEndpoints.Update) { Body = typeof(DraftRequest), Answers = typeof(ApplicationAnswer), Summary = "Edit a draft or an application returned for changes (If-Match optional)." },
        new("UploadDocument", "POST", "applications/{id}/documents", ApplicationEndpoints.Upload) { BodyMedia = "multipart/form-data", Answers = typeof(ApplicationDocument), Success = [201], Summary = "Attach a document: fields 'kind' and 'file'." },
        new("DownloadDocument", "GET", "applications/{id}/documents/{docId}", ApplicationEndpoints.Download) { AnswerMedia = ["*/*"], Summary = "The document as it was uploaded." },
        new("RemoveDocument", "DELETE", "applications/{id}/documents/{docId}", ApplicationEndpoints.RemoveDocument) { Answers = typeof(ApplicationAnswer), Summary = "Remove a document from a draft." },
        new("SubmitApplication", "POST", "applications/{id}/submit", ApplicationEndpoints.Submit) { Answers = typeof(ApplicationAnswer), Success = [202], Summary = "Submit: the workflow checks eligibility and asks for approval." },
        new("DecideApplication", "POST", "applications/{id}/decision", ApplicationEndpoints.Decide) { Body = typeof(DecisionRequest), Answers = typeof(ApplicationAnswer), Success = [202], Summary = "Approve, reject or return for changes, with a comment." },
        new("WithdrawApplication", "POST", "applications/{id}/withdraw", ApplicationEndpoints.Withdraw) { Answers = typeof(ApplicationAnswer), Success = [202], Summary = "Withdraw one's own application." },
        new("EndorseApplication", "POST", "applications/{id}/endorsement", ApplicationEndpoints.Endorse) { Body = typeof(EndorsementRequest), Answers = typeof(ApplicationAnswer), Success = [202], Summary = "The supervisor endorses a student's application, or does not." },
        new("ReportPaper", "POST", "applications/{id}/report", ApplicationEndpoints.Report) { Body = typeof(ReportRequest), Answers = typeof(ApplicationAnswer), Success = [202], Summary = "Report the published paper's DOI." },
        new("RecordArrival", "POST", "applications/{id}/arrival", ApplicationEndpoints.RecordArrival) { Body = typeof(ArrivalRequest), Answers = typeof(ApplicationAnswer), Success = [202], Summary = "Record an international student's arrival, or its expected date." },
        new("RequestExtension", "POST", "applications/{id}/extension", ApplicationEndpoints.RequestExtension) { Body = typeof(ExtensionRequest), Answers = typeof(ApplicationAnswer), Success = [202], Summary = "Ask to extend the support period." },
        new("DecideExtension", "POST", "applications/{id}/extension/decision", ApplicationEndpoints.DecideExtension) { Body = typeof(DecisionRequest), Answers = typeof(ApplicationAnswer), Success = [202], Summary = "Grant or refuse an extension." },
        new("StopSupport", "POST", "applications/{id}/stop", ApplicationEndpoints.Stop) { Body = typeof(StopRequest), Answers = typeof(ApplicationAnswer), Success = [202], Summary = "Stop a monthly support before its end." },
        new("ListApplicationVersions", "GET", "applications/{id}/versions", ApplicationEndpoints.ListVersions) { Answers = typeof(IReadOnlyList<Application>), Summary = "Every submitted version of an application." },
        new("ListApprovals", "GET", "approvals", ApprovalEndpoints.Queue) { Answers = typeof(IReadOnlyList<ApprovalQueueItem>), Summary = "What awaits the caller's decision, with eligibility and remaining budget." },
        new("GetProgramSummary", "GET", "reports/summary", ReportEndpoints.Summary) { Answers = typeof(ProgramSummaryReport), Query = ["fiscalYear"], Summary = "Totals per program and fund for a fiscal year." },
        new("ListPayouts", "GET", "payouts", PayoutEndpoints.List) { Answers = typeof(IReadOnlyList<Payout>), Query = ["status"], Summary = "Payouts, by status." },
        new("CreatePayoutBatch", "POST", "payout-batches", PayoutEndpoints.CreateBatch) { Body = typeof(BatchRequest), BodyOptional = true, Answers = typeof(PayoutBatch), Success = [201, 202], Summary = "Gather the approved payouts into a bank transfer batch (body optional)." },
        new("ListPayoutBatches", "GET", "payout-batches", PayoutEndpoints.ListBatches) { Answers = typeof(IReadOnlyList<PayoutBatch>), Summary = "Every batch." },
        new("DownloadPayoutBatchFile", "GET", "payout-batches/{id}/file", PayoutEndpoints.DownloadFile) { AnswerMedia = [Csv, "text/plain; charset=shift_jis", "application/json"], Success = [200, 202], Query = ["format"], Summary = "The batch's file: format=csv or format=zengin (総合振込)." },
        new("GetPayoutBatch", "GET", "payout-batches/{id}", PayoutEndpoints.GetBatch) { Answers = typeof(PayoutBatch), Summary = "One batch." },
        new("ListPayoutBatchPayouts", "GET", "payout-batches/{id}/payouts", PayoutEndpoints.ListBatchPayouts) { Answers = typeof(IReadOnlyList<Payout>), Summary = "The payouts of one batch." },
        new("MarkPayoutBatchPaid", "POST", "payout-batches/{id}/paid", PayoutEndpoints.MarkBatchPaid) { Body = typeof(PaidRequest), Answers = typeof(PayoutBatch), Success = [200, 202], Summary = "Mark a batch paid by the bank." },
        new("ReturnPayout", "POST", "payouts/{id}/returned", PayoutEndpoints.Return) { Body = typeof(ReasonRequest), Answers = typeof(Payout), Success = [200, 202], Summary = "Record that the bank returned a payout." },
        new("CancelPayout", "POST", "payouts/{id}/cancel", PayoutEndpoints.Cancel) { Body = typeof(ReasonRequest), Answers = typeof(Payout), Summary = "Cancel a payout not yet in a batch." },
        new("GetFinanceWork", "GET", "finance-work/{id}", PayoutEndpoints.GetWork) { Answers = typeof(FinanceWorkView), Summary = "How a finance step the engine is finishing stands." },
        new("GetBankAccount", "GET", "people/{id}/bank-account", BankAccountEndpoints.Get) { Answers = typeof(BankAccountView), Summary = "A payee's bank account, masked unless it is yours or you are finance." },
        new("PutBankAccount", "PUT", "people/{id}/bank-account", BankAccountEndpoints.Put) { Body = typeof(BankAccountRequest), Answers = typeof(BankAccountView), Summary = "Set a payee's bank account." },
        new("GetReconciliation", "GET", "reports/reconciliation", ReportEndpoints.Reconciliation) { Answers = typeof(ReconciliationReport), Query = ["fiscalYear", "olderThanDays"], Summary = "Budgets, batches and waiting payouts of a fiscal year, to the yen." },
        new("ReadAudit", "GET", "audit/{subject}", AuditEndpoints.Read) { Answers = typeof(AuditAnswer), Summary = "The audit trail of one subject." },
        // Program versions and calls (the research support office).
        new("ListProgramVersions", "GET", "programs/{id}/versions", ProgramEndpoints.ListVersions) { Answers = typeof(IReadOnlyList<ProgramVersion>), Summary = "Every published version of a program." },
        new("PreviewProgramVersion", "POST", "programs/{id}/versions/preview", ProgramEndpoints.Preview) { BodyMedia = "application/json", Answers = typeof(ProgramPreview), Summary = "The changes a definition (as in programs/*.json) would make; nothing is stored." },
        new("PublishProgramVersion", "POST", "programs/{id}/versions", ProgramEndpoints.Publish) { BodyMedia = "application/json", Answers = typeof(ProgramPreview), Success = [200, 201], Summary = "Publish a definition as the program's next version." },
        new("ListCalls", "GET", "calls", CallEndpoints.List) { Answers = typeof(IReadOnlyList<CallView>), Summary = "Open and upcoming calls (all of them for administrators)." },
        new("OpenCall", "POST", "programs/{id}/calls", CallEndpoints.Open) { Body = typeof(OpenCallRequest), Answers = typeof(CallView), Success = [201], Summary = "Open or schedule a fiscal year's call." },
        new("MoveCallDeadline", "POST", "programs/{id}/calls/{year}/deadline", CallEndpoints.MoveDeadline) { Body = typeof(MoveDeadlineRequest), Answers = typeof(CallView), Summary = "Move a call's deadline." },
        new("CloseCall", "POST", "programs/{id}/calls/{year}/close", CallEndpoints.Close) { Answers = typeof(CallView), Summary = "Close a call now." },
        new("GetAnnualReport", "GET", "reports/annual", AnnualReportEndpoints.Annual) { Answers = typeof(AnnualReport), AnswerMedia = ["application/json", Csv], Query = ["from", "to", "format", "lang"], Summary = "Granted and paid per program and expense kind over fiscal years: JSON or CSV." },
        new("ListFunds", "GET", "funds", FundEndpoints.List) { Answers = typeof(IReadOnlyList<FundView>), Summary = "Every fund with its budgets." },
        new("CreateFund", "POST", "funds", FundEndpoints.Create) { Body = typeof(FundRequest), Answers = typeof(Fund), Success = [201], Summary = "Add a fund." },
        new("GetFund", "GET", "funds/{id}", FundEndpoints.Get) { Answers = typeof(FundView), Summary = "One fund with its budgets and their history." },
        new("UpdateFund", "PUT", "funds/{id}", FundEndpoints.Update) { Body = typeof(FundRequest), Answers = typeof(Fund), Summary = "Change a fund's names, code, approver or escalation contact." },
        new("SetFundAllocation", "PUT", "funds/{id}/budgets/{fiscalYear}", FundEndpoints.SetAllocation) { Body = typeof(AllocationRequest), Answers = typeof(FundBudget), Success = [200, 201], Summary = "Set or adjust a fund's allocation for a fiscal year, with a reason." },
        new("SearchPeople", "GET", "people", DirectoryEndpoints.Search) { Answers = typeof(PeoplePage), Query = ["q", "limit"], Summary = "Search the people directory." },
        new("AddPerson", "POST", "people", DirectoryEndpoints.Add) { Body = typeof(PersonRequest), Answers = typeof(Person), Success = [201], Summary = "Add a person to the directory." },
        new("ImportPeople", "POST", "people/import", DirectoryEndpoints.Import) { BodyMedia = "text/csv", Answers = typeof(ImportResult), Query = ["dryRun"], Summary = "Add and change people from a CSV file; dryRun=true only shows what it would do." },
        new("GetPerson", "GET", "people/{id}", DirectoryEndpoints.Get) { Answers = typeof(Person), Summary = "One person; ETag for If-Match." },
        new("UpdatePerson", "PUT", "people/{id}", DirectoryEndpoints.Update) { Body = typeof(PersonRequest), Answers = typeof(Person), Summary = "Change a person (If-Match optional)." },
        new("ListStuckWorkflows", "GET", "operations/stuck", OperationsEndpoints.ListStuck) { Answers = typeof(StuckAnswer), Query = ["olderThanMinutes"], Summary = "Workflows that have not moved for a while, and why." },
        new("RepairWorkflow", "POST", "operations/{instanceId}/repair", OperationsEndpoints.Repair) { Body = typeof(RepairRequest), Answers = typeof(StuckWorkflow), Success = [202], Summary = "Resume or restart a stuck workflow." },
        new("GetToDo", "GET", "todo", HomeEndpoints.ToDo) { Answers = typeof(Grants.Workflows.Home.ToDoList), Summary = "What waits for the caller in each of their roles: the home screen's to-do list." },
        new("GetVocabulary", "GET", "vocabulary", VocabularyEndpoints.Get) { Anonymous = true, Answers = typeof(VocabularyAnswer), Summary = "The words for every code the API sends, in Japanese and English; no sign-in, as the sign-in page shows them too. ETag is the version (If-None-Match answers 304)." },
        // The people picker: anyone signed in names a supervisor or host without knowing their sign-in name.
        new("FindPerson", "GET", "people-search", PersonFinderEndpoints.Find) { Answers = typeof(PersonChoices), Query = ["q"], Summary = "Active people whose name or kana contains, or whose e-mail starts with, each word of q (at least 2 characters): at most 10, name and department only; for choosing a supervisor or host." },
    ];

    public static ApiRoute Named(string name) => All.Single(r => r.Name == name);
}
