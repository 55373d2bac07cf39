using Grants.Workflows.Applications;
using Grants.Workflows.Money;
using Grants.Workflows.Programs;

namespace Grants.Tests.Applications;

/// <summary>The support plan of an application: the amounts of one application agree across its plan, what approval reserves and what each month pays.</summary>
[Trait("Kind", "Unit")]
public sealed class SupportPlanTests
{
    static readonly DateTimeOffset At = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    static Application With(int months, params ExpenseLine[] lines) =>
        new("APP-1", "student", "international-fellowship", 1, new Paper("Joint research", "Sending university", false), lines, [], ApplicationStatus.Draft, 0, At, At, Months: months);

    /// <summary>The student of issue 13: ¥50,000 a month before arrival, ¥150,000 after, for 12 months.</summary>
    static readonly Application Student = With(12,
        new ExpenseLine(ExpenseKind.PreArrivalMonthly, new Yen(50_000), "remote"),
        new ExpenseLine(ExpenseKind.PostArrivalMonthly, new Yen(150_000), "in Japan"));

    [Fact]
    public void Before_and_after_arrival_reserves_every_month_at_the_higher_rate_and_pays_each_month_at_its_phase_rate()
    {
        var plan = Student.Plan;

        Assert.Equal(PaymentKind.MonthlyBeforeAndAfterArrival, plan.Payment);
        Assert.Equal(12, plan.Months);
        Assert.Equal([new SupportPhase(SupportPhaseKind.BeforeArrival, 12, new Yen(50_000)), new SupportPhase(SupportPhaseKind.AfterArrival, 12, new Yen(150_000))], plan.Phases);
        Assert.Equal(new Yen(1_800_000), plan.Reserved);
        Assert.Equal(plan.Reserved, Student.Commitment);
        Assert.Equal(new Yen(150_000), plan.ReservedPerMonth);
        Assert.Contains("¥1,800,000", plan.ReasonEn, StringComparison.Ordinal);
        Assert.Contains("¥1,800,000", plan.ReasonJa, StringComparison.Ordinal);

        Assert.Equal(new Yen(50_000), plan.AmountForMonth(1, arrived: false));
        Assert.Equal(new Yen(150_000), plan.AmountForMonth(12, arrived: true));
        Assert.Equal(Yen.Zero, plan.AmountForMonth(13, arrived: true));
        Assert.Equal(Yen.Zero, plan.AmountForMonth(0, arrived: false));

        // Whenever the student arrives, what the months pay never exceeds what approval reserved.
        for (var arrivalMonth = 1; arrivalMonth <= 13; arrivalMonth++)
        {
            var paid = Yen.Sum(Enumerable.Range(1, 12).Select(m => plan.AmountForMonth(m, arrived: m >= arrivalMonth)));
            Assert.True(paid <= plan.Reserved, $"arrival in month {arrivalMonth}: {paid} paid, {plan.Reserved} reserved");
        }

        Assert.Equal(plan.Reserved, Yen.Sum(Enumerable.Range(1, 12).Select(m => plan.AmountForMonth(m, arrived: true))));
    }

    [Fact]
    public void An_extension_adds_its_months_at_the_reserved_rate_and_they_are_paid()
    {
        var extended = Student with { ExtensionMonths = 3 };

        Assert.Equal(15, extended.Plan.Months);
        Assert.Equal(Student.Plan.Reserved + (Student.Plan.ReservedPerMonth * 3), extended.Plan.Reserved);
        Assert.Equal(new Yen(150_000), extended.Plan.AmountForMonth(15, arrived: true));
        Assert.Contains("3 extension months", extended.Plan.ReasonEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Research_assistant_employment_is_one_phase_paid_at_its_rate_every_month()
    {
        var plan = With(6, new ExpenseLine(ExpenseKind.ResearchAssistantMonthly, new Yen(40_000), "RA")).Plan;

        Assert.Equal([new SupportPhase(SupportPhaseKind.Whole, 6, new Yen(40_000))], plan.Phases);
        Assert.Equal(new Yen(240_000), plan.Reserved);
        Assert.Equal(new Yen(40_000), plan.AmountForMonth(1, arrived: false));
        Assert.Equal(new Yen(40_000), plan.AmountForMonth(6, arrived: true));
    }

    [Fact]
    public void A_one_time_payment_reserves_and_pays_the_total_once()
    {
        var application = With(0,
            new ExpenseLine(ExpenseKind.SubmissionFee, new Yen(30_000), "fee"),
            new ExpenseLine(ExpenseKind.OpenAccessCharge, new Yen(234_000), "APC"));

        Assert.Empty(application.Plan.Phases);
        Assert.Equal(new Yen(264_000), application.Plan.Reserved);
        Assert.Equal(application.Total, application.Plan.AmountForMonth(1, arrived: false));
        Assert.Equal(Yen.Zero, application.Plan.AmountForMonth(2, arrived: false));
    }
}
