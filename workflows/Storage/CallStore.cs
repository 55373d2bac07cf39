using Grants.Workflows.Money;
using Grants.Workflows.Programs;

namespace Grants.Workflows.Storage;

/// <summary>
/// The calls: one partition per program, one row per fiscal year, so a program has at most one call a year. The open-call
/// check every submission makes reads them from <see cref="Programs.CatalogSnapshot"/>'s copy, which a change through
/// <see cref="Programs.CallService"/> stamps.
/// </summary>
public sealed class CallStore(GrantsStorage storage)
{
    public IAsyncEnumerable<Call> ListAsync(string programId, CancellationToken cancellationToken = default) =>
        storage.Calls.QueryPartitionAsync(programId, cancellationToken);

    public Task<Stored<Call>?> GetAsync(string programId, FiscalYear year, CancellationToken cancellationToken = default) =>
        storage.Calls.GetAsync(programId, Row(year), cancellationToken);

    /// <summary>Adds the call unless the program already has one for that fiscal year; returns whether this call added it.</summary>
    public Task<bool> TryAddAsync(Call call, CancellationToken cancellationToken = default) =>
        storage.Calls.TryInsertAsync(call.ProgramId, Row(call.FiscalYear), call, cancellationToken);

    /// <summary>Changes a call from its latest stored version, ETag-guarded; see <see cref="DocumentTable{T}.UpdateAsync"/>.</summary>
    public async Task<(Stored<Call> Current, Call? Previous)?> UpdateAsync(string programId, FiscalYear year, Func<Call, Call?> change, CancellationToken cancellationToken = default) =>
        await storage.Calls.UpdateAsync(programId, Row(year), change, cancellationToken);

    static string Row(FiscalYear year) => year.Year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
}
