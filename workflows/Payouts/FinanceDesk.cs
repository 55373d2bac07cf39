using Grants.Workflows.Access;
using Grants.Workflows.Applications;
using Grants.Workflows.Orchestration;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Grants.Workflows.Payouts;

/// <summary>A finance step as its caller sees it: the id of its durable work, and what it produced once finished (null while it runs).</summary>
public sealed record FinanceStep<T>(string WorkId, T? Value, bool Joined)
    where T : class
{
    public bool Finished => Value is not null;
}

/// <summary>Where a finance step's durable work is: running, done, refused (with why) or failed, and where its result is.</summary>
public sealed record FinanceWorkView(string Id, string Status, string? Refusal, string? Location, DateTimeOffset CreatedAt, DateTimeOffset LastUpdatedAt);

/// <summary>
/// Finance's bulk steps — creating a batch, marking it exported, marking it paid, recording a bank return — as durable
/// work. A request is checked first (nothing written when it is refused); then it starts the step's orchestration under
/// an id that names what it belongs to, or joins the one already there, and waits a short while for it. A crash at
/// any point is finished by the engine; the caller gets the result, or the work's id to follow.
/// </summary>
public sealed class FinanceDesk(DurableTaskClient durable, PayoutService payouts, PaymentService payments, PayoutStore store, WorkflowOptions options, TimeProvider clock)
{
    /// <summary>How long a request waits for its work before answering with the work's status instead.</summary>
    public TimeSpan Wait => options.FinanceWait ?? TimeSpan.FromSeconds(5);

    static readonly string[] Kinds = ["batch-", "export-", "paid-", "return-"];

    static readonly SemaphoreSlim[] Starting = [.. Enumerable.Range(0, 32).Select(_ => new SemaphoreSlim(1, 1))];

    /// <summary>Creates a batch of every approved payout whose payee has a bank account. A repeated Idempotency-Key finds the same batch.</summary>
    public async Task<Outcome<FinanceStep<PayoutBatch>>> CreateBatchAsync(Actor actor, string? idempotencyKey, BatchRequest? request, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var check = payouts.CheckBatch(actor, idempotencyKey, request);
        if (!check.Succeeded)
        {
            return check.Problem!;
        }

        var order = check.Value!;
        var workId = PayoutBatchWorkflow.InstanceIdFor(order.BatchId);
        if (await store.GetBatchAsync(order.BatchId, cancellationToken) is { } existing)
        {
            return new FinanceStep<PayoutBatch>(workId, existing, Joined: true);
        }

        var (result, joined) = await StartOrJoinAsync(nameof(PayoutBatchWorkflow), workId, order, wait, cancellationToken);
        if (result?.Refusal is { } refusal)
        {
            return Problem.Conflict(refusal);
        }

        return new FinanceStep<PayoutBatch>(workId, result is null ? null : await store.GetBatchAsync(order.BatchId, cancellationToken), joined);
    }

    /// <summary>
    /// Checks a download of a batch file; the first one marks the batch and its payouts exported, and the file is
    /// given once that is done. Every download given is recorded in the batch's audit trail.
    /// </summary>
    public async Task<Outcome<FinanceStep<PayoutExport>>> DownloadAsync(Actor actor, string batchId, string? format, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var check = await payouts.CheckExportAsync(actor, batchId, format, cancellationToken);
        if (!check.Succeeded)
        {
            return check.Problem!;
        }

        var export = check.Value!;
        var workId = BatchExportWorkflow.InstanceIdFor(batchId);
        var joined = true;
        if (export.Batch.Status == BatchStatus.Created)
        {
            (var result, joined) = await StartOrJoinAsync(nameof(BatchExportWorkflow), workId, new ExportOrder(batchId, actor.Id, clock.GetUtcNow()), wait, cancellationToken);
            if (result is null)
            {
                return new FinanceStep<PayoutExport>(workId, null, joined);
            }

            export = export with { Batch = (await store.GetBatchAsync(batchId, cancellationToken))! };
        }

        await payouts.RecordDownloadAsync(actor, export, cancellationToken);
        return new FinanceStep<PayoutExport>(workId, export, joined);
    }

    /// <summary>Marks a batch paid on the date the bank transferred it. Repeating it with the same date is harmless; another date is refused.</summary>
    public async Task<Outcome<FinanceStep<PayoutBatch>>> MarkBatchPaidAsync(Actor actor, string batchId, PaidRequest request, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var check = await payments.CheckPaymentAsync(actor, batchId, request, cancellationToken);
        if (!check.Succeeded)
        {
            return check.Problem!;
        }

        var order = check.Value!;
        var workId = BatchPaymentWorkflow.InstanceIdFor(batchId);
        if (await durable.GetInstanceAsync(workId, getInputsAndOutputs: true, cancellationToken) is { } running
            && !Restartable(running.RuntimeStatus)
            && running.ReadInputAs<PaymentOrder>() is { } first && first.TransferDate != order.TransferDate)
        {
            return PaymentService.AlreadyPaid(batchId, first.TransferDate);
        }

        var (result, joined) = await StartOrJoinAsync(nameof(BatchPaymentWorkflow), workId, order, wait, cancellationToken);
        if (result?.Refusal is { } refusal)
        {
            return Problem.Conflict(refusal);
        }

        return new FinanceStep<PayoutBatch>(workId, result is null ? null : await store.GetBatchAsync(batchId, cancellationToken), joined);
    }

    /// <summary>Records that the bank returned a payout's transfer. Repeating it with the same reason finds the same return.</summary>
    public async Task<Outcome<FinanceStep<Payout>>> ReturnAsync(Actor actor, string payoutId, ReasonRequest request, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var check = await payments.CheckReturnAsync(actor, payoutId, request, cancellationToken);
        if (!check.Succeeded)
        {
            return check.Problem!;
        }

        var order = check.Value!;
        var workId = PayoutReturnWorkflow.InstanceIdFor(order.PayoutId, order.BatchId);
        var (result, joined) = await StartOrJoinAsync(nameof(PayoutReturnWorkflow), workId, order, wait, cancellationToken);
        if (result?.Refusal is { } refusal)
        {
            return Problem.Conflict(refusal);
        }

        return new FinanceStep<Payout>(workId, result is null ? null : await store.GetAsync(payoutId, cancellationToken), joined);
    }

    /// <summary>Where a finance step's work is. Finance only; other workflows are not found here.</summary>
    public async Task<Outcome<FinanceWorkView>> GetWorkAsync(Actor actor, string workId, CancellationToken cancellationToken = default)
    {
        if (!actor.IsIn(Roles.Finance))
        {
            return Problem.Forbidden("Only finance follows finance steps.");
        }

        if (!Kinds.Any(k => workId.StartsWith(k, StringComparison.Ordinal))
            || await durable.GetInstanceAsync(workId, getInputsAndOutputs: true, cancellationToken) is not { } instance)
        {
            return Problem.NotFound($"Finance step {workId}");
        }

        var (status, refusal) = instance.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Completed when instance.ReadOutputAs<FinanceStepResult>()?.Refusal is { } r => ("refused", r),
            OrchestrationRuntimeStatus.Completed => ("done", null),
            OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated => ("failed", null),
            _ => ("running", (string?)null),
        };
        var location = status != "done" ? null : workId switch
        {
            _ when workId.StartsWith("batch-", StringComparison.Ordinal) => $"/api/payout-batches/{workId["batch-".Length..]}",
            _ when workId.StartsWith("export-", StringComparison.Ordinal) => $"/api/payout-batches/{workId["export-".Length..]}/file",
            _ when workId.StartsWith("paid-", StringComparison.Ordinal) => $"/api/payout-batches/{workId["paid-".Length..]}",
            _ => instance.ReadInputAs<ReturnOrder>() is { } returned ? $"/api/payout-batches/{returned.BatchId}/payouts" : null,
        };
        return new FinanceWorkView(workId, status, refusal, location, instance.CreatedAt, instance.LastUpdatedAt);
    }

    /// <summary>
    /// Starts the work under its id unless it is there (a failed or terminated run is started again, so repeating a
    /// request finishes it), then waits up to <paramref name="wait"/>. The result is null while the work still runs.
    /// </summary>
    async Task<(FinanceStepResult? Result, bool Joined)> StartOrJoinAsync(string orchestrator, string workId, object input, TimeSpan wait, CancellationToken cancellationToken)
    {
        bool joined;
        // Two requests for the same work in one process (a double click, racing tabs) must not both start it.
        var stripe = Starting[(int)((uint)StringComparer.Ordinal.GetHashCode(workId) % (uint)Starting.Length)];
        await stripe.WaitAsync(cancellationToken);
        try
        {
            var existing = await durable.GetInstanceAsync(workId, getInputsAndOutputs: true, cancellationToken);
            joined = existing is not null && !Restartable(existing.RuntimeStatus) && !Refused(existing);
            if (!joined)
            {
                try
                {
                    await durable.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(workId), cancellationToken);
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // Another process may have started the same work first: join it; anything else is a real failure.
                    if (await durable.GetInstanceAsync(workId, cancellationToken) is not { } raced || Restartable(raced.RuntimeStatus))
                    {
                        throw;
                    }

                    joined = true;
                }
            }
        }
        finally
        {
            stripe.Release();
        }

        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        waiting.CancelAfter(wait);
        try
        {
            var finished = await durable.WaitForInstanceCompletionAsync(workId, getInputsAndOutputs: true, waiting.Token);
            return (finished.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? finished.ReadOutputAs<FinanceStepResult>() : null, joined);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, joined);
        }
    }

    static bool Restartable(OrchestrationRuntimeStatus status) => status is OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;

    /// <summary>Work that ended refused (e.g. no payout was waiting) is asked again, not answered from the old refusal: things may have changed.</summary>
    static bool Refused(OrchestrationMetadata instance) =>
        instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed && instance.ReadOutputAs<FinanceStepResult>()?.Refusal is not null;
}
