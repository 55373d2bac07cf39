using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Grants.Workflows.Eligibility;
using Grants.Workflows.Money;
using Grants.Workflows.People;
using Grants.Workflows.Programs;

namespace Grants.Tests.Programs;

/// <summary>The rules the three programs add to eligibility: enrolment, endorsement, months, monthly-only support, the yearly cap per person, career stage.</summary>
[Trait("Kind", "Unit")]
public sealed class ProgramEligibilityTests
{
    static readonly EligibilityContext ThisYear = new(new FiscalYear(2026), Yen.Zero);

    static ApplicationDocument Document(DocumentKind kind) => new("DOC-" + kind, kind, kind + ".pdf", "application/pdf", 1234, new string('a', 64), DateTimeOffset.UnixEpoch);

    static ExpenseLine Line(ExpenseKind kind, long yen) => new(kind, new Yen(yen), kind.ToString());

    static Application Graduate(int months = 3, string? endorserId = "kato@example.ac.jp", IReadOnlyList<ExpenseLine>? lines = null, params DocumentKind[] documents) =>
        new("APP-GRAD", DemoData.Student.Id, DemoData.GraduateFellowship, 1, new Paper("国際共同研究のRA", "Partner University", false),
            lines ?? [Line(ExpenseKind.ResearchAssistantMonthly, 80_000)],
            [.. (documents.Length == 0 ? new[] { DocumentKind.EmploymentPlan } : documents).Select(Document)],
            ApplicationStatus.Submitted, 1, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, EndorserId: endorserId, Months: months);

    static Application International(int months = 2, Partner? partner = null) =>
        new("APP-INTL", DemoData.InternationalStudent.Id, DemoData.InternationalFellowship, 1, new Paper("Remote joint research", "Partner University", false),
            [Line(ExpenseKind.PreArrivalMonthly, 50_000), Line(ExpenseKind.PostArrivalMonthly, 150_000)],
            [Document(DocumentKind.Nomination), Document(DocumentKind.AdmissionPapers)],
            ApplicationStatus.Submitted, 1, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, EndorserId: DemoData.Supervisor.Id, Months: months,
            SendingUniversity: partner);

    static Application Publication(Person applicant) =>
        new("APP-PUB", applicant.Id, DemoData.ImaGaTaisetsu, 1, new Paper("酸化物薄膜の界面磁性", "Physical Review Materials", false),
            [Line(ExpenseKind.SubmissionFee, 80_000)], [Document(DocumentKind.Invoice)],
            ApplicationStatus.Submitted, 1, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    static HashSet<string> Codes(GrantProgram program, Person applicant, Application application, EligibilityContext? context = null) =>
        EligibilityCheck.Evaluate(program, applicant, application, context ?? ThisYear).Select(r => r.Code).ToHashSet();

    [Fact]
    public void An_enrolled_student_with_an_endorser_an_employment_plan_and_months_in_range_is_eligible()
    {
        Assert.Empty(Codes(DemoData.GraduateSupport, DemoData.Student, Graduate()));
        // Twelve months is the most the program pays, and 12 × 80,000 is exactly its cap per application.
        Assert.Empty(Codes(DemoData.GraduateSupport, DemoData.Student, Graduate(months: 12)));
        Assert.Empty(Codes(DemoData.InternationalSupport, DemoData.InternationalStudent, International(partner: ProgramHarness.SendingUniversity)));
    }

    [Fact]
    public void A_student_who_is_not_enrolled_is_not_eligible()
    {
        var graduated = DemoData.Student with { Enrolled = false };

        var reasons = EligibilityCheck.Evaluate(DemoData.GraduateSupport, graduated, Graduate(), ThisYear);

        Assert.Equal("not-enrolled", Assert.Single(reasons).Code);
        Assert.Equal(new HashSet<string> { "not-enrolled" }, Codes(DemoData.InternationalSupport, DemoData.InternationalStudent with { Enrolled = false }, International(partner: ProgramHarness.SendingUniversity)));
    }

    [Fact]
    public void An_endorser_must_be_named_and_nobody_endorses_their_own_application()
    {
        Assert.Equal(new HashSet<string> { "endorser-missing" }, Codes(DemoData.GraduateSupport, DemoData.Student, Graduate(endorserId: null)));
        Assert.Equal(new HashSet<string> { "endorser-missing" }, Codes(DemoData.GraduateSupport, DemoData.Student, Graduate(endorserId: "  ")));
        Assert.Equal(new HashSet<string> { "self-endorsement" }, Codes(DemoData.GraduateSupport, DemoData.Student, Graduate(endorserId: DemoData.Student.Id)));
        // The publication program asks for no endorsement.
        Assert.Empty(Codes(DemoData.PublicationSupport, DemoData.Researcher, Publication(DemoData.Researcher)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(13)]
    [InlineData(60)]
    public void Monthly_support_needs_between_one_month_and_the_program_maximum(int months)
    {
        Assert.Contains("months-out-of-range", Codes(DemoData.GraduateSupport, DemoData.Student, Graduate(months)));
        Assert.Contains("months-out-of-range", Codes(DemoData.InternationalSupport, DemoData.InternationalStudent, International(months, ProgramHarness.SendingUniversity)));
    }

    [Fact]
    public void One_time_support_in_the_graduate_program_needs_no_months()
    {
        var conference = Graduate(months: 0, lines: [Line(ExpenseKind.ConferencePresentation, 250_000)], documents: [DocumentKind.ConferenceAcceptance]);

        Assert.Empty(Codes(DemoData.GraduateSupport, DemoData.Student, conference));
    }

    [Fact]
    public void Monthly_support_and_one_time_expenses_go_in_separate_applications()
    {
        var mixed = Graduate(lines: [Line(ExpenseKind.ResearchAssistantMonthly, 80_000), Line(ExpenseKind.ConferencePresentation, 200_000)],
            documents: [DocumentKind.EmploymentPlan, DocumentKind.ConferenceAcceptance]);

        Assert.Equal(new HashSet<string> { "mixed-support" }, Codes(DemoData.GraduateSupport, DemoData.Student, mixed));
    }

    [Fact]
    public void The_monthly_rate_is_capped_per_month()
    {
        Assert.Equal(new HashSet<string> { "over-cap-per-paper" }, Codes(DemoData.GraduateSupport, DemoData.Student, Graduate(lines: [Line(ExpenseKind.ResearchAssistantMonthly, 80_001)])));
    }

    [Fact]
    public void What_was_already_granted_this_fiscal_year_counts_against_the_yearly_cap_per_person()
    {
        // 3 months × 80,000 = 240,000; the cap is 1,200,000 per person and fiscal year.
        var atTheCap = new EligibilityContext(new FiscalYear(2026), new Yen(960_000));
        var overTheCap = new EligibilityContext(new FiscalYear(2026), new Yen(960_001));

        Assert.Empty(Codes(DemoData.GraduateSupport, DemoData.Student, Graduate(), atTheCap));
        var reasons = EligibilityCheck.Evaluate(DemoData.GraduateSupport, DemoData.Student, Graduate(), overTheCap);
        var reason = Assert.Single(reasons);
        Assert.Equal("over-cap-per-person-year", reason.Code);
        Assert.Contains("FY2026", reason.Message, StringComparison.Ordinal);
        Assert.Contains("¥1,200,000", reason.Message, StringComparison.Ordinal);

        // The publication program's cap is 1,000,000.
        Assert.Equal(new HashSet<string> { "over-cap-per-person-year" },
            Codes(DemoData.PublicationSupport, DemoData.Researcher, Publication(DemoData.Researcher), new EligibilityContext(new FiscalYear(2026), new Yen(950_000))));
    }

    [Fact]
    public void The_publication_program_is_for_researchers_at_most_fifteen_years_after_their_doctorate()
    {
        // Doctorate in 2019: fifteen years later (FY2034) is still eligible; sixteen (FY2035) is not.
        Assert.Empty(Codes(DemoData.PublicationSupport, DemoData.Researcher, Publication(DemoData.Researcher), new EligibilityContext(new FiscalYear(2034), Yen.Zero)));
        var reasons = EligibilityCheck.Evaluate(DemoData.PublicationSupport, DemoData.Researcher, Publication(DemoData.Researcher), new EligibilityContext(new FiscalYear(2035), Yen.Zero));
        Assert.Equal("career-stage", Assert.Single(reasons).Code);
        Assert.Contains("2019", reasons[0].Message, StringComparison.Ordinal);

        // A postdoc without a recorded doctorate year is not judged on it; a program without the rule ignores it.
        var postdoc = DemoData.Researcher with { Position = Position.Postdoc, DoctorateYear = null };
        Assert.Empty(Codes(DemoData.PublicationSupport, postdoc, Publication(postdoc), new EligibilityContext(new FiscalYear(2035), Yen.Zero)));
        var noCareerRule = DemoData.PublicationSupport with { MaxYearsSinceDoctorate = null };
        Assert.Empty(Codes(noCareerRule, DemoData.Researcher, Publication(DemoData.Researcher), new EligibilityContext(new FiscalYear(2050), Yen.Zero)));
    }

    [Fact]
    public void An_international_nomination_needs_its_sending_university()
    {
        Assert.Equal(new HashSet<string> { "sending-university-missing" }, Codes(DemoData.InternationalSupport, DemoData.InternationalStudent, International(partner: null)));
    }

    [Fact]
    public void Every_new_rule_is_reported_at_once()
    {
        var graduated = DemoData.Student with { Enrolled = false };
        var application = Graduate(months: 0, endorserId: DemoData.Student.Id,
            lines: [Line(ExpenseKind.ResearchAssistantMonthly, 80_000), Line(ExpenseKind.ConferencePresentation, 100_000)],
            documents: [DocumentKind.EmploymentPlan, DocumentKind.ConferenceAcceptance]);

        Assert.Equal(new HashSet<string> { "not-enrolled", "self-endorsement", "months-out-of-range", "mixed-support" },
            Codes(DemoData.GraduateSupport, graduated, application));
    }
}
