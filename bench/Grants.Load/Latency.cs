using System.Diagnostics;
using System.Net;

namespace Grants.Load;

sealed record LatencyResult(string Endpoint, int Concurrency, int Requests, double P50, double P95, double P99, double PerSecond, int Failures)
{
    public static LatencyResult From(string endpoint, int concurrency, List<double> milliseconds, TimeSpan elapsed, int failures)
    {
        milliseconds.Sort();
        double Percentile(double p) => milliseconds.Count == 0 ? double.NaN : milliseconds[Math.Min(milliseconds.Count - 1, (int)Math.Ceiling(p * milliseconds.Count) - 1)];
        return new(endpoint, concurrency, milliseconds.Count, Percentile(0.50), Percentile(0.95), Percentile(0.99), milliseconds.Count / elapsed.TotalSeconds, failures);
    }
}

static class Latency
{
    static readonly TimeSpan Limit = TimeSpan.FromSeconds(25);

    /// <summary>
    /// <paramref name="concurrency"/> closed-loop clients share <paramref name="requests"/> calls (at most 25 s), after 10 warm-up calls;
    /// each call's latency is measured from send until the whole response body was read.
    /// </summary>
    public static async Task<LatencyResult> RunAsync(string endpoint, int concurrency, int requests, Func<int, Task<HttpResponseMessage>> call, HttpStatusCode expected, int warmUp = 10)
    {
        for (var i = 0; i < warmUp; i++)
        {
            using var response = await call(-1 - i);
        }

        var next = -1;
        var samples = new List<double>[concurrency];
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var mine = samples[worker] = new List<double>();
            int index;
            while ((index = Interlocked.Increment(ref next)) < requests && clock.Elapsed < Limit)
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await call(index);
                await response.Content.LoadIntoBufferAsync();
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (response.StatusCode != expected)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        var elapsed = clock.Elapsed;
        return LatencyResult.From(endpoint, concurrency, samples.SelectMany(s => s).ToList(), elapsed, failures);
    }
}
