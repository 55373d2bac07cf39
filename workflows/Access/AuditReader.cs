using Grants.Workflows.People;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Access;

/// <summary>
/// Reading the append-only audit trail of one subject (an application, a payout batch, a person): administrators only,
/// each step with the name of who took it. Nothing writes it from outside.
/// </summary>
public sealed class AuditReader(AuditTrail audit, PeopleSnapshot people)
{
    public async Task<Outcome<IReadOnlyList<AuditEntry>>> ReadAsync(Actor actor, string subject, CancellationToken cancellationToken = default)
    {
        if (!actor.IsIn(Roles.Admin))
        {
            return Problem.Forbidden("Only administrators read the audit trail.");
        }

        var entries = await audit.ReadAsync(subject, cancellationToken).ToListAsync(cancellationToken);
        var names = await people.NamesAsync(entries.Select(e => e.Actor), cancellationToken);
        return entries.Select(e => e with { ActorName = names[e.Actor] }).ToList();
    }
}
