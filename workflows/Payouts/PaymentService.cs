using Grants.Workflows.Access;
using Grants.Workflows.Mail;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Payouts;

/// <summary>The date the bank transferred a batch.</summary>
public sealed record PaidRequest(DateOnly? TransferDate);

/// <summary>Why the bank returned a transfer, or why finance cancels a payout.</summary>
public sealed record ReasonRequest(string? Reason);

/// <summary>
/// What finance records after the bank has acted: a batch paid, a transfer returned, a payout cancelled. Each step
/// changes the payout first (ETag-guarded), then moves its money in the fund's budget under a key of its own, so
/// repeating a request — after a crash or a timeout — finishes what was left and never moves money twice.
/// </summary>
public sealed class PaymentService(PayoutStore payouts, FundStore funds, PeopleDirectory people, Mailer mailer, AuditTrail audit, TimeProvider clock)
{
    public const int MaxReason = 500;

    /// <summary>
    /// Marks every payout of an exported batch paid on the transfer date, books each from Reserved to Paid, and mails
    /// each payee. Repeating it with the same date completes an interrupted attempt; a different date is refused.
    /// </summary>
    public async Task<Outcome<PayoutBatch>> MarkBatchPaidAsync(Actor actor, string batchId, PaidRequest request, CancellationToken cancellationToken = default)
    {
        if (!actor.IsIn(Roles.Finance))
        {
            return Problem.Forbidden("Only finance marks batches paid.");
        }

        if (request.TransferDate is not { } date)
        {
            return Problem.Invalid("transferDate", "Give the date the bank transferred the money, e.g. 2026-06-25.");
        }

        var batch = await payouts.GetBatchAsync(batchId, cancellationToken);
        if (batch is null)
        {
            return Problem.NotFound($"Batch {batchId}");
        }

        var now = clock.GetUtcNow();
        var created = PayoutService.JapanDate(batch.CreatedAt);
        if (date < created || date > PayoutService.JapanDate(now))
        {
            return Problem.Invalid("transferDate", $"The transfer date is between the batch's creation ({created:yyyy-MM-dd}) and today ({PayoutService.JapanDate(now):yyyy-MM-dd}).");
        }

        if (batch.Status == BatchStatus.Created)
        {
            return Problem.Conflict("Nothing of this batch has been exported yet: download its file for the bank first, then mark it paid.");
        }

        batch = (await payouts.UpdateBatchAsync(batchId, b => b.PaidOn is null ? b with { PaidOn = date, PaidBy = actor.Id } : null, cancellationToken))!.Value.Batch;
        if (batch.PaidOn != date)
        {
            return Problem.Conflict($"Batch {batchId} was already marked paid on {batch.PaidOn:yyyy-MM-dd}.");
        }

        await foreach (var item in payouts.ListBatchContentsAsync(batchId, cancellationToken))
        {
            var result = await payouts.UpdateAsync(
                item.Payout.Id,
                p => p.BatchId == batchId && p.Status == PayoutStatus.Exported ? p with { Status = PayoutStatus.Paid, PaidOn = date } : null,
                cancellationToken);
            if (result is ({ Status: PayoutStatus.Paid } paid, var changed) && paid.BatchId == batchId)
            {
                await funds.MarkPaidAsync(PaymentKey(paid.Id, batchId), paid.FundId, paid.FiscalYear, paid.Amount, now, cancellationToken);
                if (changed)
                {
                    await audit.AppendAsync(paid.ApplicationId, $"paid-{batchId}", new AuditEntry(now, actor.Id, "payout-paid", $"{paid.Id}: {paid.Amount} transferred on {date:yyyy-MM-dd} in {batchId}."), cancellationToken);
                }
            }
        }

        batch = (await payouts.UpdateBatchAsync(batchId, b => b.Status != BatchStatus.Paid ? b with { Status = BatchStatus.Paid } : null, cancellationToken))!.Value.Batch;
        await audit.AppendAsync(batchId, "paid", new AuditEntry(now, actor.Id, "batch-paid", $"Transferred on {date:yyyy-MM-dd}."), cancellationToken);

        // Mail goes last: if SendGrid fails, the money is already booked and repeating the request only sends what is missing.
        await foreach (var item in payouts.ListBatchContentsAsync(batchId, cancellationToken))
        {
            var payout = await payouts.GetAsync(item.Payout.Id, cancellationToken);
            if (payout is { Status: PayoutStatus.Paid } && payout.BatchId == batchId && await people.FindAsync(payout.PayeeId, cancellationToken) is { } payee)
            {
                await mailer.SendAsync(PayoutMail.Paid(payout, payee, date), now, cancellationToken);
            }
        }

        return batch;
    }

    /// <summary>
    /// Records that the bank returned a transfer: the payout goes back to approved with the reason, can be batched
    /// again, and money already booked as paid goes back to reserved. The payee is told to check their account.
    /// </summary>
    public async Task<Outcome<Payout>> ReturnAsync(Actor actor, string payoutId, ReasonRequest request, CancellationToken cancellationToken = default)
    {
        if (!actor.IsIn(Roles.Finance))
        {
            return Problem.Forbidden("Only finance records transfers returned by the bank.");
        }

        var reason = (request.Reason ?? "").Trim();
        if (reason.Length is 0 or > MaxReason)
        {
            return Problem.Invalid("reason", $"Give the bank's reason for returning the transfer, at most {MaxReason} characters.");
        }

        var now = clock.GetUtcNow();
        var result = await payouts.UpdateAsync(
            payoutId,
            p => p is { Status: PayoutStatus.Exported or PayoutStatus.Paid, BatchId: { } batchId }
                ? p with
                {
                    Status = PayoutStatus.Approved,
                    BatchId = null,
                    PaidOn = null,
                    Returns = [.. p.Returns ?? [], new PayoutReturn(batchId, reason, now, actor.Id, p.Status == PayoutStatus.Paid)],
                }
                : null,
            cancellationToken);
        if (result is not (var payout, var changed))
        {
            return Problem.NotFound($"Payout {payoutId}");
        }

        var returned = payout.Returns is [.., var last] ? last : null;
        if (!changed && !(payout.Status == PayoutStatus.Approved && returned?.Reason == reason))
        {
            return Problem.Conflict($"The payout is {payout.Status}; only an exported or paid transfer can be returned by the bank.");
        }

        if (returned!.WasPaid)
        {
            // Booking the payment first is a no-op when it was booked; it covers a payment interrupted before its booking.
            await funds.MarkPaidAsync(PaymentKey(payout.Id, returned.BatchId), payout.FundId, payout.FiscalYear, payout.Amount, returned.At, cancellationToken);
            await funds.MarkUnpaidAsync(PaymentKey(payout.Id, returned.BatchId), payout.FundId, payout.FiscalYear, payout.Amount, returned.At, cancellationToken);
        }

        await audit.AppendAsync(payout.ApplicationId, $"returned-{returned.BatchId}", new AuditEntry(returned.At, actor.Id, "payout-returned", $"{payout.Id} returned from {returned.BatchId}: {reason}"), cancellationToken);
        if (await people.FindAsync(payout.PayeeId, cancellationToken) is { } payee)
        {
            await mailer.SendAsync(PayoutMail.Returned(payout, payee, returned), now, cancellationToken);
        }

        return payout;
    }

    /// <summary>Cancels a payout that is not on its way to the bank (approved, or returned by it) and gives its reservation back to the fund.</summary>
    public async Task<Outcome<Payout>> CancelAsync(Actor actor, string payoutId, ReasonRequest request, CancellationToken cancellationToken = default)
    {
        if (!actor.IsIn(Roles.Finance))
        {
            return Problem.Forbidden("Only finance cancels payouts.");
        }

        var reason = (request.Reason ?? "").Trim();
        if (reason.Length is 0 or > MaxReason)
        {
            return Problem.Invalid("reason", $"Say why the payout is cancelled, at most {MaxReason} characters.");
        }

        var result = await payouts.UpdateAsync(
            payoutId, p => p.Status == PayoutStatus.Approved ? p with { Status = PayoutStatus.Cancelled, CancelReason = reason } : null, cancellationToken);
        if (result is not (var payout, var changed))
        {
            return Problem.NotFound($"Payout {payoutId}");
        }

        if (payout.Status != PayoutStatus.Cancelled)
        {
            return Problem.Conflict($"The payout is {payout.Status}; only an approved payout (or one the bank returned) can be cancelled.");
        }

        var now = clock.GetUtcNow();
        await funds.ReleaseAsync($"cancel|{payout.Id}", payout.FundId, payout.FiscalYear, payout.Amount, now, cancellationToken);
        if (changed)
        {
            await audit.AppendAsync(payout.ApplicationId, "payout-cancelled", new AuditEntry(now, actor.Id, "payout-cancelled", $"{payout.Id}: {payout.Amount} released. {reason}"), cancellationToken);
        }

        return payout;
    }

    /// <summary>One payment of one payout: a payout is paid at most once per batch, and returned at most once from it.</summary>
    static string PaymentKey(string payoutId, string batchId) => $"{payoutId}|{batchId}";
}
