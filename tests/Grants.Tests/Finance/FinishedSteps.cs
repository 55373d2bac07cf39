using Grants.Workflows.Access;
using Grants.Workflows.Payouts;

namespace Grants.Tests.Finance;

/// <summary>Finance's steps as a test drives them: started or joined through the desk, and waited for until the engine finished them.</summary>
public static class FinishedSteps
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    /// <summary>The batch, and whether this call created it (false when it found the batch of a repeated key).</summary>
    public static async Task<Outcome<(PayoutBatch Batch, bool Created)>> CreateBatchAsync(this FinanceDesk desk, Actor actor, string? idempotencyKey, BatchRequest? request = null)
    {
        var outcome = await desk.CreateBatchAsync(actor, idempotencyKey, request, Wait);
        return outcome.Succeeded ? (Finished(outcome.Value!), !outcome.Value!.Joined) : outcome.Problem!;
    }

    /// <summary>A checked download: the batch is marked exported by the first.</summary>
    public static async Task<Outcome<PayoutExport>> CheckExportAsync(this FinanceDesk desk, Actor actor, string batchId, string? format)
    {
        var outcome = await desk.DownloadAsync(actor, batchId, format, Wait);
        return outcome.Succeeded ? Finished(outcome.Value!) : outcome.Problem!;
    }

    public static async Task<Outcome<PayoutBatch>> MarkBatchPaidAsync(this FinanceDesk desk, Actor actor, string batchId, PaidRequest request)
    {
        var outcome = await desk.MarkBatchPaidAsync(actor, batchId, request, Wait);
        return outcome.Succeeded ? Finished(outcome.Value!) : outcome.Problem!;
    }

    public static async Task<Outcome<Payout>> ReturnAsync(this FinanceDesk desk, Actor actor, string payoutId, ReasonRequest request)
    {
        var outcome = await desk.ReturnAsync(actor, payoutId, request, Wait);
        return outcome.Succeeded ? Finished(outcome.Value!) : outcome.Problem!;
    }

    static T Finished<T>(FinanceStep<T> step)
        where T : class => step.Value ?? throw new TimeoutException($"{step.WorkId} did not finish within {Wait.TotalSeconds} s.");
}
