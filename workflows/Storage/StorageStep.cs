using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.DurableTask;

namespace Grants.Workflows.Storage;

/// <summary>
/// What a storage request is made for — the workflow activity or API route being served — carried along its async flow,
/// so a counting proxy in front of Table Storage (the load driver's) can tell the requests of each step apart.
/// </summary>
public static class StorageStep
{
    /// <summary>The request header that names the step; only sent when the host adds <see cref="Policy"/> to its table client.</summary>
    public const string Header = "x-grants-step";

    static readonly Ambient<string> Step = new();

    /// <summary>The step being served, or null.</summary>
    public static string? Current => Step.Current;

    /// <summary>Makes <paramref name="step"/> current until the returned scope is disposed.</summary>
    public static IDisposable Begin(string step) => Step.Begin(step);

    /// <summary>Table client options whose requests carry the current step in <see cref="Header"/>.</summary>
    public static Azure.Data.Tables.TableClientOptions TaggedOptions()
    {
        var options = new Azure.Data.Tables.TableClientOptions();
        options.AddPolicy(new Policy(), HttpPipelinePosition.PerCall);
        return options;
    }

    /// <summary>Adds the current step to each request; a plain <c>x-</c> header is outside the Shared Key signature and ignored by the service.</summary>
    public sealed class Policy : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            if (Current is { } step)
            {
                message.Request.Headers.SetValue(Header, step);
            }
        }
    }

    /// <summary>An activity that runs as the step named after it.</summary>
    public sealed class Tagged(string name, ITaskActivity activity) : ITaskActivity
    {
        public Type InputType => activity.InputType;

        public Type OutputType => activity.OutputType;

        public async Task<object?> RunAsync(TaskActivityContext context, object? input)
        {
            using var step = Begin(name);
            return await activity.RunAsync(context, input);
        }
    }
}
