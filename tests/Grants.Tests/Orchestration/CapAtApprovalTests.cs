using Grants.Tests.Infrastructure;
using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Grants.Tests.Orchestration.WorkflowHarness;

namespace Grants.Tests.Orchestration;

/// <summary>
/// The per-person yearly cap holds when money is reserved at approval, under concurrency and across the two funds a program
/// pays from, not only at submission: an approval that would exceed it is not honoured, and the approver is told why.
/// </summary>
[Trait("Kind", "Orchestration")]
public sealed class CapAtApprovalTests
{
    [Fact]
    public async Task Two_500000_yen_applications_approved_at_once_with_380000_granted_never_grant_more_than_the_1000000_yen_cap()
    {
        await using var harness = await StartAsync();
        var granted = await harness.SubmitNewAsync(Researcher, OpenAccess(380_000, "既に採択された論文", jointUse: false));
        await harness.WaitForStatusAsync(granted.Id, ApplicationStatus.AwaitingApproval);
        Ok(await harness.Decisions.DecideAsync(Director, granted.Id, new DecisionRequest("approve", null)));
        await harness.WaitForStatusAsync(granted.Id, ApplicationStatus.Approved);

        // Each passes the check at submission (¥380,000 + ¥500,000 ≤ ¥1,000,000); they go to different funds and approvers.
        var fromDirector = await harness.SubmitNewAsync(Researcher, OpenAccess(500_000, "所長裁量経費の論文", jointUse: false));
        var fromJointUse = await harness.SubmitNewAsync(Researcher, OpenAccess(500_000, "共同利用研究の論文", jointUse: true));
        await harness.WaitForStatusAsync(fromDirector.Id, ApplicationStatus.AwaitingApproval);
        var jointUse = await harness.WaitForStatusAsync(fromJointUse.Id, ApplicationStatus.AwaitingApproval);
        Assert.Equal(DemoData.JointUseFund, jointUse.FundId);

        var jointUseApprover = new Grants.Workflows.Access.Actor(DemoData.JointUseApprover.Id, new HashSet<string> { Grants.Workflows.Access.Roles.Approver });
        var decisions = await Task.WhenAll(
            harness.Decisions.DecideAsync(Director, fromDirector.Id, new DecisionRequest("approve", null)),
            harness.Decisions.DecideAsync(jointUseApprover, fromJointUse.Id, new DecisionRequest("approve", null)));
        Assert.All(decisions, d => Assert.True(d.Succeeded));

        // Exactly one is approved; the other stays with its approver, who is told why.
        SentMessage? refusal = null;
        await EventuallyAsync(
            () => Task.FromResult((refusal = harness.Mail.Messages.FirstOrDefault(m => m.Subject.Contains("上限超過", StringComparison.Ordinal))) is not null),
            () => "the over-cap mail to the approver");
        var applications = new[] { fromDirector.Id, fromJointUse.Id };
        Application[] ended = [];
        await EventuallyAsync(async () =>
        {
            ended = await Task.WhenAll(applications.Select(async id => (await harness.Applications.GetAsync(id))!.Value));
            return ended.Count(a => a.Status == ApplicationStatus.Approved) == 1 && ended.Count(a => a.Status == ApplicationStatus.AwaitingApproval && a.Claim is null) == 1;
        }, () => $"one approved and one awaiting approval; they are {string.Join(", ", ended.Select(a => a.Status))}");

        var approved = ended.Single(a => a.Status == ApplicationStatus.Approved);
        var waiting = ended.Single(a => a.Status == ApplicationStatus.AwaitingApproval);
        Assert.Contains(refusal!.To, new[] { DemoData.Director.Email, DemoData.JointUseApprover.Email });
        Assert.Contains("1人1年度あたりの上限", refusal.Body, StringComparison.Ordinal);
        Assert.Contains("cap of ¥1,000,000 per person and fiscal year", refusal.Body, StringComparison.Ordinal);
        Assert.Null(await harness.Payouts.GetAsync(Payout.IdFor(waiting.Id)));
        Assert.NotNull(await harness.Payouts.GetAsync(Payout.IdFor(approved.Id)));

        var funds = harness.Funds;
        var reserved = (await funds.GetBudgetAsync(DemoData.DirectorFund, harness.Year))!.Reserved + (await funds.GetBudgetAsync(DemoData.JointUseFund, harness.Year))!.Reserved;
        Assert.Equal(new Yen(880_000), reserved);
        var ledger = await harness.Host.Services.GetRequiredService<PersonGrantLedger>().GetAsync(DemoData.Researcher.Id, DemoData.ImaGaTaisetsu, harness.Year);
        Assert.Equal(new Yen(880_000), ledger!.Total);

        // The approver may reject it now; nothing more is granted.
        var decider = waiting.FundId == DemoData.JointUseFund ? jointUseApprover : Director;
        Ok(await harness.Decisions.DecideAsync(decider, waiting.Id, new DecisionRequest("reject", "年度の上限に達しています。")));
        await harness.WaitForStatusAsync(waiting.Id, ApplicationStatus.Rejected);
        Assert.Equal(new Yen(880_000), (await harness.Host.Services.GetRequiredService<PersonGrantLedger>().GetAsync(DemoData.Researcher.Id, DemoData.ImaGaTaisetsu, harness.Year))!.Total);
    }

    [Fact]
    public async Task Holding_against_the_cap_is_idempotent_per_application_and_taken_back_when_the_fund_cannot_pay()
    {
        await using var harness = await StartAsync();
        var ledger = harness.Host.Services.GetRequiredService<PersonGrantLedger>();
        var (first, _) = Ok(await harness.Drafts.CreateDraftAsync(Researcher, OpenAccess(400_000, "一本目", jointUse: false), idempotencyKey: null));
        var (second, _) = Ok(await harness.Drafts.CreateDraftAsync(Researcher, OpenAccess(400_000, "二本目", jointUse: false), idempotencyKey: null));
        var cap = new Yen(1_000_000);

        Assert.True((await ledger.HoldAsync(first, harness.Year, cap)).Held);
        Assert.True((await ledger.HoldAsync(first, harness.Year, cap)).Held);
        Assert.Equal(new Yen(400_000), (await ledger.GetAsync(DemoData.Researcher.Id, DemoData.ImaGaTaisetsu, harness.Year))!.Total);
        Assert.True((await ledger.HoldAsync(second, harness.Year, cap)).Held);
        var third = first with { Id = "APP-00000000000000FF" };
        Assert.Equal(new CapHold(false, new Yen(800_000)), await ledger.HoldAsync(third, harness.Year, cap));

        await ledger.RemoveHoldAsync(second, harness.Year);
        await ledger.RemoveHoldAsync(second, harness.Year);
        Assert.True((await ledger.HoldAsync(third, harness.Year, cap)).Held);
        await ledger.ReleaseAsync(third, harness.Year, "third-end", new Yen(100_000));
        await ledger.ReleaseAsync(third, harness.Year, "third-end", new Yen(100_000));
        Assert.Equal(new Yen(700_000), (await ledger.GetAsync(DemoData.Researcher.Id, DemoData.ImaGaTaisetsu, harness.Year))!.Total);
    }

    static DraftRequest OpenAccess(long amount, string title, bool jointUse) =>
        new(DemoData.ImaGaTaisetsu, new Paper(title, "Physical Review Materials", jointUse), [new ExpenseLine(ExpenseKind.OpenAccessCharge, new Yen(amount), "オープンアクセス掲載料")]);
}
