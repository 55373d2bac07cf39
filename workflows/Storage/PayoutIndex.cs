using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;

namespace Grants.Workflows.Storage;

/// <summary>
/// The lists of payouts (by status, by payee, by payee and status, by fiscal year) as rows of one partition of the payout
/// index, so that all of one payout's rows are written by one transaction: <c>~{status}|{id}</c> (one status is one range),
/// <c>payee|{payee}|~{status}|{id}</c> (a payee is one range, a payee's status a narrower one) and <c>year|{year}|{id}</c>,
/// whose key has no status, so a payout that has rows has exactly one year row whatever it went through.
/// <para>
/// Every transaction here keeps this true of each payout: it has no rows, or exactly the three rows of one status. A
/// creation adds the three, insert-only, so it writes nothing once the year row is there; a move writes the three of the
/// new status and deletes the two of the old, and fails unless those were there; projecting a status the rows already
/// have replaces the three and fails unless they were there; a repair reads which rows the payout has and puts the three in
/// their place, every action conditional on what it read. It reads the year row first: every transaction writes that row,
/// so one that lands after the read changes its ETag (or adds it) and the repair fails and reads again, never acting on
/// a stale look. A transaction is all or nothing, so no order of concurrent writers leaves two status rows of a payout.
/// </para>
/// <para>
/// Whose three stand: every projection but a creation reads the record after its transaction and projects it again if it
/// changed meanwhile, so the last transaction to land describes the record as it now is. A creation does not read back: if
/// another writer (a finance step that found the payout by id) changed it and projected that before the creation's
/// transaction, the year row is there and the creation writes nothing, which is right, as theirs is newer; if the
/// creation lands first, their projection moves its rows as any status change does. A step cut short between its record
/// and its projection leaves the rows behind the record until it is repeated, as it always did.
/// </para>
/// <para>
/// Copies written before this partition existed are in a partition per status (<c>status|{status}</c>), per payee
/// (<c>payee|{payee}</c>) and per fiscal year (<c>year|{year}</c>). Lists read them beside this partition, this partition's copy
/// winning, until this process has moved them (<see cref="MoveOldCopiesAsync"/>, on start); a projection that does not
/// find a payout's rows here deletes its old copies by key until then.
/// </para>
/// </summary>
public sealed partial class PayoutIndex(DocumentTable<Payout> table, DocumentTable<Payout> records)
{
    /// <summary>The one partition every payout's rows are in.</summary>
    public const string Partition = "payouts";

    /// <summary>How many requests one bulk step keeps in flight.</summary>
    const int BulkParallelism = 8;

    /// <summary>Payouts moved by one transaction of a bulk step: five actions each (three rows written, two deleted), 100 in all.</summary>
    const int PayoutsPerTransaction = 20;

    /// <summary>A payee id whose escaped form is longer is keyed by its hash, so no row key grows past what Table Storage takes (and <see cref="TableKey"/> would hash whole, out of its range).</summary>
    const int MaxPayeeKey = 256;

    static readonly PayoutStatus[] Statuses = Enum.GetValues<PayoutStatus>();

    /// <summary>Set once this process has moved every copy out of the old partitions: lists then read this partition alone.</summary>
    volatile bool oldCopiesMoved;

    /// <summary>A payout's three rows, as this partition holds them; for a caller that writes many in transactions of its own.</summary>
    public static IReadOnlyList<TableEntity> Rows(Payout payout) =>
    [
        DocumentTable<Payout>.ToEntity(Partition, StatusKey(payout.Status, payout.Id), payout),
        DocumentTable<Payout>.ToEntity(Partition, PayeeKey(payout.PayeeId, payout.Status, payout.Id), payout),
        DocumentTable<Payout>.ToEntity(Partition, YearKey(payout.FiscalYear, payout.Id), payout),
    ];

    /// <summary>
    /// Writes the rows of a payout whose record was just inserted, in one transaction of inserts, without reading the
    /// record back: when the year row is there, another writer changed the payout and projected it first, and its rows stand.
    /// </summary>
    public async Task AddAsync(Payout payout, CancellationToken cancellationToken)
    {
        try
        {
            await table.Client.SubmitTransactionAsync(Actions(payout, previous: null), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
        }
    }

    /// <summary>
    /// Projects <paramref name="stored"/> (the record as read or just written, with its ETag) from the rows it had under
    /// <paramref name="previous"/> (its own status: put them right whatever they are), in one transaction, repairing when
    /// they were not there. Then the record is read once more; if it changed meanwhile (a concurrent step, a batch claiming
    /// it), the newer one is projected, moving the rows just written. Returns the record projected, or null when there is none.
    /// </summary>
    public async Task<Payout?> ProjectAsync(Stored<Payout>? stored, PayoutStatus previous, CancellationToken cancellationToken)
    {
        while (stored is not null)
        {
            var payout = stored.Value;
            await MoveAsync(payout, previous, cancellationToken);
            var now = await records.GetAsync(payout.Id, PayoutStore.Row, cancellationToken);
            if (now?.ETag == stored.ETag)
            {
                return payout;
            }

            (stored, previous) = (now, payout.Status);
        }

        return null;
    }

    /// <summary>
    /// Projects many changed records at once, as <see cref="ProjectAsync"/> does one, each moved from its rows under
    /// <paramref name="before"/>: twenty payouts to a transaction; a transaction that fails because one of its payouts was
    /// not under <paramref name="before"/> (a repeated step) is done payout by payout. Then each record is read again and
    /// one that changed meanwhile (a concurrent step) is projected again alone.
    /// </summary>
    public async Task ProjectManyAsync(IReadOnlyCollection<Stored<Payout>> stored, PayoutStatus before, CancellationToken cancellationToken)
    {
        var distinct = stored.DistinctBy(r => r.Value.Id).ToList();
        var options = new ParallelOptions { MaxDegreeOfParallelism = BulkParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(distinct.Chunk(PayoutsPerTransaction), options, async (chunk, token) =>
        {
            try
            {
                await table.Client.SubmitTransactionAsync(chunk.SelectMany(r => Actions(r.Value, before)), token);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                foreach (var record in chunk)
                {
                    await MoveAsync(record.Value, before, token);
                }
            }
        });
        await Parallel.ForEachAsync(distinct, options, async (record, token) =>
        {
            if (await records.GetAsync(record.Value.Id, PayoutStore.Row, token) is { } now && now.ETag != record.ETag)
            {
                await ProjectAsync(now, record.Value.Status, token);
            }
        });
    }

    /// <summary>
    /// One transaction from the rows under <paramref name="previous"/> to the payout's. When they were not all there, the
    /// rows may have moved already (a step run again, or twice at once, as a redelivered message runs it): the payout's own
    /// rows are replaced, which needs them all there; only when that fails too is it repaired.
    /// </summary>
    async Task MoveAsync(Payout payout, PayoutStatus previous, CancellationToken cancellationToken)
    {
        if (await TrySubmitAsync(Actions(payout, previous), cancellationToken) || (previous != payout.Status && await TrySubmitAsync(Actions(payout, payout.Status), cancellationToken)))
        {
            return;
        }

        await RepairAsync(payout, cancellationToken);
    }

    /// <summary>Submits the transaction; false when a row it needs was not there.</summary>
    async Task<bool> TrySubmitAsync(IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        try
        {
            await table.Client.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    /// <summary>
    /// The actions that turn a payout's rows under <paramref name="previous"/> into its rows now: inserts for a new payout
    /// (null), replacements that need the rows there for an unchanged status, else the new rows written and the two
    /// status-keyed rows of <paramref name="previous"/> deleted, which fails when they are not there.
    /// </summary>
    static IEnumerable<TableTransactionAction> Actions(Payout payout, PayoutStatus? previous) => previous switch
    {
        null => Rows(payout).Select(row => new TableTransactionAction(TableTransactionActionType.Add, row)),
        { } same when same == payout.Status => Rows(payout).Select(row => new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, ETag.All)),
        { } moved =>
        [
            .. Rows(payout).Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)),
            new(TableTransactionActionType.Delete, new TableEntity(Partition, TableKey.Encode(StatusKey(moved, payout.Id))), ETag.All),
            new(TableTransactionActionType.Delete, new TableEntity(Partition, TableKey.Encode(PayeeKey(payout.PayeeId, moved, payout.Id))), ETag.All),
        ],
    };

    /// <summary>
    /// Makes the payout's three rows its only rows: reads its year row, then every row it could have, and writes one
    /// transaction that inserts, replaces or deletes each as it was read (ETag-guarded); a transaction that landed in
    /// between makes this one fail, and it reads again. Until the old partitions are moved, its copies there go too.
    /// </summary>
    async Task RepairAsync(Payout payout, CancellationToken cancellationToken)
    {
        var wanted = Rows(payout).ToDictionary(row => row.RowKey, StringComparer.Ordinal);
        for (var attempt = 0; ; attempt++)
        {
            // The year row first: every transaction writes it, so nothing can land after this read unseen.
            var year = await FindRowAsync(TableKey.Encode(YearKey(payout.FiscalYear, payout.Id)), cancellationToken);
            var others = await Task.WhenAll(Statuses
                .SelectMany(s => new[] { StatusKey(s, payout.Id), PayeeKey(payout.PayeeId, s, payout.Id) })
                .Select(key => FindRowAsync(TableKey.Encode(key), cancellationToken)));
            var found = others.Prepend(year).OfType<TableEntity>().ToList();
            var actions = found.Select(row => wanted.TryGetValue(row.RowKey, out var mine)
                    ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, mine, row.ETag)
                    : new TableTransactionAction(TableTransactionActionType.Delete, row, row.ETag))
                .Concat(wanted.Values.Where(mine => !found.Any(row => row.RowKey == mine.RowKey)).Select(mine => new TableTransactionAction(TableTransactionActionType.Add, mine)));
            try
            {
                await table.Client.SubmitTransactionAsync(actions, cancellationToken);
                break;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 409 or 412 && attempt < 5)
            {
                // A concurrent projection landed between the reads and the transaction: read again.
            }
        }

        if (!oldCopiesMoved)
        {
            await DeleteOldCopiesAsync(payout, cancellationToken);
        }
    }

    /// <summary>The row's keys and ETag, or null when the payout has no such row.</summary>
    async Task<TableEntity?> FindRowAsync(string rowKey, CancellationToken cancellationToken)
    {
        var response = await table.Client.GetEntityIfExistsAsync<TableEntity>(Partition, rowKey, ["PartitionKey", "RowKey"], cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    static string StatusKey(PayoutStatus status, string id) => $"~{status}|{id}";

    static string PayeeKey(string payeeId, PayoutStatus status, string id) => PayeePrefix(payeeId) + StatusKey(status, id);

    /// <summary>
    /// The start of a payee's rows. The payee id is escaped so it holds no <c>|</c> (a payee <c>a|b</c> is not listed
    /// under <c>a</c>), and a long one, which only hostile input makes, is replaced by its hash, which escaping never produces.
    /// </summary>
    static string PayeePrefix(string payeeId)
    {
        var escaped = TableKey.Segment(payeeId);
        return TableKey.Encode(escaped).Length <= MaxPayeeKey
            ? $"payee|{escaped}|"
            : $"payee|%~{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(payeeId)))}|";
    }

    static string YearKey(FiscalYear year, string id) => YearPrefix(year) + id;

    static string YearPrefix(FiscalYear year) => $"year|{year.Year}|";
}
