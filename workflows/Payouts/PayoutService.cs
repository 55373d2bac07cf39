using System.Security.Cryptography;
using System.Text;
using Grants.Workflows.Access;
using Grants.Workflows.Payouts.Zengin;
using Grants.Workflows.People;
using Grants.Workflows.Storage;
using Microsoft.Extensions.Options;

namespace Grants.Workflows.Payouts;

/// <summary>The kinds of file a batch can be downloaded as.</summary>
public enum PayoutFileFormat
{
    /// <summary>A spreadsheet of the batch (RFC 4180, UTF-8 with BOM).</summary>
    Csv,

    /// <summary>The 全銀協 総合振込 file for the bank (Shift_JIS, 120-byte records).</summary>
    Zengin,

    /// <summary>The accounting journal: fund, budget code, fiscal year, amount, application, payee.</summary>
    Journal,
}

/// <summary>What finance asks for when creating a batch: the transfer date to request from the bank (optional).</summary>
public sealed record BatchRequest(DateOnly? TransferDate);

/// <summary>A batch file that may be written: which batch, in which format, and how to name and type it.</summary>
public sealed record PayoutExport(PayoutBatch Batch, PayoutFileFormat Format)
{
    /// <summary>What heads the columns of a CSV file (the Zengin file has no header row).</summary>
    public CsvHeaders Headers { get; init; } = CsvHeaders.Machine;

    public string ContentType => Format == PayoutFileFormat.Zengin ? "text/plain; charset=shift_jis" : "text/csv; charset=utf-8";

    public string FileName => Format switch
    {
        PayoutFileFormat.Zengin => $"{Batch.Id}-zengin.txt",
        PayoutFileFormat.Journal => $"{Batch.Id}-journal.csv",
        _ => $"{Batch.Id}.csv",
    };
}

/// <summary>What finance does with payouts: see them, gather them into a batch, and export the batch for the bank and accounting.</summary>
public sealed class PayoutService(PayoutStore payouts, BankAccountStore bankAccounts, AuditTrail audit, IOptions<ZenginOptions> zengin, TimeProvider clock, People.PeopleSnapshot people)
{
    /// <summary>Lists payouts by status; each status is one partition. Staff (every role but applicant) see all; applicants only their own.</summary>
    public async Task<Outcome<IReadOnlyList<Payout>>> ListAsync(Actor actor, string? status, CancellationToken cancellationToken = default)
    {
        PayoutStatus[] statuses = Enum.GetValues<PayoutStatus>();
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (!Enum.TryParse<PayoutStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(status, out _))
            {
                return Problem.Invalid("status", $"Use one of: {string.Join(", ", Enum.GetNames<PayoutStatus>())}.");
            }

            statuses = [parsed];
        }

        if (!actor.IsStaff)
        {
            // A payee's payouts are one partition, keyed by status: all of it, or the one status's range of it.
            var own = statuses.Length == 1
                ? await payouts.ListByPayeeAsync(actor.Id, statuses[0], cancellationToken)
                : await payouts.ListByPayeeAsync(actor.Id, cancellationToken).ToListAsync(cancellationToken);
            return own.OrderBy(p => statuses.ToList().IndexOf(p.Status)).ToList();
        }

        var list = new List<Payout>();
        foreach (var s in statuses)
        {
            list.AddRange(await payouts.ListByStatusAsync(s, cancellationToken).ToListAsync(cancellationToken));
        }

        return list;
    }

    /// <summary>
    /// Checks a request for a batch and fixes the batch's id before any payout is claimed: from the Idempotency-Key
    /// when there is one (a repeat finds the same batch), else a new one. Nothing is written.
    /// </summary>
    public Outcome<BatchOrder> CheckBatch(Actor actor, string? idempotencyKey, BatchRequest? request = null)
    {
        if (!actor.IsIn(Roles.Finance))
        {
            return Problem.Forbidden("Only finance creates payout batches.");
        }

        var now = clock.GetUtcNow();
        if (request?.TransferDate is { } requested && (requested < JapanDate(now) || requested > JapanDate(now).AddDays(60)))
        {
            return Problem.Invalid("transferDate", $"Request a transfer date from today ({JapanDate(now):yyyy-MM-dd}) up to 60 days ahead.");
        }

        var batchId = idempotencyKey is null
            ? $"B-{now:yyyyMMddHHmmss}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(3))}"
            : "B-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(actor.Id + "\n" + idempotencyKey)))[..16];
        return new BatchOrder(batchId, actor.Id, now, request?.TransferDate);
    }

    /// <summary>
    /// Gathers every approved payout whose payee has a bank account into the ordered batch, freezing that account
    /// into it. Run again after a crash, it finishes the same batch; once the batch exists it changes nothing.
    /// </summary>
    public async Task<FinanceStepResult> GatherBatchAsync(BatchOrder order, CancellationToken cancellationToken = default)
    {
        var accounts = new Dictionary<string, BankAccount?>();
        async Task<BankAccount?> BankOf(Payout payout, CancellationToken token)
        {
            if (!accounts.TryGetValue(payout.PayeeId, out var account))
            {
                accounts[payout.PayeeId] = account = (await bankAccounts.GetAsync(payout.PayeeId, token))?.Account;
            }

            return account;
        }

        var batch = await payouts.CreateBatchAsync(order.BatchId, order.CreatedBy, order.At, order.TransferDate, BankOf, cancellationToken);
        if (batch is null)
        {
            var waiting = accounts.Where(a => a.Value is null).Select(a => a.Key).Order(StringComparer.Ordinal).ToList();
            return new FinanceStepResult(waiting.Count == 0
                ? "There are no approved payouts waiting for a batch."
                : $"No approved payout can be batched: these payees have no bank account yet: {string.Join(", ", waiting)}.");
        }

        await audit.AppendAsync(batch.Id, "created", new AuditEntry(batch.CreatedAt, batch.CreatedBy, "batch-created", $"{batch.Count} payouts, {batch.Total}."), cancellationToken);
        return FinanceStepResult.Done;
    }

    /// <summary>Every payout batch, newest first. Finance only.</summary>
    public async Task<Outcome<IReadOnlyList<PayoutBatch>>> ListBatchesAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (!actor.IsIn(Roles.Finance))
        {
            return Problem.Forbidden("Only finance reads payout batches.");
        }

        var batches = await payouts.ListBatchesAsync(cancellationToken);
        var names = await people.NamesAsync(batches.SelectMany(b => new[] { b.CreatedBy, b.PaidBy }), cancellationToken);
        return batches.Select(b => Named(b, names)).ToList();
    }

    static PayoutBatch Named(PayoutBatch batch, People.NameBook names) =>
        batch with { CreatedByName = names[batch.CreatedBy], PaidByName = names[batch.PaidBy] };

    /// <summary>
    /// The payouts a batch was created with, each as it is now (paid, or returned by the bank and approved again), in
    /// payout-id order: the batch's contents partition, then one point read per payout. Finance only.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<Payout>>> ListBatchPayoutsAsync(Actor actor, string batchId, CancellationToken cancellationToken = default)
    {
        if (!actor.IsIn(Roles.Finance))
        {
            return Problem.Forbidden("Only finance reads payout batches.");
        }

        if (await payouts.GetBatchAsync(batchId, cancellationToken) is null)
        {
            return Problem.NotFound($"Batch {batchId}");
        }

        // A batch may hold 100,000 payouts: a bounded number of point reads in flight, answers kept in payout-id order.
        var ids = await payouts.ListBatchContentsAsync(batchId, cancellationToken).Select(i => i.Payout.Id).ToListAsync(cancellationToken);
        var current = new Payout?[ids.Count];
        await Parallel.ForAsync(0, ids.Count, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (i, token) => current[i] = await payouts.GetAsync(ids[i], token));
        return current.OfType<Payout>().ToList();
    }

    /// <summary>A batch's own row: its status, dates, count and total. Finance only.</summary>
    public async Task<Outcome<PayoutBatch>> GetBatchAsync(Actor actor, string batchId, CancellationToken cancellationToken = default)
    {
        if (!actor.IsIn(Roles.Finance))
        {
            return Problem.Forbidden("Only finance reads payout batches.");
        }

        var batch = await payouts.GetBatchAsync(batchId, cancellationToken);
        return batch is null ? Problem.NotFound($"Batch {batchId}") : Named(batch, await people.NamesAsync([batch.CreatedBy, batch.PaidBy], cancellationToken));
    }

    /// <summary>
    /// Checks that a batch file can be written, before any of it is: who asks, the format and, for a Zengin file,
    /// every record, as checked when the batch was created (a 422 problem lists each payout that cannot be written). Nothing is written; the first accepted
    /// download marks the batch exported (<see cref="MarkExportedAsync"/>). The same batch always gives the same
    /// bytes: its contents are frozen and ordered by payout id.
    /// </summary>
    public async Task<Outcome<PayoutExport>> CheckExportAsync(Actor actor, string batchId, string? format, CancellationToken cancellationToken = default)
    {
        if (!actor.IsIn(Roles.Finance))
        {
            return Problem.Forbidden("Only finance exports payout batches.");
        }

        if (!Enum.TryParse<PayoutFileFormat>(format ?? "csv", ignoreCase: true, out var fileFormat) || !Enum.IsDefined(fileFormat) || int.TryParse(format, out _))
        {
            return Problem.Invalid("format", "Use format=csv, format=zengin or format=journal.");
        }

        var batch = await payouts.GetBatchAsync(batchId, cancellationToken);
        if (batch is null)
        {
            return Problem.NotFound($"Batch {batchId}");
        }

        if (fileFormat == PayoutFileFormat.Zengin)
        {
            // Records checked when the batch froze leave only the settings to check; otherwise read the batch to list what is wrong.
            var problems = batch.ZenginWritable == true
                ? ZenginFile.CheckOriginator(zengin.Value)
                : await ZenginFile.FindProblemsAsync(payouts.ListBatchContentsAsync(batchId, cancellationToken), zengin.Value, cancellationToken: cancellationToken);
            if (problems.Count > 0)
            {
                return Problem.Unprocessable(
                    $"The Zengin file of {batchId} cannot be written: {problems.Count} problem(s), listed in errors by payout or setting. Nothing was exported.",
                    problems.GroupBy(p => p.Subject).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()));
            }
        }

        return new PayoutExport(batch, fileFormat);
    }

    /// <summary>Records in the batch's audit trail that its file went out, in which format: every download is one entry.</summary>
    public Task RecordDownloadAsync(Actor actor, PayoutExport export, CancellationToken cancellationToken = default) =>
        audit.AppendAsync(export.Batch.Id, Convert.ToHexString(RandomNumberGenerator.GetBytes(6)),
            new AuditEntry(clock.GetUtcNow(), actor.Id, "batch-exported", export.Format.ToString().ToLowerInvariant()), cancellationToken);

    /// <summary>Streams the file of a checked export: memory stays flat whatever the batch's size.</summary>
    public Task WriteAsync(PayoutExport export, Stream output, CancellationToken cancellationToken = default) => export.Format switch
    {
        PayoutFileFormat.Zengin => ZenginFile.WriteAsync(export.Batch, payouts.ListBatchContentsAsync(export.Batch.Id, cancellationToken), zengin.Value, output, cancellationToken),
        PayoutFileFormat.Journal => JournalCsv.WriteAsync(export.Batch, payouts.ListBatchItemsAsync(export.Batch.Id, cancellationToken), output, export.Headers, cancellationToken),
        _ => WriteCsvAsync(export.Batch, output, export.Headers, cancellationToken),
    };

    public Task WriteCsvAsync(PayoutBatch batch, Stream output, CsvHeaders headers = CsvHeaders.Machine, CancellationToken cancellationToken = default) =>
        PayoutCsv.WriteAsync(batch, payouts.ListBatchItemsAsync(batch.Id, cancellationToken), output, headers, cancellationToken);

    /// <summary>The calendar date in Japan of an instant.</summary>
    public static DateOnly JapanDate(DateTimeOffset instant) => Money.JapanTime.DateOf(instant);

    /// <summary>Marks the batch exported once <see cref="BatchChunkSteps"/> has marked every payout of it.</summary>
    public async Task<FinanceStepResult> MarkExportedAsync(ExportOrder order, CancellationToken cancellationToken = default)
    {
        await payouts.UpdateBatchAsync(
            order.BatchId, b => b.Status == BatchStatus.Created ? b with { Status = BatchStatus.Exported, ExportedAt = order.At } : null, cancellationToken);
        return FinanceStepResult.Done;
    }
}
