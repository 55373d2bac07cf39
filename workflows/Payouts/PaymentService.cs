using Grants.Workflows.Access;
using Grants.Workflows.Applications;
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
/// running a step again — the engine does after a crash — finishes what was left and never moves money twice.
/// </summary>
public sealed class PaymentService(PayoutStore payouts, FundStore funds, ApplicationStore applications, PersonGrantLedger grants, PeopleDirectory people, Mailer mailer, PayoutMail payoutMail, AuditTrail audit, TimeProvider clock)
{
    public const int MaxReason = 500;

    /// <summary>
    /// Checks a request to mark a batch paid: who asks, a real transfer date, a batch whose file went out and that
    /// is not already marked paid on another date. Nothing is written.
    /// </summary>
    public async Task<Outcome<PaymentOrder>> CheckPaymentAsync(Actor actor, string batchId, PaidRequest request, CancellationToken cancellationToken = default)
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

        if (batch.PaidOn is { } paidOn && paidOn != date)
        {
            return AlreadyPaid(batchId, paidOn);
        }

        return new PaymentOrder(batchId, date, actor.Id, now);
    }

    /// <summary>The refusal of a second transfer date for a batch.</summary>
    public static Problem AlreadyPaid(string batchId, DateOnly paidOn) => Problem.Conflict($"Batch {batchId} was already marked paid on {paidOn:yyyy-MM-dd}.");

    /// <summary>
    /// Records the transfer date on the batch before any payout of it is marked paid, or refuses when the batch was
    /// already marked paid on another date. <see cref="BatchChunkSteps"/> then pays its payouts run by run.
    /// </summary>
    public async Task<FinanceStepResult> StartPaymentAsync(PaymentOrder order, CancellationToken cancellationToken = default)
    {
        var (batchId, date) = (order.BatchId, order.TransferDate);
        var batch = (await payouts.UpdateBatchAsync(batchId, b => b.PaidOn is null ? b with { PaidOn = date, PaidBy = order.By } : null, cancellationToken))!.Value.Batch;
        return batch.PaidOn == date ? FinanceStepResult.Done : new FinanceStepResult(AlreadyPaid(batchId, batch.PaidOn!.Value).Detail);
    }

    /// <summary>Closes a batch whose every payout is marked paid and booked: its status, and one entry in its audit trail.</summary>
    public async Task<FinanceStepResult> FinishPaymentAsync(PaymentOrder order, CancellationToken cancellationToken = default)
    {
        await payouts.UpdateBatchAsync(order.BatchId, b => b.Status != BatchStatus.Paid ? b with { Status = BatchStatus.Paid } : null, cancellationToken);
        await audit.AppendAsync(order.BatchId, "paid", new AuditEntry(order.At, order.By, "batch-paid", $"Transferred on {order.TransferDate:yyyy-MM-dd}."), cancellationToken);
        return FinanceStepResult.Done;
    }

    /// <summary>
    /// Checks a report that the bank returned a transfer: who asks, a reason, and a payout on its way to the bank
    /// (exported or paid). Repeating a return already recorded with the same reason finds that return. Nothing is written.
    /// </summary>
    public async Task<Outcome<ReturnOrder>> CheckReturnAsync(Actor actor, string payoutId, ReasonRequest request, CancellationToken cancellationToken = default)
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

        var payout = await payouts.GetAsync(payoutId, cancellationToken);
        if (payout is null)
        {
            return Problem.NotFound($"Payout {payoutId}");
        }

        if (payout is { Status: PayoutStatus.Exported or PayoutStatus.Paid, BatchId: { } batchId })
        {
            return new ReturnOrder(payout.Id, batchId, reason, actor.Id, clock.GetUtcNow());
        }

        if (payout is { Status: PayoutStatus.Approved, Returns: [.., var last] } && last.Reason == reason)
        {
            return new ReturnOrder(payout.Id, last.BatchId, reason, last.By, last.At);
        }

        return Problem.Conflict($"The payout is {payout.Status}; only an exported or paid transfer can be returned by the bank.");
    }

    /// <summary>
    /// Records that the bank returned a transfer: the payout goes back to approved with the reason, can be batched
    /// again, and money already booked as paid goes back to reserved. Run again after a crash it finishes what was left.
    /// </summary>
    public async Task<FinanceStepResult> RecordReturnAsync(ReturnOrder order, CancellationToken cancellationToken = default)
    {
        var result = await payouts.UpdateAsync(
            order.PayoutId,
            p => p is { Status: PayoutStatus.Exported or PayoutStatus.Paid } && p.BatchId == order.BatchId
                ? p with
                {
                    Status = PayoutStatus.Approved,
                    BatchId = null,
                    PaidOn = null,
                    Returns = [.. p.Returns ?? [], new PayoutReturn(order.BatchId, order.Reason, order.At, order.By, p.Status == PayoutStatus.Paid)],
                }
                : null,
            cancellationToken);
        var returned = result?.Payout.Returns?.LastOrDefault(r => r.BatchId == order.BatchId);
        if (result is not (var payout, _) || returned is null)
        {
            return new FinanceStepResult($"The payout is {result?.Payout.Status}; only an exported or paid transfer can be returned by the bank.");
        }

        if (returned.WasPaid)
        {
            // Booking the payment first is a no-op when it was booked; it covers a payment interrupted before its booking.
            await funds.MarkPaidAsync(PaymentKey(payout.Id, returned.BatchId), payout.FundId, payout.FiscalYear, payout.Amount, returned.At, cancellationToken);
            await funds.MarkUnpaidAsync(PaymentKey(payout.Id, returned.BatchId), payout.FundId, payout.FiscalYear, payout.Amount, returned.At, cancellationToken);
        }

        await audit.AppendAsync(payout.ApplicationId, $"returned-{returned.BatchId}", new AuditEntry(returned.At, returned.By, "payout-returned", $"{payout.Id} returned from {returned.BatchId}: {returned.Reason}"), cancellationToken);
        return FinanceStepResult.Done;
    }

    /// <summary>Tells the payee that the bank returned their transfer and to check their account; once per return.</summary>
    public async Task<int> MailReturnedAsync(ReturnOrder order, CancellationToken cancellationToken = default)
    {
        var payout = await payouts.GetAsync(order.PayoutId, cancellationToken);
        if (payout?.Returns?.LastOrDefault(r => r.BatchId == order.BatchId) is not { } returned || await people.FindAsync(payout.PayeeId, cancellationToken) is not { } payee)
        {
            return 0;
        }

        await mailer.SendAsync(await payoutMail.ReturnedAsync(payout, payee, returned, cancellationToken), returned.At, cancellationToken);
        return 1;
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
        // What will not be paid no longer counts against the person's yearly cap, once per payout like the fund's release.
        if ((await applications.GetAsync(payout.ApplicationId, cancellationToken))?.Value is { FiscalYear: { } year } application)
        {
            await grants.ReleaseAsync(application, year, $"cancel|{payout.Id}", payout.Amount, cancellationToken);
        }
        if (changed)
        {
            await audit.AppendAsync(payout.ApplicationId, "payout-cancelled", new AuditEntry(now, actor.Id, "payout-cancelled", $"{payout.Id}: {payout.Amount} released. {reason}"), cancellationToken);
        }

        return payout;
    }

    /// <summary>One payment of one payout: a payout is paid at most once per batch, and returned at most once from it.</summary>
    internal static string PaymentKey(string payoutId, string batchId) => $"{payoutId}|{batchId}";
}
