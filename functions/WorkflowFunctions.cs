using Grants.Workflows.Applications;
using Grants.Workflows.Orchestration;
using Grants.Workflows.Orchestration.Activities;
using Grants.Workflows.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace Grants.Functions;

/// <summary>
/// One function per orchestrator and activity of <see cref="Grants.Workflows.GrantsServices"/>, each named exactly like its class,
/// because the workflow calls activities by <c>nameof(class)</c>. Each only delegates to the class.
/// </summary>
public static class WorkflowFunctions
{
    [Function(nameof(ApplicationWorkflow))]
    public static Task<ApplicationStatus> RunApplicationWorkflow([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ApplicationWorkflow().RunAsync(context, context.GetInput<ApplicationWorkflowInput>()!);

    [Function(nameof(CheckEligibility))]
    public static Task<EligibilityOutcome> RunCheckEligibility([ActivityTrigger] StepInput input, FunctionContext ctx) =>
        Run<CheckEligibility, StepInput, EligibilityOutcome>(input, ctx);

    [Function(nameof(RequestApproval))]
    public static Task<bool> RunRequestApproval([ActivityTrigger] StepInput input, FunctionContext ctx) =>
        Run<RequestApproval, StepInput, bool>(input, ctx);

    [Function(nameof(ReserveBudget))]
    public static Task<ReservationOutcome> RunReserveBudget([ActivityTrigger] StepInput input, FunctionContext ctx) =>
        Run<ReserveBudget, StepInput, ReservationOutcome>(input, ctx);

    [Function(nameof(CreatePayout))]
    public static Task<string> RunCreatePayout([ActivityTrigger] StepInput input, FunctionContext ctx) =>
        Run<CreatePayout, StepInput, string>(input, ctx);

    [Function(nameof(RecordOutcome))]
    public static Task<ApplicationStatus> RunRecordOutcome([ActivityTrigger] OutcomeInput input, FunctionContext ctx) =>
        Run<RecordOutcome, OutcomeInput, ApplicationStatus>(input, ctx);

    [Function(nameof(SendNotification))]
    public static Task<int> RunSendNotification([ActivityTrigger] Notice input, FunctionContext ctx) =>
        Run<SendNotification, Notice, int>(input, ctx);

    /// <summary>Resolves the activity (registered transient by <c>AddGrants</c>) and runs it.</summary>
    static Task<TOutput> Run<TActivity, TInput, TOutput>(TInput input, FunctionContext ctx)
        where TActivity : TaskActivity<TInput, TOutput>
    {
        var activity = ctx.InstanceServices.GetRequiredService<TActivity>();
        return activity.RunAsync(FunctionActivityContext.From(ctx), input);
    }
}
