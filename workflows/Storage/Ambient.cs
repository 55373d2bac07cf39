namespace Grants.Workflows.Storage;

/// <summary>A value carried along an async flow, current for the length of a scope and restored after it.</summary>
sealed class Ambient<T>
    where T : class
{
    readonly AsyncLocal<T?> value = new();

    public T? Current => value.Value;

    public IDisposable Begin(T current)
    {
        var previous = value.Value;
        value.Value = current;
        return new Scope(this, previous);
    }

    sealed class Scope(Ambient<T> ambient, T? previous) : IDisposable
    {
        public void Dispose() => ambient.value.Value = previous;
    }
}
