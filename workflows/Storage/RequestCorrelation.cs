namespace Grants.Workflows.Storage;

/// <summary>
/// The correlation id of the API request being served, carried along its async flow so that every audit entry the request
/// causes records it (<see cref="AuditTrail.AppendAsync"/>) without each service passing it on.
/// </summary>
public static class RequestCorrelation
{
    static readonly Ambient<string> Id = new();

    /// <summary>The id of the request being served, or null outside one (a workflow step, a timer).</summary>
    public static string? Current => Id.Current;

    /// <summary>Makes <paramref name="correlationId"/> current until the returned scope is disposed.</summary>
    public static IDisposable Begin(string correlationId) => Id.Begin(correlationId);
}
