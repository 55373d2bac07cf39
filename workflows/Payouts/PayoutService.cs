using System.Security.Cryptography;
using System.Text;
using Grants.Workflows.Access;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Payouts;

/// <summary>What finance does with payouts: see them, gather them into a batch, and export the batch for the bank.</summary>
public sealed class PayoutService(PayoutStore payouts, AuditTrail audit, TimeProvider clock)
{
    /// <summary>Lists payouts by status; each status is one partition. Applicants see only their own.</summary>
    public async Task<Outcome<IReadOnlyList<Payout>>> ListAsync(Actor actor, string? status, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<PayoutStatus> statuses = Enum.GetValues<PayoutStatus>();
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (!Enum.TryParse<PayoutStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(status, out _))
            {
                return Problem.Invalid("status", $"Use one of: {string.Join(", ", Enum.GetNames<PayoutStatus>())}.");
            }

            statuses = [parsed];
        }

        var staff = actor.IsIn(Roles.Finance) || actor.IsIn(Roles.Director) || actor.IsIn(Roles.Admin);
        var list = new List<Payout>();
        foreach (var s in statuses)
        {
            var found = staff
                ? payouts.ListByStatusAsync(s, cancellationToken)
                : payouts.ListByPayeeAsync(actor.Id, cancellationToken).Where(p => p.Status == s);
            list.AddRange(await found.ToListAsync(cancellationToken));
        }

        return list;
    }

    /// <summary>Creates a batch of every approved payout not yet batched. A repeated Idempotency-Key returns the same batch.</summary>
    public async Task<Outcome<(PayoutBatch Batch, bool Created)>> CreateBatchAsync(Actor actor, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        if (!actor.IsIn(Roles.Finance))
        {
            return Problem.Forbidden("Only finance creates payout batches.");
        }

        var now = clock.GetUtcNow();
        var batchId = idempotencyKey is null
            ? $"B-{now:yyyyMMddHHmmss}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(3))}"
            : "B-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(actor.Id + "\n" + idempotencyKey)))[..16];
        var existing = await payouts.GetBatchAsync(batchId, cancellationToken);
        if (existing is not null)
        {
            return (existing, false);
        }

        var batch = await payouts.CreateBatchAsync(batchId, actor.Id, now, cancellationToken);
        if (batch is null)
        {
            return Problem.Conflict("There are no approved payouts waiting for a batch.");
        }

        await audit.AppendAsync(batchId, "created", new AuditEntry(now, actor.Id, "batch-created", $"{batch.Count} payouts, {batch.Total}."), cancellationToken);
        return (batch, true);
    }

    /// <summary>Writes a batch's file. The same batch always gives the same bytes: its contents are frozen and ordered by payout id.</summary>
    public async Task<Outcome<PayoutBatch>> CheckExportAsync(Actor actor, string batchId, string? format, CancellationToken cancellationToken = default)
    {
        if (!actor.IsIn(Roles.Finance))
        {
            return Problem.Forbidden("Only finance exports payout batches.");
        }

        if (!string.Equals(format ?? "csv", "csv", StringComparison.OrdinalIgnoreCase))
        {
            return Problem.Invalid("format", "Use format=csv.");
        }

        var batch = await payouts.GetBatchAsync(batchId, cancellationToken);
        if (batch is null)
        {
            return Problem.NotFound($"Batch {batchId}");
        }

        await audit.AppendAsync(batchId, Convert.ToHexString(RandomNumberGenerator.GetBytes(6)), new AuditEntry(clock.GetUtcNow(), actor.Id, "batch-exported", "csv"), cancellationToken);
        return batch;
    }

    public Task WriteCsvAsync(PayoutBatch batch, Stream output, CancellationToken cancellationToken = default) =>
        PayoutCsv.WriteAsync(batch, payouts.ListBatchItemsAsync(batch.Id, cancellationToken), output, cancellationToken);
}
