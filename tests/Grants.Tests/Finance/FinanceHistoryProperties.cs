using Azure;
using FsCheck;
using FsCheck.Fluent;
using Grants.Tests.Infrastructure;
using Grants.Workflows.Access;
using Grants.Workflows.Demo;
using Grants.Workflows.Payouts;
using Microsoft.DurableTask.Client;
using Xunit.Abstractions;
using static Grants.Tests.Finance.FinanceHarness;

namespace Grants.Tests.Finance;

/// <summary>
/// Random histories of finance — approve, cancel (the payout withdrawn), batch with and without a key, download, pay,
/// bank return — with storage calls failing at random points inside each step as a crash would cut them (before or
/// after storage applied them). The engine retries the step's activities; the caller repeats a request that failed.
/// After every history, every list agrees with the payout records and the reconciliation is balanced.
/// </summary>
[Trait("Kind", "Orchestration")]
public sealed class FinanceHistoryProperties(ITestOutputHelper output)
{
    const int Histories = 6;

    enum Act
    {
        Approve,
        Cancel,
        Batch,
        BatchWithKey,
        Download,
        Pay,
        Return,
    }

    sealed record Step(Act Act, int Pick, int Seed);

    static readonly Gen<Step> Steps =
        from act in Gen.Elements(Act.Approve, Act.Approve, Act.Cancel, Act.Batch, Act.BatchWithKey, Act.Download, Act.Pay, Act.Return)
        from pick in Gen.Choose(0, 1_000)
        from seed in Gen.Choose(0, int.MaxValue - 1)
        select new Step(act, pick, seed);

    static readonly Gen<Step[]> HistoryOf = Gen.Choose(8, 14).SelectMany(n => Steps.ArrayOf(n));

    static DateOnly Today => PayoutService.JapanDate(DateTimeOffset.UtcNow);

    [Fact]
    public async Task After_any_history_with_crashes_inside_its_steps_every_list_agrees_and_the_reconciliation_balances()
    {
        foreach (var history in HistoryOf.Sample(Histories, Histories))
        {
            output.WriteLine(string.Join(", ", history.Select(s => $"{s.Act}({s.Pick},{s.Seed})")));
            await RunAsync(history);
        }
    }

    async Task RunAsync(Step[] history)
    {
        var faults = new StorageFaults();
        await using var harness = await StartAsync(storage: await faults.StorageAsync(await Azurite.SharedAsync()));
        await harness.SetBankAccountAsync(DemoData.Researcher.Id);
        await harness.SetBankAccountAsync(DemoData.Student.Id, "スズキ イチロウ");
        var noBank = await harness.PersonAsync("nobank@example.ac.jp");
        string[] payees = [DemoData.Researcher.Id, DemoData.Student.Id, noBank.Id];
        var ids = new List<string>();
        var keys = 0;

        for (var i = 0; i < history.Length; i++)
        {
            var step = history[i];
            if (step.Act == Act.Approve)
            {
                // Approval is the application workflow's step, proven elsewhere; here it only feeds finance.
                ids.Add((await harness.ApproveAsync($"APP-{i:D2}", payees[step.Pick % payees.Length], 1_000 + step.Pick)).Id);
                continue;
            }

            // The request is chosen first; a client whose request died repeats that same request.
            var request = await RequestAsync(harness, step, ids, $"key-{keys++}");
            faults.Arm(new Random(step.Seed), probability: 0.08, failures: 2);
            try
            {
                await RepeatedUntilAnsweredAsync(step, request);
            }
            finally
            {
                faults.Disarm();
            }
        }

        output.WriteLine($"  {faults.Injected} storage calls cut short");
        await AllWorkFinishedAsync(harness.Client);
        await ListsAgree.AssertAsync(harness, ids);
    }

    /// <summary>What a client does when its request fails because the process died mid-way: it asks again.</summary>
    static async Task RepeatedUntilAnsweredAsync(Step step, Func<Task> act)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await act();
                return;
            }
            catch (RequestFailedException e) when (e.Status == 503 && attempt < 10)
            {
            }
            catch (Exception e) when (e is RequestFailedException { Status: 503 } || e.InnerException is RequestFailedException { Status: 503 })
            {
                throw new InvalidOperationException($"{step} kept failing", e);
            }
        }
    }

    /// <summary>The request a step makes, or nothing when there is nothing for it to act on.</summary>
    static async Task<Func<Task>> RequestAsync(FinanceHarness harness, Step step, List<string> ids, string key)
    {
        T Pick<T>(IReadOnlyList<T> from) => from[step.Pick % from.Count];
        async Task<List<Payout>> PayoutsAsync(params PayoutStatus[] statuses) =>
            (await Task.WhenAll(ids.Select(id => harness.PayoutStore.GetAsync(id)))).Where(p => statuses.Contains(p!.Status)).ToList()!;
        async Task<List<PayoutBatch>> BatchesAsync(BatchStatus status) =>
            (await harness.PayoutStore.ListBatchesAsync()).Where(b => b.Status == status).OrderBy(b => b.Id, StringComparer.Ordinal).ToList();

        switch (step.Act)
        {
            case Act.Cancel when await PayoutsAsync(PayoutStatus.Approved) is { Count: > 0 } approved:
                var cancelled = Pick(approved).Id;
                return async () => Ok(await harness.Payments.CancelAsync(FinanceOfficer, cancelled, new ReasonRequest("取り下げ / withdrawn")));
            case Act.Batch or Act.BatchWithKey:
                return async () =>
                {
                    var batch = await harness.Desk.CreateBatchAsync(FinanceOfficer, step.Act == Act.BatchWithKey ? key : null);
                    Assert.True(batch.Succeeded || batch.Problem!.Kind == ProblemKind.Conflict, batch.Problem?.Detail);
                };
            case Act.Download when await BatchesAsync(BatchStatus.Created) is { Count: > 0 } created:
                var downloaded = Pick(created).Id;
                return async () => Ok(await harness.Desk.CheckExportAsync(FinanceOfficer, downloaded, "zengin"));
            case Act.Pay when await BatchesAsync(BatchStatus.Exported) is { Count: > 0 } exported:
                var paid = Pick(exported).Id;
                return async () => Ok(await harness.Desk.MarkBatchPaidAsync(FinanceOfficer, paid, new PaidRequest(Today)));
            case Act.Return when await PayoutsAsync(PayoutStatus.Exported, PayoutStatus.Paid) is { Count: > 0 } sent:
                var returned = Pick(sent).Id;
                return async () => Ok(await harness.Desk.ReturnAsync(FinanceOfficer, returned, new ReasonRequest("口座相違 / account closed")));
            default:
                return () => Task.CompletedTask;
        }
    }

    /// <summary>A request that failed after starting its work leaves the engine to finish it: wait until nothing runs.</summary>
    static async Task AllWorkFinishedAsync(DurableTaskClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var running = await client.GetAllInstancesAsync(new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running] }).ToListAsync();
            if (running.Count == 0)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Still running: {string.Join(", ", running.Select(r => r.InstanceId))}");
            await Task.Delay(250);
        }
    }
}
