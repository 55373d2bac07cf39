using System.Collections.Concurrent;
using Grants.Workflows.Programs;

namespace Grants.Workflows.Storage;

/// <summary>
/// Program definitions. The current definition of each program lives in one partition (the list the API serves);
/// every published version is also kept, immutable, so an application is always judged by the version it was submitted under.
/// </summary>
public sealed class ProgramCatalog(GrantsStorage storage)
{
    const string Current = "current";

    readonly ConcurrentDictionary<(string Id, int Version), GrantProgram> published = new();

    public IAsyncEnumerable<GrantProgram> ListAsync(CancellationToken cancellationToken = default) =>
        storage.Programs.QueryPartitionAsync(Current, cancellationToken);

    public async Task<GrantProgram?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        (await storage.Programs.GetAsync(Current, id, cancellationToken))?.Value;

    /// <summary>A published version, which never changes: kept in memory once read, so every workflow step does not read it again.</summary>
    public async Task<GrantProgram?> FindAsync(string id, int version, CancellationToken cancellationToken = default)
    {
        if (published.TryGetValue((id, version), out var known))
        {
            return known;
        }

        var found = (await storage.Programs.GetAsync(VersionPartition(id), VersionRow(version), cancellationToken))?.Value;
        if (found is not null)
        {
            published[(id, version)] = found;
        }

        return found;
    }

    /// <summary>Publishes a definition: keeps it as its own version and makes it current. An already-published version is never overwritten.</summary>
    public async Task PublishAsync(GrantProgram program, CancellationToken cancellationToken = default)
    {
        await storage.Programs.TryInsertAsync(VersionPartition(program.Id), VersionRow(program.Version), program, cancellationToken);
        var current = await FindAsync(program.Id, cancellationToken);
        if (current is null || current.Version < program.Version)
        {
            await storage.Programs.UpsertAsync(Current, program.Id, program, cancellationToken);
        }
    }

    static string VersionPartition(string id) => $"version|{id}";

    static string VersionRow(int version) => version.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
}
