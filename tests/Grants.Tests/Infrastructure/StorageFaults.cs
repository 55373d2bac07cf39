using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Grants.Workflows.Storage;

namespace Grants.Tests.Infrastructure;

/// <summary>
/// Makes Table Storage calls fail as a crash would cut them: before the request reaches storage, or after storage
/// applied it and before the answer arrives. Armed with a budget of failures, each call fails with a given chance.
/// </summary>
public sealed class StorageFaults : HttpPipelinePolicy
{
    readonly Lock gate = new();
    Random random = new(0);
    double chance;
    int budget;
    Func<Request, bool> applies = _ => true;
    bool? lostAfterApplied;

    /// <summary>How many calls failed since the faults were made.</summary>
    public int Injected { get; private set; }

    /// <summary>Storage whose table calls go through these faults (blobs are not touched).</summary>
    public async Task<GrantsStorage> StorageAsync(Azurite azurite)
    {
        var options = new TableClientOptions();
        options.AddPolicy(this, HttpPipelinePosition.PerCall);
        var storage = new GrantsStorage(new TableServiceClient(azurite.ConnectionString, options), new BlobServiceClient(azurite.ConnectionString), Azurite.NewPrefix());
        await storage.EnsureCreatedAsync();
        return storage;
    }

    /// <summary>
    /// From now on, up to <paramref name="failures"/> calls that <paramref name="where"/> selects fail, each with
    /// <paramref name="probability"/>; lost after storage applied them when <paramref name="afterApplied"/> says so, else either way at random.
    /// </summary>
    public void Arm(Random seed, double probability, int failures, Func<Request, bool>? where = null, bool? afterApplied = null)
    {
        lock (gate)
        {
            (random, chance, budget, applies, lostAfterApplied) = (seed, probability, failures, where ?? (_ => true), afterApplied);
        }
    }

    public void Disarm()
    {
        lock (gate)
        {
            budget = 0;
        }
    }

    /// <summary>Writes: the calls whose loss, before or after they applied, a crash test is about.</summary>
    public static bool IsWrite(Request request) => request.Method != RequestMethod.Get;

    /// <summary>A batch claiming a payout: the ETag-guarded replace of a payout record.</summary>
    public static bool IsClaim(Request request) =>
        request.Method == RequestMethod.Put && request.Uri.Path.Contains("payouts(", StringComparison.Ordinal) && request.Headers.TryGetValue("If-Match", out var etag) && etag != "*";

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("Grants calls storage asynchronously.");

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        bool fail, afterApplied;
        lock (gate)
        {
            fail = budget > 0 && applies(message.Request) && random.NextDouble() < chance;
            afterApplied = lostAfterApplied ?? random.Next(2) == 0;
            if (fail)
            {
                budget--;
                Injected++;
            }
        }

        if (fail && !afterApplied)
        {
            throw new RequestFailedException(503, "Injected: the call was lost before it reached storage.");
        }

        await ProcessNextAsync(message, pipeline);
        if (fail)
        {
            throw new RequestFailedException(503, "Injected: storage applied the call but its answer was lost.");
        }
    }
}
