using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Grants.Workflows.Programs;

namespace Grants.Workflows.Storage;

/// <summary>What publishing a program version did.</summary>
public enum PublishResult
{
    /// <summary>The version is now published (and current, unless a later one is).</summary>
    Published,

    /// <summary>This exact version was already published: nothing changed.</summary>
    AlreadyPublished,

    /// <summary>A different definition is already published under this version number; refused.</summary>
    VersionTaken,

    /// <summary>A later version is already current; refused.</summary>
    NotNewer,
}

/// <summary>
/// Program definitions. The current definition of each program lives in one partition (the list the API serves);
/// every published version is also kept, immutable, so an application is always judged by the version it was submitted under.
/// A change stamp beside them moves after every change to the programs on offer or their calls, so a copy kept in memory
/// (<see cref="Programs.CatalogSnapshot"/>) knows from one point read whether it is still current.
/// </summary>
public sealed class ProgramCatalog(GrantsStorage storage)
{
    const string Current = "current";

    readonly ChangeStamp stamp = new(storage.Programs.Client, "catalog");

    readonly ConcurrentDictionary<(string Id, int Version), GrantProgram> published = new();

    public IAsyncEnumerable<GrantProgram> ListAsync(CancellationToken cancellationToken = default) =>
        storage.Programs.QueryPartitionAsync(Current, cancellationToken);

    /// <summary>How many changes went through this instance, counted once each is stamped: a copy checked since none went through may skip asking the stamp for a while.</summary>
    public long Writes => stamp.Writes;

    /// <summary>A value that differs after every stamped change (the stamp row's ETag; empty before the first). Read it before the programs and calls.</summary>
    public Task<ETag> ChangeStampAsync(CancellationToken cancellationToken = default) => stamp.ReadAsync(cancellationToken);

    /// <summary>Moves the change stamp: after a program is made current or a call changes.</summary>
    public Task StampChangeAsync(CancellationToken cancellationToken = default) => stamp.MoveAsync(cancellationToken);

    public Task<GrantProgram?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        storage.Programs.FindAsync(Current, id, cancellationToken);

    /// <summary>Every published version of a program, oldest first.</summary>
    public IAsyncEnumerable<GrantProgram> ListVersionsAsync(string id, CancellationToken cancellationToken = default) =>
        storage.Programs.QueryPartitionAsync(VersionPartition(id), cancellationToken);

    /// <summary>A published version, which never changes: kept in memory once read, so every workflow step does not read it again.</summary>
    public async Task<GrantProgram?> FindAsync(string id, int version, CancellationToken cancellationToken = default)
    {
        if (published.TryGetValue((id, version), out var known))
        {
            return known;
        }

        var found = await storage.Programs.FindAsync(VersionPartition(id), VersionRow(version), cancellationToken);
        if (found is not null)
        {
            published[(id, version)] = found;
        }

        return found;
    }

    /// <summary>
    /// Publishes a definition: keeps it as its own version and makes it current. An already-published version is never
    /// overwritten: the same definition again changes nothing, a different one under its number is refused.
    /// </summary>
    public async Task<PublishResult> PublishAsync(GrantProgram program, CancellationToken cancellationToken = default)
    {
        var existing = await FindAsync(program.Id, program.Version, cancellationToken);
        if (existing is null)
        {
            if ((await FindAsync(program.Id, cancellationToken))?.Version > program.Version)
            {
                return PublishResult.NotNewer;
            }

            if (!await storage.Programs.TryInsertAsync(VersionPartition(program.Id), VersionRow(program.Version), program, cancellationToken))
            {
                existing = await FindAsync(program.Id, program.Version, cancellationToken);
            }
        }

        if (existing is not null && !SameDefinition(existing, program))
        {
            return PublishResult.VersionTaken;
        }

        // Also when it was already published: a publish interrupted between the two writes is finished by repeating it.
        await MakeCurrentAsync(program, cancellationToken);
        return existing is null ? PublishResult.Published : PublishResult.AlreadyPublished;
    }

    /// <summary>Whether two definitions say the same, compared in their stored JSON shape.</summary>
    public static bool SameDefinition(GrantProgram a, GrantProgram b) =>
        JsonSerializer.Serialize(a, GrantsJson.Options) == JsonSerializer.Serialize(b, GrantsJson.Options);

    async Task MakeCurrentAsync(GrantProgram program, CancellationToken cancellationToken)
    {
        // Guarded, so two publishes at once never leave the older version current.
        if (await storage.Programs.TryInsertAsync(Current, program.Id, program, cancellationToken)
            || (await storage.Programs.UpdateAsync(Current, program.Id, current => current.Version < program.Version ? program : null, cancellationToken))?.Previous is not null)
        {
            // Only a change moves the stamp, so publishing the same again changes nothing at all.
            await StampChangeAsync(cancellationToken);
        }
    }

    static string VersionPartition(string id) => $"version|{id}";

    static string VersionRow(int version) => version.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
}
