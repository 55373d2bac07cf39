using Azure;
using Azure.Data.Tables;
using Grants.Workflows.Funds;
using Grants.Workflows.Money;

namespace Grants.Workflows.Storage;

/// <summary>Money set aside for one approved application.</summary>
public sealed record Reservation(string ApplicationId, string FundId, FiscalYear FiscalYear, Yen Amount, DateTimeOffset At);

/// <summary>One change of a fund's allocation for a year: from what (none when the budget was created), to what, what was committed then, why, by whom, when.</summary>
public sealed record AllocationChange(string FundId, FiscalYear FiscalYear, Yen? From, Yen To, Yen Committed, string Reason, string Actor, DateTimeOffset At);

/// <summary>
/// The result of setting an allocation: the budget as it now is; the change recorded (none when nothing changed or it
/// was refused); and, when refused, by how much the asked allocation fell short of what is reserved plus paid.
/// </summary>
public sealed record AllocationOutcome(FundBudget Budget, AllocationChange? Change, Yen Shortfall)
{
    public bool Refused => Shortfall.IsPositive;
}

/// <summary>
/// Funds and their budgets per fiscal year. A reservation is written in the same partition and the same
/// transaction as the budget it draws on, guarded by the budget's ETag: two approvals racing for the last
/// yen cannot both win, and a retried reservation for the same application finds its own row and stops.
/// Funds themselves (names, approver, escalation contact, budget code) change rarely and are read by every step and
/// access check: they are kept in memory (<see cref="StampedCopy{T}"/>), trusted while a change stamp beside them has not
/// moved — a change made here is seen at once, one made on another instance within <see cref="StampedCopy{T}.StampEvery"/>.
/// Budgets guard money: every move is guarded by the budget's ETag and refused only from a fresh read (a reservation
/// first tries the budget as this process's last reservation wrote it); the approver's queue shows them as of a few
/// seconds ago at most (<see cref="GetShownBudgetAsync"/>).
/// </summary>
public sealed class FundStore : IDisposable
{
    const string FundRow = "fund";

    readonly GrantsStorage storage;

    readonly ChangeStamp stamp;

    readonly StampedCopy<IReadOnlyDictionary<string, Fund>> everyFund;

    readonly ReferenceCache<FundBudget> shown = new(ShownBudgetAge);

    /// <summary>How old a budget the approver's queue shows may be when it changed on another instance (this instance's own moves are shown at once).</summary>
    public static readonly TimeSpan ShownBudgetAge = TimeSpan.FromSeconds(10);

    public FundStore(GrantsStorage storage, TimeProvider? clock = null)
    {
        this.storage = storage;
        stamp = new ChangeStamp(storage.Funds.Client, "~changed");
        everyFund = new StampedCopy<IReadOnlyDictionary<string, Fund>>(
            stamp.ReadAsync,
            async cancellationToken => (await ListFundsAsync(cancellationToken).ToListAsync(cancellationToken)).ToDictionary(f => f.Id, StringComparer.Ordinal),
            () => stamp.Writes,
            clock ?? TimeProvider.System);
    }

    /// <summary>One reservation at a time per budget in this process, so approvals arriving together take turns instead of failing each other's ETag and reading again; the ETag still guards against other processes.</summary>
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> reserving = new(StringComparer.Ordinal);

    /// <summary>Each budget as this process's last reservation from it wrote it, with its ETag; taken by the next reservation's turn.</summary>
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, Stored<FundBudget>> lastReserved = new(StringComparer.Ordinal);

    public Task<Fund?> GetFundAsync(string fundId, CancellationToken cancellationToken = default) =>
        storage.Funds.FindAsync(fundId, FundRow, cancellationToken);

    /// <summary>
    /// The fund from the copy in memory: the names, approver and budget code a workflow step mails and pays with and an access
    /// check judges by. A fund the copy does not have (added elsewhere within the last seconds) is read from storage.
    /// </summary>
    public async Task<Fund?> GetRecentFundAsync(string fundId, CancellationToken cancellationToken = default) =>
        (await everyFund.ReadAsync(cancellationToken)).GetValueOrDefault(fundId) ?? await GetFundAsync(fundId, cancellationToken);

    public async Task UpsertFundAsync(Fund fund, CancellationToken cancellationToken = default)
    {
        await storage.Funds.UpsertAsync(fund.Id, FundRow, fund, cancellationToken);
        await stamp.MoveAsync(cancellationToken);
    }

    public async Task<FundBudget?> GetBudgetAsync(string fundId, FiscalYear year, CancellationToken cancellationToken = default) =>
        Shown(await storage.Budgets.FindAsync(fundId, BudgetRow(year), cancellationToken));

    /// <summary>
    /// The budget as the approver's queue shows it beside the applications it would pay: as this process last read or moved
    /// it, if that was within <see cref="ShownBudgetAge"/>. Never used to move money: every move is decided as <see cref="ReserveAsync"/> says and
    /// is guarded by its ETag.
    /// </summary>
    public Task<FundBudget?> GetShownBudgetAsync(string fundId, FiscalYear year, CancellationToken cancellationToken = default) =>
        shown.GetAsync(BudgetKey(fundId, year), () => GetBudgetAsync(fundId, year, cancellationToken));

    /// <summary>Remembers a budget this process just read or stored for <see cref="GetShownBudgetAsync"/>, and passes it on.</summary>
    FundBudget? Shown(FundBudget? budget)
    {
        if (budget is not null)
        {
            shown.Remember(BudgetKey(budget.FundId, budget.FiscalYear), budget);
        }

        return budget;
    }

    static string BudgetKey(string fundId, FiscalYear year) => $"{fundId}|{year.Year}";

    /// <summary>Sets a year's allocation once; an existing budget (with its reservations) is left alone.</summary>
    public Task<bool> TryCreateBudgetAsync(FundBudget budget, CancellationToken cancellationToken = default) =>
        storage.Budgets.TryInsertAsync(budget.FundId, BudgetRow(budget.FiscalYear), budget, cancellationToken);

    /// <summary>
    /// Reserves <paramref name="amount"/> for the application: the reservation's row is added in one transaction with the
    /// budget's ETag-guarded update, the add first, so a reservation made before (a repeated step) fails the transaction
    /// with 409 whatever became of the budget, and a budget changed since it was read fails it with 412: read again.
    /// Only a budget that looks too small is checked for an earlier reservation of this application.
    /// </summary>
    public async Task<ReservationOutcome> ReserveAsync(string applicationId, string fundId, FiscalYear year, Yen amount, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var turn = reserving.GetOrAdd($"{fundId}|{BudgetRow(year)}", _ => new SemaphoreSlim(1, 1));
        await turn.WaitAsync(cancellationToken);
        try
        {
            return await ReserveInTurnAsync(applicationId, fundId, year, amount, at, cancellationToken);
        }
        finally
        {
            turn.Release();
        }
    }

    /// <summary>
    /// Reserves in this process's turn at the budget. It starts from the budget as this process's last reservation left it
    /// (when it has one), so a run of approvals does not read the budget before each: the ETag still guards the write, and
    /// whenever that budget has changed since, or looks too small, or the reservation may be a repeat, it is read afresh.
    /// </summary>
    async Task<ReservationOutcome> ReserveInTurnAsync(string applicationId, string fundId, FiscalYear year, Yen amount, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var key = $"{fundId}|{BudgetRow(year)}";
        lastReserved.TryRemove(key, out var known);
        while (true)
        {
            var (budget, fresh) = known is null ? (await storage.Budgets.GetAsync(fundId, BudgetRow(year), cancellationToken), true) : (known, false);
            known = null;
            if (budget is null)
            {
                return new ReservationOutcome(false, Yen.Zero, $"{fundId} has no budget for {year}.");
            }

            if (!budget.Value.CanReserve(amount))
            {
                if (!fresh)
                {
                    continue;
                }

                return await storage.Reservations.GetAsync(fundId, ReservationRow(applicationId), cancellationToken) is not null
                    ? new ReservationOutcome(true, budget.Value.Remaining)
                    : new ReservationOutcome(false, budget.Value.Remaining, $"{amount} exceeds what remains of {fundId} in {year}: {budget.Value.Remaining}.");
            }

            var reserved = budget.Value.Reserve(amount);
            TableTransactionAction[] transaction =
            [
                new(TableTransactionActionType.Add, DocumentTable<Reservation>.ToEntity(fundId, ReservationRow(applicationId), new Reservation(applicationId, fundId, year, amount, at))),
                new(TableTransactionActionType.UpdateReplace, DocumentTable<FundBudget>.ToEntity(fundId, BudgetRow(year), reserved), budget.ETag),
            ];
            try
            {
                var written = await storage.Budgets.Client.SubmitTransactionAsync(transaction, cancellationToken);
                if (written.Value[1].Headers.ETag is { } etag)
                {
                    lastReserved[key] = new Stored<FundBudget>(reserved, etag);
                }

                return new ReservationOutcome(true, Shown(reserved)!.Remaining);
            }
            catch (RequestFailedException e) when (e.Status == 409 && !fresh)
            {
                // A repeat: what remains is told from the budget as it is, not as this process last left it.
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // This reservation landed in an earlier attempt; the budget then moved by it.
                return new ReservationOutcome(true, budget.Value.Remaining);
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // Another approval changed the budget: read it again.
            }
        }
    }

    public Task<Reservation?> GetReservationAsync(string fundId, string applicationId, CancellationToken cancellationToken = default) =>
        storage.Reservations.FindAsync(fundId, ReservationRow(applicationId), cancellationToken);

    /// <summary>
    /// Gives back reserved money that will not be paid (rejection after a reservation, withdrawal, the unpaid months of
    /// stopped support). Recorded under <paramref name="releaseKey"/> in the budget's partition, in the same transaction, so it happens once.
    /// </summary>
    public Task<FundBudget?> ReleaseAsync(string releaseKey, string fundId, FiscalYear year, Yen amount, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        amount.IsPositive
            ? MoveOnceAsync($"release|{releaseKey}", fundId, year, amount, at, b => b with { Reserved = b.Reserved - (amount > b.Reserved ? b.Reserved : amount) }, cancellationToken)
            : GetBudgetAsync(fundId, year, cancellationToken);

    /// <summary>
    /// Books a payout's money as paid: moves it from Reserved to Paid, recorded under <paramref name="paymentKey"/> in the
    /// budget's partition in the same ETag-guarded transaction, so a repeated call moves it once.
    /// </summary>
    public Task<FundBudget?> MarkPaidAsync(string paymentKey, string fundId, FiscalYear year, Yen amount, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        MoveOnceAsync($"paid|{paymentKey}", fundId, year, amount, at, b => b with { Reserved = b.Reserved - amount, Paid = b.Paid + amount }, cancellationToken);

    /// <summary>
    /// Books many payments of one fund and year as <see cref="MarkPaidAsync"/> books one, 99 to a transaction with the
    /// budget: each payment's key is written with the budget's move, so a repeated call skips what is booked and moves
    /// the rest once.
    /// </summary>
    public async Task MarkPaidManyAsync(string fundId, FiscalYear year, IReadOnlyList<(string PaymentKey, Yen Amount)> payments, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        foreach (var run in payments.DistinctBy(p => p.PaymentKey).Chunk(99))
        {
            var keys = run.ToDictionary(p => TableKey.Encode($"paid|{p.PaymentKey}"), p => p);
            var booked = await BookedAsync(fundId, keys.Keys, cancellationToken);
            while (true)
            {
                var budget = await storage.Budgets.GetAsync(fundId, BudgetRow(year), cancellationToken);
                var due = keys.Where(k => !booked.Contains(k.Key)).ToList();
                if (budget is null || due.Count == 0)
                {
                    break;
                }

                var amount = due.Aggregate(Yen.Zero, (sum, k) => sum + k.Value.Amount);
                var moved = budget.Value with { Reserved = budget.Value.Reserved - amount, Paid = budget.Value.Paid + amount };
                var transaction = due.Select(k => new TableTransactionAction(TableTransactionActionType.Add, DocumentTable<Reservation>.ToEntity(
                    fundId, $"paid|{k.Value.PaymentKey}", new Reservation($"paid|{k.Value.PaymentKey}", fundId, year, k.Value.Amount, at))))
                    .Prepend(new TableTransactionAction(TableTransactionActionType.UpdateReplace, DocumentTable<FundBudget>.ToEntity(fundId, BudgetRow(year), moved), budget.ETag));
                try
                {
                    await storage.Budgets.Client.SubmitTransactionAsync(transaction, cancellationToken);
                    Shown(moved);
                    break;
                }
                catch (TableTransactionFailedException e) when (e.Status is 412 or 409)
                {
                    // The budget changed meanwhile (read it again), or a payment landed in an earlier attempt (see which).
                    if (e.Status == 409)
                    {
                        booked = await BookedAsync(fundId, keys.Keys, cancellationToken);
                    }
                }
            }
        }
    }

    /// <summary>Which of these stored move keys are in the fund's partition: one range query over them.</summary>
    async Task<HashSet<string>> BookedAsync(string fundId, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var (low, high) = (keys.Min(StringComparer.Ordinal)!, keys.Max(StringComparer.Ordinal)!);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Encode(fundId)} and RowKey ge {low} and RowKey le {high}");
        var found = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in storage.Budgets.Client.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (keys.Contains(row.RowKey))
            {
                found.Add(row.RowKey);
            }
        }

        return found;
    }

    /// <summary>Undoes <see cref="MarkPaidAsync"/> for a transfer the bank returned: from Paid back to Reserved, once per key.</summary>
    public Task<FundBudget?> MarkUnpaidAsync(string paymentKey, string fundId, FiscalYear year, Yen amount, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        MoveOnceAsync($"unpaid|{paymentKey}", fundId, year, amount, at, b => b with { Reserved = b.Reserved + amount, Paid = b.Paid - amount }, cancellationToken);

    async Task<FundBudget?> MoveOnceAsync(string rowKey, string fundId, FiscalYear year, Yen amount, DateTimeOffset at, Func<FundBudget, FundBudget> move, CancellationToken cancellationToken)
    {
        while (true)
        {
            var budget = await storage.Budgets.GetAsync(fundId, BudgetRow(year), cancellationToken);
            if (budget is null || await storage.Reservations.GetAsync(fundId, rowKey, cancellationToken) is not null)
            {
                return budget?.Value;
            }

            var moved = move(budget.Value);
            TableTransactionAction[] transaction =
            [
                new(TableTransactionActionType.UpdateReplace, DocumentTable<FundBudget>.ToEntity(fundId, BudgetRow(year), moved), budget.ETag),
                new(TableTransactionActionType.Add, DocumentTable<Reservation>.ToEntity(fundId, rowKey, new Reservation(rowKey, fundId, year, amount, at))),
            ];
            try
            {
                await storage.Budgets.Client.SubmitTransactionAsync(transaction, cancellationToken);
                return Shown(moved);
            }
            catch (TableTransactionFailedException e) when (e.Status is 412 or 409)
            {
                // The budget changed meanwhile, or this move landed in an earlier attempt: read again.
            }
            catch (RequestFailedException e) when (e.Status is 412 or 409)
            {
            }
        }
    }

    /// <summary>Every fund: the funds table holds one row per fund, all with the same row key.</summary>
    public IAsyncEnumerable<Fund> ListFundsAsync(CancellationToken cancellationToken = default) =>
        storage.Funds.QueryRowsKeyedAsync(FundRow, cancellationToken);

    /// <summary>Adds a fund unless one with the same id exists; returns whether this call added it.</summary>
    public async Task<bool> TryCreateFundAsync(Fund fund, CancellationToken cancellationToken = default)
    {
        var created = await storage.Funds.TryInsertAsync(fund.Id, FundRow, fund, cancellationToken);
        if (created)
        {
            await stamp.MoveAsync(cancellationToken);
        }

        return created;
    }

    public void Dispose() => everyFund.Dispose();

    /// <summary>A fund's budget of every fiscal year it has one for, oldest first.</summary>
    public IAsyncEnumerable<FundBudget> ListBudgetsAsync(string fundId, CancellationToken cancellationToken = default) =>
        storage.Budgets.QueryPartitionAsync(fundId, "budget|", cancellationToken);

    /// <summary>Every change to a fund's allocations, oldest first.</summary>
    public IAsyncEnumerable<AllocationChange> ListAllocationChangesAsync(string fundId, CancellationToken cancellationToken = default) =>
        storage.AllocationChanges.QueryPartitionAsync(fundId, "change|", cancellationToken);

    /// <summary>
    /// Sets a year's allocation, creating the budget if the year has none. The budget and the record of the change are
    /// written in one transaction guarded by the budget's ETag, like a reservation: a reservation that lands first is
    /// seen, so the allocation never drops below what is reserved plus paid, however approvals and changes interleave.
    /// </summary>
    public async Task<AllocationOutcome> SetAllocationAsync(string fundId, FiscalYear year, Yen allocation, string reason, string actorId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var budget = await storage.Budgets.GetAsync(fundId, BudgetRow(year), cancellationToken);
            var current = budget?.Value ?? new FundBudget(fundId, year, Yen.Zero, Yen.Zero, Yen.Zero);
            var committed = current.Reserved + current.Paid;
            if (allocation < committed)
            {
                return new AllocationOutcome(current, null, committed - allocation);
            }

            if (budget is not null && current.Allocation == allocation)
            {
                return new AllocationOutcome(current, null, Yen.Zero);
            }

            var changeKey = Math.Max(at.UtcTicks, current.LastChangeKey + 1);
            var changed = current with { Allocation = allocation, LastChangeKey = changeKey };
            var change = new AllocationChange(fundId, year, budget?.Value.Allocation, allocation, committed, reason, actorId, at);
            TableTransactionAction[] transaction =
            [
                budget is null
                    ? new(TableTransactionActionType.Add, DocumentTable<FundBudget>.ToEntity(fundId, BudgetRow(year), changed))
                    : new(TableTransactionActionType.UpdateReplace, DocumentTable<FundBudget>.ToEntity(fundId, BudgetRow(year), changed), budget.ETag),
                new(TableTransactionActionType.Add, DocumentTable<AllocationChange>.ToEntity(fundId, $"change|{changeKey:D19}|{Guid.NewGuid():N}", change)),
            ];
            try
            {
                await storage.Budgets.Client.SubmitTransactionAsync(transaction, cancellationToken);
                return new AllocationOutcome(Shown(changed)!, change, Yen.Zero);
            }
            catch (TableTransactionFailedException e) when (e.Status is 412 or 409)
            {
                // An approval reserved money, or another change landed, since the budget was read: decide again.
            }
            catch (RequestFailedException e) when (e.Status is 412 or 409)
            {
            }
        }
    }

    static string BudgetRow(FiscalYear year) => $"budget|{year.Year}";

    static string ReservationRow(string applicationId) => $"reservation|{applicationId}";
}
