using DurableTask.AzureStorage;

namespace Grants.Local;

/// <summary>Settings of the durable engine the local runtime runs.</summary>
public sealed class DurableOptions
{
    public string TaskHub { get; set; } = "GrantsHub";

    /// <summary>Kept stable across restarts, so a restarted process takes its partitions back at once instead of waiting for the old lease to expire.</summary>
    public string WorkerId { get; set; } = "grants-local";

    /// <summary>Loopback port of the gRPC sidecar; 0 picks a free one.</summary>
    public int SidecarPort { get; set; }

    public int MaxConcurrentWorkItems { get; set; } = 32;

    /// <summary>
    /// How long a message taken by a process stays hidden from others. After a crash, the work it held becomes
    /// visible again after this long; the engine renews it while the work is still running. Activities are idempotent, so a short value is safe.
    /// </summary>
    public TimeSpan MessageVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// The settings of the durable engine (the Azure Storage backend) in one place: the local runtime runs with them, and the
/// load driver's do-nothing baseline (bench/Grants.Load, which compiles this file) runs with exactly the same, so the
/// throughput ratio compares Grants with the bare engine and nothing else.
/// </summary>
public static class DurableEngineSettings
{
    public static AzureStorageOrchestrationServiceSettings For(string storageConnectionString, DurableOptions options, ILoggerFactory loggerFactory) => new()
    {
        StorageAccountClientProvider = new StorageAccountClientProvider(storageConnectionString),
        TaskHubName = options.TaskHub,
        WorkerId = options.WorkerId,

        // An idle queue is polled at least every second (default 30 s), so a step that follows a quiet spell waits at most 1 s.
        MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
        MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentWorkItems,
        MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentWorkItems,
        LoggerFactory = loggerFactory,

        // One process owns the hub; an app lease would make a restarted process wait for the killed one's lease to expire.
        UseAppLease = false,
        CustomMessageTypeBinder = new ProtobufTagsTypeBinder(),
        ControlQueueVisibilityTimeout = options.MessageVisibilityTimeout,
        WorkItemQueueVisibilityTimeout = options.MessageVisibilityTimeout,
    };
}

/// <summary>
/// The gRPC sidecar hands the engine a sub-orchestration's tags as a protobuf <c>MapField</c>; the Azure Storage
/// engine writes every queued message with its CLR type name and cannot resolve that type when it reads the message
/// back, so a sub-orchestration (an approved application's award) would never start. Tags are plain strings: they are
/// written, and read, as a <see cref="Dictionary{TKey, TValue}"/>.
/// </summary>
sealed class ProtobufTagsTypeBinder : ICustomTypeBinder
{
    const string MapField = "Google.Protobuf.Collections.MapField`2";

    public void BindToName(Type serializedType, out string? assemblyName, out string? typeName)
    {
        assemblyName = null;
        typeName = (serializedType.FullName ?? "").StartsWith(MapField, StringComparison.Ordinal)
            ? typeof(Dictionary<string, string>).FullName
            : serializedType.FullName;
    }

    public Type? BindToType(string? assemblyName, string typeName) =>
        typeName.StartsWith(MapField, StringComparison.Ordinal) ? typeof(Dictionary<string, string>) : Type.GetType(typeName, throwOnError: true);
}
