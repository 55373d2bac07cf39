using System.Collections.Immutable;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Context.Features;

namespace Grants.Tests.Functions;

/// <summary>
/// What the Functions host hands a trigger: the function's name and the values it bound from the route template. The host
/// cannot run here (PLATFORM.md), so a test calls the generated trigger with this, as the host would.
/// </summary>
public sealed class TriggerContext(string functionName, IReadOnlyDictionary<string, object?> bound, IServiceProvider services) : FunctionContext
{
    public override string InvocationId => "test";

    public override string FunctionId => functionName;

    public override TraceContext TraceContext => null!;

    public override BindingContext BindingContext { get; } = new Bound(bound);

    public override RetryContext RetryContext => null!;

    public override IServiceProvider InstanceServices { get; set; } = services;

    public override FunctionDefinition FunctionDefinition { get; } = new Definition(functionName);

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features => null!;

    sealed class Bound(IReadOnlyDictionary<string, object?> data) : BindingContext
    {
        public override IReadOnlyDictionary<string, object?> BindingData => data;
    }

    sealed class Definition(string name) : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters => [];

        public override string PathToAssembly => "";

        public override string EntryPoint => "";

        public override string Id => name;

        public override string Name => name;

        public override IImmutableDictionary<string, BindingMetadata> InputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;

        public override IImmutableDictionary<string, BindingMetadata> OutputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
    }
}
