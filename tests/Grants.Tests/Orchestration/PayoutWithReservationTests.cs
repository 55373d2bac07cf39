using Azure.Data.Tables;
using Grants.Workflows;
using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Grants.Workflows.Money;
using Grants.Workflows.Orchestration;
using Grants.Workflows.Orchestration.Activities;
using Grants.Workflows.Payouts;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using static Grants.Tests.Orchestration.WorkflowHarness;

namespace Grants.Tests.Orchestration;

/// <summary>
/// An approved one-time application has its payout issued by the step that reserves its budget, and that step run again
/// does nothing twice; a workflow whose reservation came back without a payout id (its history written before the two
/// were one step) still creates the payout in a step of its own and ends approved.
/// </summary>
[Trait("Kind", "Orchestration")]
public sealed class PayoutWithReservationTests
{
    [Fact]
    public async Task The_reservation_issues_the_payout_and_records_the_approval_and_run_again_returns_the_same_and_writes_nothing_twice()
    {
        await using var harness = await StartAsync();
        var id = await ApproveNewAsync(harness);

        var rows = await AuditRowsAsync(harness, id);
        var reserved = Assert.Single(rows, r => r.Entry.Action == "budget-reserved");
        Assert.EndsWith("-s1-reserve-payout", Assert.Single(rows, r => r.Entry.Action == "payout-created").Key, StringComparison.Ordinal);
        Assert.True(rows.IndexOf(reserved) < rows.FindIndex(r => r.Entry.Action == "payout-created"), "The timeline shows the reservation before the payout.");

        // The approval was recorded by the reservation's own step: saved at its time, with its line beside the reservation's.
        var approved = (await harness.Applications.GetAsync(id))!.Value;
        Assert.Equal((ApplicationStatus.Approved, reserved.Entry.At), (approved.Status, approved.UpdatedAt));
        Assert.EndsWith("-s1-outcome", Assert.Single(rows, r => r.Entry.Action == "approved").Key, StringComparison.Ordinal);

        // The step again, as the engine runs it when its answer was lost: the same outcome, nothing reserved, issued or written twice.
        var decision = approved.Decision!;
        var again = await ActivatorUtilities.CreateInstance<ReserveBudget>(harness.Host.Services).RunAsync(null!, new StepInput(id, 1, reserved.Entry.At)
        {
            Approval = new WorkflowEvent(WorkflowEventKind.Approve, decision.DeciderId, decision.Comment, decision.At),
        });

        Assert.True(again is { Reserved: true, Recorded: true });
        Assert.Equal(Payout.IdFor(id), again.PayoutId);
        var after = (await harness.Applications.GetAsync(id))!.Value;
        Assert.Equal((approved.Status, approved.UpdatedAt, approved.PayoutId, approved.Decision, approved.ReportDue), (after.Status, after.UpdatedAt, after.PayoutId, after.Decision, after.ReportDue));
        Assert.Equal(new Yen(80_000), (await harness.DirectorBudgetAsync()).Reserved);
        Assert.Equal(Payout.IdFor(id), Assert.Single(await harness.Payouts.ListByStatusAsync(PayoutStatus.Approved).ToListAsync()).Id);
        Assert.Single(await harness.Payouts.ListByPayeeAsync(Researcher.Id).ToListAsync());
        Assert.Equal(Money(rows), Money(await AuditRowsAsync(harness, id)));
    }

    [Fact]
    public async Task A_workflow_whose_reservation_named_no_payout_creates_it_in_the_step_after_and_ends_approved()
    {
        await using var harness = await StartAsync(tasks: WithReservationAsItWas);
        var id = await ApproveNewAsync(harness);

        // The workflow went on past the payout: it recorded the approval and mailed it, and did not fail.
        await harness.WaitForMailAsync(DemoData.Researcher.Email, "申請が承認されました");
        Assert.NotEqual(OrchestrationRuntimeStatus.Failed, (await harness.Client.GetInstanceAsync(Application.InstanceIdFor(id, 1)))!.RuntimeStatus);
        Assert.Equal(new Yen(80_000), (await harness.DirectorBudgetAsync()).Reserved);
        Assert.Equal(Payout.IdFor(id), Assert.Single(await harness.Payouts.ListByStatusAsync(PayoutStatus.Approved).ToListAsync()).Id);
        var rows = await AuditRowsAsync(harness, id);
        Assert.Single(rows, r => r.Entry.Action == "budget-reserved");
        Assert.EndsWith("-s1-payout", Assert.Single(rows, r => r.Entry.Action == "payout-created").Key, StringComparison.Ordinal);
    }

    /// <summary>Submits the harness's usual ¥80,000 application, approves it, and returns its id once it is approved with its payout.</summary>
    static async Task<string> ApproveNewAsync(WorkflowHarness harness)
    {
        var submitted = await harness.SubmitNewAsync(Researcher);
        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);
        Ok(await harness.Decisions.DecideAsync(Director, submitted.Id, new DecisionRequest("approve", null)));
        var approved = await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.Approved);
        Assert.Equal(Payout.IdFor(submitted.Id), approved.PayoutId);
        return submitted.Id;
    }

    /// <summary>
    /// The application's audit rows with their keys, in key order (the timeline's), from one read: the workflow goes on
    /// writing rows (the approval's notice) while the test reads, so keys and entries read apart could differ by one.
    /// </summary>
    static Task<List<(string Key, AuditEntry Entry)>> AuditRowsAsync(WorkflowHarness harness, string applicationId) =>
        new AuditTrail(harness.Storage).ReadKeyedAsync(applicationId);

    /// <summary>The keys of the rows that say money was reserved, a payout created or the approval recorded.</summary>
    static IEnumerable<string> Money(IEnumerable<(string Key, AuditEntry Entry)> rows) =>
        rows.Where(r => r.Entry.Action is "budget-reserved" or "payout-created" or "approved").Select(r => r.Key);

    /// <summary>Grants' tasks, with the budget reserved as the step did before it issued the payout: an outcome without a payout id.</summary>
    static readonly Action<DurableTaskRegistry> WithReservationAsItWas =
        GrantsTasks((activity, services) => activity == typeof(ReserveBudget) ? ActivatorUtilities.CreateInstance<ReservationAsItWas>(services) : null);

    /// <summary>ReserveBudget as it was for an application without caps: the reservation and its audit line, no payout.</summary>
    sealed class ReservationAsItWas(ApplicationStore applications, FundStore funds, AuditTrail audit) : TaskActivity<StepInput, ReservationOutcome>
    {
        public override async Task<ReservationOutcome> RunAsync(TaskActivityContext context, StepInput input)
        {
            var application = await applications.RequireAsync(input.ApplicationId);
            var outcome = await funds.ReserveAsync(application.Id, application.FundId!, application.FiscalYear!.Value, application.Commitment, input.At);
            await audit.AppendAsync(application.Id, $"s{input.Submission}-reserve", new AuditEntry(input.At, "system", outcome.Reserved ? "budget-reserved" : "budget-insufficient", outcome.Problem ?? "reserved"));
            return outcome with { Payment = application.PaymentKind };
        }
    }
}
