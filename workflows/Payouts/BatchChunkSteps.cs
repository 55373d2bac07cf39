using System.Collections.Concurrent;
using Grants.Workflows.Mail;
using Grants.Workflows.People;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Payouts;

/// <summary>
/// Finance's bulk steps on one run of a batch's payouts, so an orchestration spreads a batch of 100,000 over many
/// activities side by side. Each payout's record changes ETag-guarded as before; its index copies are written 100 to a
/// transaction; its money is booked 99 to a transaction with the budget under the payout's own payment key; its audit
/// entry and mail have keys of their own. A run repeated after a crash finishes what was left and does nothing twice.
/// </summary>
public sealed class BatchChunkSteps(PayoutStore payouts, FundStore funds, PeopleDirectory people, Mailer mailer, PayoutMail payoutMail, AuditTrail audit)
{
    /// <summary>Payouts per run: one page of the batch's contents.</summary>
    public const int ChunkSize = 1000;

    const int Parallelism = 8;

    /// <summary>The runs a batch's contents split into, reading only their keys.</summary>
    public Task<IReadOnlyList<BatchChunk>> ListChunksAsync(string batchId, CancellationToken cancellationToken = default) =>
        payouts.ListBatchChunksAsync(batchId, ChunkSize, cancellationToken);

    /// <summary>Marks the run's batched payouts exported and projects every one of them that is exported in this batch, also one an earlier attempt changed.</summary>
    public async Task<int> MarkExportedAsync(ExportChunk input, CancellationToken cancellationToken = default)
    {
        var batchId = input.Order.BatchId;
        var exported = await ChangeAsync(
            input.Chunk,
            p => p.Status == PayoutStatus.Batched && p.BatchId == batchId ? p with { Status = PayoutStatus.Exported } : null,
            p => p.Status == PayoutStatus.Exported && p.BatchId == batchId,
            cancellationToken);
        await payouts.ProjectManyAsync(exported, PayoutStatus.Batched, cancellationToken);
        return exported.Count;
    }

    /// <summary>Marks the run's exported payouts paid on the transfer date, then books each paid one from Reserved to Paid once and records it in its application's audit trail.</summary>
    public async Task<int> PayAsync(PaymentChunk input, CancellationToken cancellationToken = default)
    {
        var (order, batchId) = (input.Order, input.Order.BatchId);
        var paid = await ChangeAsync(
            input.Chunk,
            p => p.BatchId == batchId && p.Status == PayoutStatus.Exported ? p with { Status = PayoutStatus.Paid, PaidOn = order.TransferDate } : null,
            p => p.Status == PayoutStatus.Paid && p.BatchId == batchId,
            cancellationToken);
        await payouts.ProjectManyAsync(paid, PayoutStatus.Exported, cancellationToken);
        foreach (var fund in paid.Select(r => r.Value).GroupBy(p => (p.FundId, p.FiscalYear)))
        {
            // In key order (the records come back in any order), so each transaction's look at what is already booked reads one short range of keys.
            var payments = fund.Select(p => (PaymentKey: PaymentService.PaymentKey(p.Id, batchId), p.Amount)).OrderBy(p => p.PaymentKey, StringComparer.Ordinal);
            await funds.MarkPaidManyAsync(fund.Key.FundId, fund.Key.FiscalYear, [.. payments], order.At, cancellationToken);
        }

        await Parallel.ForEachAsync(paid, Options(cancellationToken), async (record, token) =>
        {
            var p = record.Value;
            await audit.AppendAsync(p.ApplicationId, $"paid-{batchId}", new AuditEntry(order.At, order.By, "payout-paid", $"{p.Id}: {p.Amount} transferred on {order.TransferDate:yyyy-MM-dd} in {batchId}."), token);
        });
        return paid.Count;
    }

    /// <summary>Mails the payee of each payout of the run that is paid in this batch; a payee already told is not told again. Returns how many were told.</summary>
    public async Task<int> MailPaidAsync(PaymentChunk input, CancellationToken cancellationToken = default)
    {
        var order = input.Order;
        var payees = new ConcurrentDictionary<string, Task<Person?>>(StringComparer.Ordinal);
        var told = 0;
        await Parallel.ForEachAsync(payouts.ListBatchChunkAsync(input.Chunk, cancellationToken), Options(cancellationToken), async (item, token) =>
        {
            var payout = await payouts.GetAsync(item.Payout.Id, token);
            if (payout is { Status: PayoutStatus.Paid } && payout.BatchId == order.BatchId && await payees.GetOrAdd(payout.PayeeId, id => people.FindAsync(id, token)) is { } payee)
            {
                await mailer.SendAsync(await payoutMail.PaidAsync(payout, payee, order.TransferDate, token), order.At, token);
                Interlocked.Increment(ref told);
            }
        });
        return told;
    }

    /// <summary>Applies <paramref name="change"/> to each payout record of the run; returns the records that are <paramref name="done"/>, changed now or before.</summary>
    async Task<IReadOnlyCollection<Stored<Payout>>> ChangeAsync(BatchChunk chunk, Func<Payout, Payout?> change, Func<Payout, bool> done, CancellationToken cancellationToken)
    {
        var records = new ConcurrentBag<Stored<Payout>>();
        await Parallel.ForEachAsync(payouts.ListBatchChunkAsync(chunk, cancellationToken), Options(cancellationToken), async (item, token) =>
        {
            if (await payouts.ChangeRecordAsync(item.Payout.Id, change, token) is { } record && done(record.Value))
            {
                records.Add(record);
            }
        });
        return records;
    }

    static ParallelOptions Options(CancellationToken cancellationToken) => new() { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
}
