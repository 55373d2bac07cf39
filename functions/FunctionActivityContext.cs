using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Grants.Functions;

/// <summary>The <see cref="TaskActivityContext"/> an activity class expects, made from the function's own context.</summary>
internal sealed class FunctionActivityContext(TaskName name, string instanceId) : TaskActivityContext
{
    public override TaskName Name { get; } = name;

    public override string InstanceId { get; } = instanceId;

    /// <summary>The activity trigger puts the orchestration's instance id into the binding data as <c>instanceId</c>.</summary>
    public static FunctionActivityContext From(FunctionContext ctx) =>
        new(ctx.FunctionDefinition.Name,
            ctx.BindingContext.BindingData.TryGetValue("instanceId", out var id) ? id?.ToString() ?? "" : "");
}
