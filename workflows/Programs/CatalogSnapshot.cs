using Grants.Workflows.Storage;

namespace Grants.Workflows.Programs;

/// <summary>The current programs, and the calls of each, as read together.</summary>
public sealed record ProgramsOnOffer(IReadOnlyList<GrantProgram> Programs, ILookup<string, Call> Calls);

/// <summary>
/// The programs on offer and their calls, kept in memory (<see cref="StampedCopy{T}"/>) so the programs page and the call
/// list read nothing per request: a change published or made to a call through this process is seen at the next read, one
/// made on another instance within <see cref="StampedCopy{T}.StampEvery"/>. Submission judges the open call and the
/// current program version from it too.
/// </summary>
public sealed class CatalogSnapshot : IDisposable
{
    readonly StampedCopy<ProgramsOnOffer> copy;

    public CatalogSnapshot(ProgramCatalog programs, CallStore calls, TimeProvider clock)
    {
        copy = new StampedCopy<ProgramsOnOffer>(programs.ChangeStampAsync, ReadAsync, () => programs.Writes, clock);

        async Task<ProgramsOnOffer> ReadAsync(CancellationToken cancellationToken)
        {
            var current = await programs.ListAsync(cancellationToken).ToListAsync(cancellationToken);
            var callsOf = await Task.WhenAll(current.Select(p => calls.ListAsync(p.Id, cancellationToken).ToListAsync(cancellationToken).AsTask()));
            return new ProgramsOnOffer(current, callsOf.SelectMany(c => c).ToLookup(c => c.ProgramId));
        }
    }

    /// <summary>The programs and calls as they are now (within a few seconds for a change made elsewhere).</summary>
    public Task<ProgramsOnOffer> ReadAsync(CancellationToken cancellationToken = default) => copy.ReadAsync(cancellationToken);

    /// <summary>A program's current version and its call open on a day in Japan, if any: the rule every submission is held to.</summary>
    public async Task<(GrantProgram? Current, Call? Open)> OnOfferAsync(string programId, DateOnly japanDate, CancellationToken cancellationToken = default)
    {
        var offer = await ReadAsync(cancellationToken);
        return (offer.Programs.FirstOrDefault(p => p.Id == programId), offer.Calls[programId].FirstOrDefault(c => c.IsOpenOn(japanDate)));
    }

    public void Dispose() => copy.Dispose();
}
