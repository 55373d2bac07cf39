using Grants.Workflows.Access;
using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;
using Grants.Workflows.Programs;
using static Grants.Tests.Orchestration.WorkflowHarness;
using static Grants.Tests.Programs.ProgramHarness;

namespace Grants.Tests.Programs;

/// <summary>
/// The international-student fellowship (若手受け入れフェローシップ) under the in-memory host: nominated with the sending
/// university, endorsed by the host researcher, paid monthly at the pre-arrival rate until the host records the
/// arrival (whose expected date moves), then at the post-arrival rate, and extended on request and approval.
/// </summary>
[Trait("Kind", "Orchestration")]
public sealed class InternationalFellowshipTests
{
    static async Task<Application> ApprovedAsync(Orchestration.WorkflowHarness harness, int months)
    {
        var submitted = await harness.SubmitWithAsync(InternationalStudent, InternationalDraft(months), DocumentKind.Nomination, DocumentKind.AdmissionPapers);
        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingEndorsement);
        Ok(await harness.Endorsements.EndorseAsync(Supervisor, submitted.Id, new EndorsementRequest("endorse", "受入研究者として推薦します。")));
        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);
        Ok(await harness.Decisions.DecideAsync(Director, submitted.Id, new DecisionRequest("approve", "採択します。")));
        await harness.WaitForPayoutAsync(submitted.Id, 1);
        return await harness.WaitForAsync(submitted.Id, a => a.PaidMonths == 1, "month 1 recorded");
    }

    [Fact]
    public async Task Pre_arrival_rate_until_the_host_records_the_arrival_after_the_date_moved_twice_then_post_arrival_rate_and_one_extension()
    {
        // Long enough between months for the arrival steps to land before month 2 is due.
        var every = TimeSpan.FromSeconds(8);
        await using var harness = await StartAsync(new WorkflowOptions { PaymentEvery = every });
        var today = JapanToday;
        var submitted = await harness.SubmitWithAsync(InternationalStudent, InternationalDraft(months: 2, expectedArrival: today.AddDays(30)), DocumentKind.Nomination, DocumentKind.AdmissionPapers);
        Assert.Equal(PaymentKind.MonthlyBeforeAndAfterArrival, submitted.PaymentKind);
        Assert.Equal(SendingUniversity, submitted.SendingUniversity);
        // Approval reserves every month at the higher rate.
        Assert.Equal(new Yen(300_000), submitted.Commitment);

        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingEndorsement);
        await harness.WaitForMailAsync(DemoData.Supervisor.Email, "推薦のお願い");
        Assert.Equal(ProblemKind.Forbidden, (await harness.Endorsements.EndorseAsync(InternationalStudent, submitted.Id, new EndorsementRequest("endorse", ""))).Problem?.Kind);
        Ok(await harness.Endorsements.EndorseAsync(Supervisor, submitted.Id, new EndorsementRequest("endorse", "受入研究者として推薦します。")));
        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);
        Ok(await harness.Decisions.DecideAsync(Director, submitted.Id, new DecisionRequest("approve", "採択します。")));

        // Month 1, before arrival: the pre-arrival rate.
        var first = await harness.WaitForPayoutAsync(submitted.Id, 1);
        Assert.Equal(new Yen(50_000), first.Amount);
        Assert.Equal(DemoData.InternationalStudent.Id, first.PayeeId);
        Assert.Equal(DemoData.InstituteFund, first.FundId);
        Assert.Equal(new Yen(300_000), (await harness.BudgetAsync(DemoData.InstituteFund)).Reserved);
        await harness.WaitForAsync(submitted.Id, a => a.PaidMonths == 1, "month 1 recorded");

        // Only the host records the arrival, and with exactly one of the two dates, within sensible bounds.
        Assert.Equal(ProblemKind.Forbidden, (await harness.AwardEvents.RecordArrivalAsync(InternationalStudent, submitted.Id, new ArrivalRequest(null, today.AddDays(40)))).Problem?.Kind);
        Assert.Equal(ProblemKind.NotFound, (await harness.AwardEvents.RecordArrivalAsync(Student, submitted.Id, new ArrivalRequest(null, today.AddDays(40)))).Problem?.Kind);
        Assert.Equal(ProblemKind.Invalid, (await harness.AwardEvents.RecordArrivalAsync(Supervisor, submitted.Id, new ArrivalRequest(null, null))).Problem?.Kind);
        Assert.Equal(ProblemKind.Invalid, (await harness.AwardEvents.RecordArrivalAsync(Supervisor, submitted.Id, new ArrivalRequest(today, today.AddDays(1)))).Problem?.Kind);
        Assert.Equal(ProblemKind.Invalid, (await harness.AwardEvents.RecordArrivalAsync(Supervisor, submitted.Id, new ArrivalRequest(today.AddDays(1), null))).Problem?.Kind);
        Assert.Equal(ProblemKind.Invalid, (await harness.AwardEvents.RecordArrivalAsync(Supervisor, submitted.Id, new ArrivalRequest(null, today.AddDays(-1)))).Problem?.Kind);

        // The expected date moves, twice; each move is recorded.
        Ok(await harness.AwardEvents.RecordArrivalAsync(Supervisor, submitted.Id, new ArrivalRequest(null, today.AddDays(45))));
        await harness.WaitForAsync(submitted.Id, a => a.ExpectedArrival == today.AddDays(45), "first move of the expected arrival");
        Ok(await harness.AwardEvents.RecordArrivalAsync(Supervisor, submitted.Id, new ArrivalRequest(null, today.AddDays(60))));
        var moved = await harness.WaitForAsync(submitted.Id, a => a.ExpectedArrival == today.AddDays(60), "second move of the expected arrival");
        Assert.Null(moved.ArrivedOn);
        Assert.Equal(ApplicationStatus.Approved, moved.Status);

        // The student arrives early after all; the host records it.
        Ok(await harness.AwardEvents.RecordArrivalAsync(Supervisor, submitted.Id, new ArrivalRequest(today, null)));
        var arrived = await harness.WaitForAsync(submitted.Id, a => a.ArrivedOn == today, "arrival recorded");
        Assert.Equal(1, arrived.PaidMonths);
        await harness.WaitForMailAsync(DemoData.InternationalStudent.Email, "来日を記録しました");
        await harness.WaitForMailAsync(DemoData.Director.Email, "来日を記録しました");
        Assert.Equal(ProblemKind.Conflict, (await harness.AwardEvents.RecordArrivalAsync(Supervisor, submitted.Id, new ArrivalRequest(today, null))).Problem?.Kind);

        // Month 2, after arrival: the post-arrival rate. It is the last month requested.
        var second = await harness.WaitForPayoutAsync(submitted.Id, 2, LongWait);
        Assert.Equal(new Yen(150_000), second.Amount);
        var lastMonth = await harness.WaitForAsync(submitted.Id, a => a.PaidMonths == 2, "month 2 recorded");
        Assert.Equal(ApplicationStatus.Approved, lastMonth.Status);

        // In that last month the student asks for one more; the director grants it, which reserves it.
        Assert.Equal(ProblemKind.Conflict, (await harness.AwardEvents.DecideExtensionAsync(Director, submitted.Id, new DecisionRequest("approve", null))).Problem?.Kind);
        Assert.Equal(ProblemKind.Invalid, (await harness.AwardEvents.RequestExtensionAsync(InternationalStudent, submitted.Id, new ExtensionRequest(1, " "))).Problem?.Kind);
        Ok(await harness.AwardEvents.RequestExtensionAsync(InternationalStudent, submitted.Id, new ExtensionRequest(1, "入国後の実験に1か月必要です。")));
        Assert.Equal(1, (await harness.CurrentAsync(submitted.Id)).ExtensionRequested);
        Assert.Equal(ProblemKind.Conflict, (await harness.AwardEvents.RequestExtensionAsync(Supervisor, submitted.Id, new ExtensionRequest(1, "もう1か月"))).Problem?.Kind);
        Assert.Equal(ProblemKind.Forbidden, (await harness.AwardEvents.DecideExtensionAsync(InternationalStudent, submitted.Id, new DecisionRequest("approve", null))).Problem?.Kind);
        Assert.Equal(ProblemKind.Forbidden, (await harness.AwardEvents.DecideExtensionAsync(Supervisor, submitted.Id, new DecisionRequest("approve", null))).Problem?.Kind);
        Assert.Equal(ProblemKind.Invalid, (await harness.AwardEvents.DecideExtensionAsync(Director, submitted.Id, new DecisionRequest("maybe", null))).Problem?.Kind);
        Ok(await harness.AwardEvents.DecideExtensionAsync(Director, submitted.Id, new DecisionRequest("approve", "延長を認めます。")));
        var extended = await harness.WaitForAsync(submitted.Id, a => a.ExtensionMonths == 1, "extension granted");
        Assert.Equal(0, extended.ExtensionRequested);
        Assert.Equal(new Yen(450_000), extended.Commitment);
        Assert.Equal(new Yen(450_000), (await harness.BudgetAsync(DemoData.InstituteFund)).Reserved);
        var extendedMail = await harness.WaitForMailAsync(DemoData.InternationalStudent.Email, "支援期間の延長");
        Assert.Contains("合計 3 か月", extendedMail.Body, StringComparison.Ordinal);
        await harness.WaitForMailAsync(DemoData.Supervisor.Email, "支援期間の延長");

        // Extensions are capped at 24 months in all: 1 granted + 24 more is refused, as is asking for 25 at once.
        var beyond = await harness.AwardEvents.RequestExtensionAsync(InternationalStudent, submitted.Id, new ExtensionRequest(24, "さらに2年"));
        Assert.Equal(ProblemKind.Invalid, beyond.Problem?.Kind);
        Assert.True(beyond.Problem!.Errors!.ContainsKey("months"));
        Assert.Equal(ProblemKind.Invalid, (await harness.AwardEvents.RequestExtensionAsync(InternationalStudent, submitted.Id, new ExtensionRequest(25, "さらに2年"))).Problem?.Kind);
        Assert.Equal(0, (await harness.CurrentAsync(submitted.Id)).ExtensionRequested);

        // The extra month is paid at the post-arrival rate; at the end of it, support ends.
        var completed = await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.Completed, LongWait);
        Assert.Equal(3, completed.PaidMonths);
        Assert.Equal(today.AddDays(60), completed.ExpectedArrival);
        Assert.Equal(today, completed.ArrivedOn);
        var payouts = await harness.MonthlyPayoutsAsync(submitted.Id);
        Assert.Equal(
            [(Payout.IdFor(submitted.Id, 1), 50_000L), (Payout.IdFor(submitted.Id, 2), 150_000L), (Payout.IdFor(submitted.Id, 3), 150_000L)],
            payouts.Select(p => (p.Id, p.Amount.Value)).ToArray());
        // Once the workflow (and its award) has ended, no fourth month can come.
        Assert.Equal(ApplicationStatus.Completed, await harness.WaitForCompletionAsync(Application.InstanceIdFor(submitted.Id, 1)));
        Assert.Null(await harness.Payouts.GetAsync(Payout.IdFor(submitted.Id, 4)));

        // 450,000 was reserved; 350,000 was paid out; the 100,000 the higher rate kept for month 1 is released.
        var budget = await harness.BudgetAsync(DemoData.InstituteFund);
        Assert.Equal(new Yen(350_000), budget.Reserved);
        Assert.Equal(new Yen(10_000_000 - 350_000), budget.Remaining);

        var history = await harness.HistoryAsync(submitted.Id);
        Assert.Equal(2, history.Count(h => h.Action == "arrivalexpected"));
        Assert.Contains(history, h => h.Action == "arrivalexpected" && h.Detail.Contains($"{today.AddDays(45):yyyy-MM-dd}", StringComparison.Ordinal));
        Assert.Contains(history, h => h.Action == "arrivalexpected" && h.Detail.Contains($"{today.AddDays(60):yyyy-MM-dd}", StringComparison.Ordinal));
        Assert.Equal(DemoData.Supervisor.Id, Assert.Single(history, h => h.Action == "arrived").Actor);
        Assert.Single(history, h => h.Action == "extension-requested");
        Assert.Equal(DemoData.Director.Id, Assert.Single(history, h => h.Action == "extension-approved").Actor);
        Assert.Contains(history, h => h.Action == "monthly-payout-created" && h.Detail.Contains("before arrival", StringComparison.Ordinal));
        Assert.Equal(2, history.Count(h => h.Action == "monthly-payout-created" && h.Detail.Contains("after arrival", StringComparison.Ordinal)));
        Assert.Contains("¥100,000 released", Assert.Single(history, h => h.Action == "support-ended").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_extension_approved_twice_at_once_is_granted_and_reserved_once()
    {
        var every = TimeSpan.FromSeconds(8);
        await using var harness = await StartAsync(new WorkflowOptions { PaymentEvery = every });
        var application = await ApprovedAsync(harness, months: 1);
        Ok(await harness.AwardEvents.RequestExtensionAsync(InternationalStudent, application.Id, new ExtensionRequest(1, "もう1か月")));

        // Two approvals sent together (a double click, or the director and a delegate): both are accepted, one counts.
        var approvals = await Task.WhenAll(
            harness.AwardEvents.DecideExtensionAsync(Director, application.Id, new DecisionRequest("approve", null)),
            harness.AwardEvents.DecideExtensionAsync(Director, application.Id, new DecisionRequest("approve", null)));
        Assert.All(approvals, a => Assert.True(a.Succeeded));

        var completed = await harness.WaitForStatusAsync(application.Id, ApplicationStatus.Completed, LongWait);
        Assert.Equal(1, completed.ExtensionMonths);
        Assert.Equal(2, completed.PaidMonths);
        Assert.Equal(ApplicationStatus.Completed, await harness.WaitForCompletionAsync(Application.InstanceIdFor(application.Id, 1)));
        Assert.Equal(2, (await harness.MonthlyPayoutsAsync(application.Id)).Count);
        // Paid: 50,000 + 50,000 (never arrived); reserved 150,000 × 2 and the unpaid rest released.
        var budget = await harness.BudgetAsync(DemoData.InstituteFund);
        Assert.Equal(new Yen(100_000), budget.Reserved);
        Assert.DoesNotContain(harness.Mail.To(DemoData.Director.Email), m => m.Subject.Contains("予算残額不足", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_extension_changes_nothing_and_support_ends_on_time()
    {
        await using var harness = await StartAsync(new WorkflowOptions { PaymentEvery = TimeSpan.FromSeconds(4) });
        var application = await ApprovedAsync(harness, months: 2);
        Ok(await harness.AwardEvents.RequestExtensionAsync(Supervisor, application.Id, new ExtensionRequest(3, "実験装置の到着が遅れています。")));
        Ok(await harness.AwardEvents.DecideExtensionAsync(Director, application.Id, new DecisionRequest("reject", "予算の都合で延長できません。")));
        await harness.WaitForAsync(application.Id, a => a.ExtensionRequested == 0, "refusal recorded");

        var completed = await harness.WaitForStatusAsync(application.Id, ApplicationStatus.Completed, LongWait);
        Assert.Equal(0, completed.ExtensionMonths);
        Assert.Equal(2, completed.PaidMonths);
        var amounts = (await harness.MonthlyPayoutsAsync(application.Id)).Select(p => p.Amount.Value).ToArray();
        Assert.Equal(new[] { 50_000L, 50_000L }, amounts);
        Assert.Equal(new Yen(100_000), (await harness.BudgetAsync(DemoData.InstituteFund)).Reserved);
        var history = await harness.HistoryAsync(application.Id);
        Assert.Equal(DemoData.Director.Id, Assert.Single(history, h => h.Action == "extension-refused").Actor);
        Assert.DoesNotContain(history, h => h.Action == "extension-approved");
    }

    [Fact]
    public async Task Support_waits_for_an_extension_asked_in_the_last_month_then_ends_when_it_is_refused()
    {
        await using var harness = await StartAsync(new WorkflowOptions { PaymentEvery = TimeSpan.FromSeconds(2) });
        var application = await ApprovedAsync(harness, months: 1);
        Ok(await harness.AwardEvents.RequestExtensionAsync(InternationalStudent, application.Id, new ExtensionRequest(1, "もう1か月")));

        // The only month's time runs out while the request waits: support does not end under the director's feet.
        var award = Workflows.Orchestration.AwardWorkflow.InstanceIdFor(application.Id);
        await WaitForAsync(async () => await harness.Client.GetInstanceAsync(award, getInputsAndOutputs: true) is { SerializedCustomStatus: { } status } && status.Contains("awaiting extension", StringComparison.Ordinal) ? status : null,
            "award waiting for the extension decision", LongWait);
        var waiting = await harness.CurrentAsync(application.Id);
        Assert.Equal(ApplicationStatus.Approved, waiting.Status);
        Assert.Equal(1, waiting.ExtensionRequested);

        Ok(await harness.AwardEvents.DecideExtensionAsync(Director, application.Id, new DecisionRequest("reject", "予算の都合で延長できません。")));
        var completed = await harness.WaitForStatusAsync(application.Id, ApplicationStatus.Completed, LongWait);
        Assert.Equal((0, 0, 1), (completed.ExtensionRequested, completed.ExtensionMonths, completed.PaidMonths));
        Assert.Equal(new Yen(50_000), (await harness.BudgetAsync(DemoData.InstituteFund)).Reserved);

        // After the end an extension is refused outright, not accepted and then forgotten.
        var late = await harness.AwardEvents.RequestExtensionAsync(InternationalStudent, application.Id, new ExtensionRequest(1, "もう1か月"));
        Assert.Equal(ProblemKind.Conflict, late.Problem?.Kind);
        Assert.Equal(0, (await harness.CurrentAsync(application.Id)).ExtensionRequested);
    }

    [Fact]
    public async Task Without_a_sending_university_the_nomination_is_not_eligible()
    {
        await using var harness = await StartAsync();
        var submitted = await harness.SubmitWithAsync(InternationalStudent, InternationalDraft() with { SendingUniversity = null }, DocumentKind.Nomination, DocumentKind.AdmissionPapers);

        Assert.Equal(ApplicationStatus.Ineligible, await harness.WaitForCompletionAsync(Application.InstanceIdFor(submitted.Id, 1)));
        var ineligible = await harness.CurrentAsync(submitted.Id);
        Assert.Equal("sending-university-missing", Assert.Single(ineligible.EligibilityReasons!).Code);
        Assert.Empty(harness.Mail.To(DemoData.Supervisor.Email));
        await harness.WaitForMailAsync(DemoData.InternationalStudent.Email, "要件を満たしていません");
    }
}
