namespace Grants.Workflows.Storage;

/// <summary>
/// The correlation id of the API request being served, carried along its async flow so that every audit entry the request
/// causes records it (<see cref="AuditTrail.AppendAsync"/>) without each service passing it on.
/// </summary>
public static class RequestCorrelation
{
    static readonly AsyncLocal<string?> Ambient = new();

    /// <summary>The id of the request being served, or null outside one (a workflow step, a timer).</summary>
    public static string? Current => Ambient.Value;

    /// <summary>Makes <paramref name="correlationId"/> current until the returned scope is disposed.</summary>
    public static IDisposable Begin(string correlationId)
    {
        var previous = Ambient.Value;
        Ambient.Value = correlationId;
        return new Scope(previous);
    }

    sealed class Scope(string? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
