using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration;

/// <summary>
/// Runs one activity per run of a batch's payouts, a bounded number at a time (as one finishes the next starts), so
/// a batch of 100,000 moves at the speed of storage without one activity holding it all, and the budget row that
/// every payment run books against is not fought over by every run at once.
/// </summary>
public static class BatchFanOut
{
    public const int Width = 6;

    public static async Task RunAsync<TInput>(TaskOrchestrationContext context, string activity, IEnumerable<TInput> inputs)
    {
        var running = new List<Task<int>>();
        foreach (var input in inputs)
        {
            if (running.Count == Width)
            {
                // A run that failed for good fails the step here, so nothing after it marks the batch done.
                var finished = await Task.WhenAny(running);
                running.Remove(finished);
                await finished;
            }

            running.Add(context.CallActivityAsync<int>(activity, input, FinanceStepRetry.Options));
        }

        await Task.WhenAll(running);
    }
}
