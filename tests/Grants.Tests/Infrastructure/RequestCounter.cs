using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Grants.Workflows.Storage;

namespace Grants.Tests.Infrastructure;

/// <summary>Counts the table requests <paramref name="counts"/> selects (every one when not given), for tests of how many requests a step costs.</summary>
public sealed class RequestCounter(Func<Request, bool>? counts = null) : HttpPipelineSynchronousPolicy
{
    int count;

    public int Count => Volatile.Read(ref count);

    public void Reset() => Interlocked.Exchange(ref count, 0);

    public override void OnSendingRequest(HttpMessage message)
    {
        if (counts?.Invoke(message.Request) ?? true)
        {
            Interlocked.Increment(ref count);
        }
    }

    /// <summary>Storage on a new prefix whose table calls are counted (blobs are not).</summary>
    public async Task<GrantsStorage> StorageAsync()
    {
        var azurite = await Azurite.SharedAsync();
        var options = new TableClientOptions();
        options.AddPolicy(this, HttpPipelinePosition.PerCall);
        var storage = new GrantsStorage(new TableServiceClient(azurite.ConnectionString, options), new BlobServiceClient(azurite.ConnectionString), Azurite.NewPrefix());
        await storage.EnsureCreatedAsync();
        return storage;
    }
}
