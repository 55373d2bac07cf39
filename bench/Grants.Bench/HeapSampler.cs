namespace Grants.Bench;

/// <summary>
/// Samples the managed heap every millisecond from a clean start until disposed: <see cref="PeakGrowth"/> is how far it
/// rose above the start, i.e. what a run held at its worst, not what it allocated in total.
/// </summary>
public sealed class HeapSampler : IAsyncDisposable
{
    readonly CancellationTokenSource stop = new();
    readonly long baseline;
    readonly Task sampling;
    long peak;

    HeapSampler()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        baseline = peak = GC.GetTotalMemory(forceFullCollection: true);
        sampling = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
                await Task.Delay(1);
            }
        });
    }

    public long PeakGrowth => peak - baseline;

    public static HeapSampler Start() => new();

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await sampling;
        stop.Dispose();
    }
}
