using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration;

/// <summary>
/// How the activities of finance steps are retried when they fail (storage or SendGrid briefly unavailable), for
/// about five minutes. A crash needs no retry: the engine runs the interrupted activity again by itself.
/// </summary>
public static class FinanceStepRetry
{
    public static readonly TaskOptions Options = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 10, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(1)));
}
