using Grants.Workflows.People;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Access;

/// <summary>
/// Reading the append-only audit trail of one subject (an application, a payout batch, a person): administrators only,
/// each step with the name of who took it and its detail in words. Nothing writes it from outside.
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
        var names = await people.NamesAsync(Programs.TimelineStep.PeopleMentioned(entries), cancellationToken);
        return entries.Select(e => Programs.TimelineStep.Describe(e.Action, e.Detail, _ => null, names) is var (ja, en)
            ? e with { ActorName = names[e.Actor], DetailJa = ja, DetailEn = en }
            : e).ToList();
    }
}
