using System.Text.Json;
using System.Text.Json.Nodes;
using Grants.Workflows.Access;
using Grants.Workflows.Eligibility;
using Grants.Workflows.People;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Programs;

/// <summary>Whether a program is for the reader: their position (from the directory) is one it accepts.</summary>
public sealed record ProgramForYou(bool Eligible);

/// <summary>
/// The current programs as a reader sees them: each program's rules with its calls, the call open today (or null), and
/// whether it is for the reader, so the portal shows what the server decides instead of deciding it again. Programs and
/// calls come from <see cref="CatalogSnapshot"/>, the reader's position from <see cref="PeopleSnapshot"/>: the page reads
/// nothing per request.
/// </summary>
public sealed class ProgramOffers(CatalogSnapshot offered, CallService calls, PeopleSnapshot people)
{
    public async Task<Outcome<IReadOnlyList<JsonObject>>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        var current = (await offered.ReadAsync(cancellationToken)).Programs;
        var callsOf = (await calls.ListAsync(actor, cancellationToken)).ToLookup(c => c.ProgramId);
        var position = await people.PositionOfAsync(actor.Id, cancellationToken);
        return current.Select(program =>
        {
            var listed = JsonSerializer.SerializeToNode(program, GrantsJson.Options)!.AsObject();
            var programCalls = callsOf[program.Id].ToList();
            listed["calls"] = JsonSerializer.SerializeToNode(programCalls, GrantsJson.Options);
            listed["openCall"] = JsonSerializer.SerializeToNode(programCalls.FirstOrDefault(c => c.Status == CallStatus.Open), GrantsJson.Options);
            listed["forYou"] = JsonSerializer.SerializeToNode(new ProgramForYou(position is { } held && EligibilityCheck.OpenTo(program, held)), GrantsJson.Options);
            return listed;
        }).ToList();
    }
}
