using Grants.Workflows.Applications;
using Grants.Workflows.Orchestration;
using Grants.Workflows.Orchestration.Activities;
using Grants.Workflows.Payouts;
using Grants.Workflows.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace Grants.Functions;

/// <summary>
/// One function per orchestrator and activity of <see cref="Grants.Workflows.GrantsServices"/>, each named exactly like its class,
/// because the workflow calls activities by <c>nameof(class)</c>. Each only delegates to the class, so each is one line of a table.
/// </summary>
public static class WorkflowFunctions
{
    [Function(nameof(ApplicationWorkflow))] public static Task<ApplicationStatus> RunApplicationWorkflow([OrchestrationTrigger] TaskOrchestrationContext context) => new ApplicationWorkflow().RunAsync(context, context.GetInput<ApplicationWorkflowInput>()!);
    [Function(nameof(AwardWorkflow))] public static Task<ApplicationStatus> RunAwardWorkflow([OrchestrationTrigger] TaskOrchestrationContext context) => new AwardWorkflow().RunAsync(context, context.GetInput<AwardInput>()!);
    [Function(nameof(RequestEndorsement))] public static Task<bool> RunRequestEndorsement([ActivityTrigger] StepInput input, FunctionContext ctx) => Run<RequestEndorsement, StepInput, bool>(input, ctx);
    [Function(nameof(RecordEndorsement))] public static Task<bool> RunRecordEndorsement([ActivityTrigger] OutcomeInput input, FunctionContext ctx) => Run<RecordEndorsement, OutcomeInput, bool>(input, ctx);
    [Function(nameof(CreateMonthlyPayout))] public static Task<string> RunCreateMonthlyPayout([ActivityTrigger] MonthlyPayoutInput input, FunctionContext ctx) => Run<CreateMonthlyPayout, MonthlyPayoutInput, string>(input, ctx);
    [Function(nameof(RecordAwardEvent))] public static Task<bool> RunRecordAwardEvent([ActivityTrigger] AwardStepInput input, FunctionContext ctx) => Run<RecordAwardEvent, AwardStepInput, bool>(input, ctx);
    [Function(nameof(ExtendSupport))] public static Task<int> RunExtendSupport([ActivityTrigger] AwardStepInput input, FunctionContext ctx) => Run<ExtendSupport, AwardStepInput, int>(input, ctx);
    [Function(nameof(FinishSupport))] public static Task<int> RunFinishSupport([ActivityTrigger] AwardStepInput input, FunctionContext ctx) => Run<FinishSupport, AwardStepInput, int>(input, ctx);
    [Function(nameof(CheckEligibility))] public static Task<EligibilityOutcome> RunCheckEligibility([ActivityTrigger] StepInput input, FunctionContext ctx) => Run<CheckEligibility, StepInput, EligibilityOutcome>(input, ctx);
    [Function(nameof(RequestApproval))] public static Task<bool> RunRequestApproval([ActivityTrigger] StepInput input, FunctionContext ctx) => Run<RequestApproval, StepInput, bool>(input, ctx);
    [Function(nameof(ReadClaimedDecision))] public static Task<DecisionClaim?> RunReadClaimedDecision([ActivityTrigger] StepInput input, FunctionContext ctx) => Run<ReadClaimedDecision, StepInput, DecisionClaim?>(input, ctx);
    [Function(nameof(ReleaseDecisionClaim))] public static Task<bool> RunReleaseDecisionClaim([ActivityTrigger] ClaimInput input, FunctionContext ctx) => Run<ReleaseDecisionClaim, ClaimInput, bool>(input, ctx);
    [Function(nameof(ReserveBudget))] public static Task<ReservationOutcome> RunReserveBudget([ActivityTrigger] StepInput input, FunctionContext ctx) => Run<ReserveBudget, StepInput, ReservationOutcome>(input, ctx);
    [Function(nameof(CreatePayout))] public static Task<string> RunCreatePayout([ActivityTrigger] StepInput input, FunctionContext ctx) => Run<CreatePayout, StepInput, string>(input, ctx);
    [Function(nameof(RecordOutcome))] public static Task<ApplicationStatus> RunRecordOutcome([ActivityTrigger] OutcomeInput input, FunctionContext ctx) => Run<RecordOutcome, OutcomeInput, ApplicationStatus>(input, ctx);
    [Function(nameof(SendNotification))] public static Task<int> RunSendNotification([ActivityTrigger] Notice input, FunctionContext ctx) => Run<SendNotification, Notice, int>(input, ctx);
    [Function(nameof(PayoutBatchWorkflow))] public static Task<FinanceStepResult> RunPayoutBatchWorkflow([OrchestrationTrigger] TaskOrchestrationContext context) => new PayoutBatchWorkflow().RunAsync(context, context.GetInput<BatchOrder>()!);
    [Function(nameof(BatchExportWorkflow))] public static Task<FinanceStepResult> RunBatchExportWorkflow([OrchestrationTrigger] TaskOrchestrationContext context) => new BatchExportWorkflow().RunAsync(context, context.GetInput<ExportOrder>()!);
    [Function(nameof(BatchPaymentWorkflow))] public static Task<FinanceStepResult> RunBatchPaymentWorkflow([OrchestrationTrigger] TaskOrchestrationContext context) => new BatchPaymentWorkflow().RunAsync(context, context.GetInput<PaymentOrder>()!);
    [Function(nameof(PayoutReturnWorkflow))] public static Task<FinanceStepResult> RunPayoutReturnWorkflow([OrchestrationTrigger] TaskOrchestrationContext context) => new PayoutReturnWorkflow().RunAsync(context, context.GetInput<ReturnOrder>()!);
    [Function(nameof(GatherBatch))] public static Task<FinanceStepResult> RunGatherBatch([ActivityTrigger] BatchOrder input, FunctionContext ctx) => Run<GatherBatch, BatchOrder, FinanceStepResult>(input, ctx);
    [Function(nameof(MarkBatchExported))] public static Task<FinanceStepResult> RunMarkBatchExported([ActivityTrigger] ExportOrder input, FunctionContext ctx) => Run<MarkBatchExported, ExportOrder, FinanceStepResult>(input, ctx);
    [Function(nameof(PayBatch))] public static Task<FinanceStepResult> RunPayBatch([ActivityTrigger] PaymentOrder input, FunctionContext ctx) => Run<PayBatch, PaymentOrder, FinanceStepResult>(input, ctx);
    [Function(nameof(MailBatchPaid))] public static Task<int> RunMailBatchPaid([ActivityTrigger] PaymentChunk input, FunctionContext ctx) => Run<MailBatchPaid, PaymentChunk, int>(input, ctx);
    [Function(nameof(ListBatchChunks))] public static Task<IReadOnlyList<BatchChunk>> RunListBatchChunks([ActivityTrigger] string input, FunctionContext ctx) => Run<ListBatchChunks, string, IReadOnlyList<BatchChunk>>(input, ctx);
    [Function(nameof(MarkChunkExported))] public static Task<int> RunMarkChunkExported([ActivityTrigger] ExportChunk input, FunctionContext ctx) => Run<MarkChunkExported, ExportChunk, int>(input, ctx);
    [Function(nameof(PayBatchChunk))] public static Task<int> RunPayBatchChunk([ActivityTrigger] PaymentChunk input, FunctionContext ctx) => Run<PayBatchChunk, PaymentChunk, int>(input, ctx);
    [Function(nameof(CloseBatchPayment))] public static Task<FinanceStepResult> RunCloseBatchPayment([ActivityTrigger] PaymentOrder input, FunctionContext ctx) => Run<CloseBatchPayment, PaymentOrder, FinanceStepResult>(input, ctx);
    [Function(nameof(RecordPayoutReturn))] public static Task<FinanceStepResult> RunRecordPayoutReturn([ActivityTrigger] ReturnOrder input, FunctionContext ctx) => Run<RecordPayoutReturn, ReturnOrder, FinanceStepResult>(input, ctx);
    [Function(nameof(MailPayoutReturned))] public static Task<int> RunMailPayoutReturned([ActivityTrigger] ReturnOrder input, FunctionContext ctx) => Run<MailPayoutReturned, ReturnOrder, int>(input, ctx);

    /// <summary>Resolves the activity (registered transient by <c>AddGrants</c>) and runs it.</summary>
    static Task<TOutput> Run<TActivity, TInput, TOutput>(TInput input, FunctionContext ctx)
        where TActivity : TaskActivity<TInput, TOutput>
    {
        var activity = ctx.InstanceServices.GetRequiredService<TActivity>();
        return activity.RunAsync(FunctionActivityContext.From(ctx), input);
    }
}
