using Grants.Workflows.Storage;

namespace Grants.Workflows.Access;

/// <summary>Reading the append-only audit trail of one subject (an application, a payout batch, a person): administrators only. Nothing writes it from outside.</summary>
public sealed class AuditReader(AuditTrail audit)
{
    public async Task<Outcome<IReadOnlyList<AuditEntry>>> ReadAsync(Actor actor, string subject, CancellationToken cancellationToken = default)
    {
        if (!actor.IsIn(Roles.Admin))
        {
            return Problem.Forbidden("Only administrators read the audit trail.");
        }

        return await audit.ReadAsync(subject, cancellationToken).ToListAsync(cancellationToken);
    }
}
