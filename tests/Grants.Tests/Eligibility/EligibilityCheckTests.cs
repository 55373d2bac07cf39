using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Grants.Workflows.Eligibility;
using Grants.Workflows.Money;
using Grants.Workflows.People;
using Grants.Workflows.Programs;

namespace Grants.Tests.Eligibility;

[Trait("Kind", "Unit")]
public sealed class EligibilityCheckTests
{
    static readonly GrantProgram Program = DemoData.PublicationSupport;

    static readonly ApplicationDocument Invoice = new("DOC-1", DocumentKind.Invoice, "invoice.pdf", "application/pdf", 1234, new string('a', 64), DateTimeOffset.UnixEpoch);

    static Application ApplicationWith(string title, IReadOnlyList<ExpenseLine> lines, params ApplicationDocument[] documents) =>
        new("APP-TEST", DemoData.Researcher.Id, Program.Id, Program.Version, new Paper(title, "Physical Review Materials", false),
            lines, documents, ApplicationStatus.Submitted, 1, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    static ExpenseLine Line(ExpenseKind kind, long yen) => new(kind, new Yen(yen), kind.ToString());

    static HashSet<string> Codes(IEnumerable<EligibilityReason> reasons) => reasons.Select(r => r.Code).ToHashSet();

    [Fact]
    public void An_assistant_professor_with_an_invoice_within_every_cap_is_eligible()
    {
        var application = ApplicationWith("薄膜における歪み制御磁性", [Line(ExpenseKind.SubmissionFee, 80_000), Line(ExpenseKind.OpenAccessCharge, 300_000)], Invoice);

        Assert.Empty(EligibilityCheck.Evaluate(Program, DemoData.Researcher, application));
    }

    [Fact]
    public void Amounts_exactly_at_the_caps_are_eligible()
    {
        // 100,000 + 0 + 500,000 = 600,000: each line at its cap, the total at the program's cap.
        var application = ApplicationWith("At the caps", [Line(ExpenseKind.SubmissionFee, 100_000), Line(ExpenseKind.OpenAccessCharge, 500_000)], Invoice);

        Assert.Empty(EligibilityCheck.Evaluate(Program, DemoData.Researcher, application));
    }

    [Fact]
    public void Every_reason_is_reported_at_once_not_just_the_first()
    {
        // A graduate student, no title, a submission fee over its cap, no invoice, and a kind the program does not pay for.
        var application = ApplicationWith("  ", [Line(ExpenseKind.SubmissionFee, 120_000), Line((ExpenseKind)99, 10_000)]);

        var reasons = EligibilityCheck.Evaluate(Program, DemoData.Student, application);

        Assert.Equal(
            new HashSet<string> { "position-not-eligible", "paper-title-missing", "over-cap-per-paper", "document-missing", "expense-not-covered" },
            Codes(reasons));
        Assert.All(reasons, r => Assert.False(string.IsNullOrWhiteSpace(r.Message)));
        Assert.Contains(nameof(Position.GraduateStudent), reasons.Single(r => r.Code == "position-not-eligible").Message, StringComparison.Ordinal);

        // Every reason is also said in Japanese, in the words the portal uses.
        Assert.All(reasons, r => Assert.False(string.IsNullOrWhiteSpace(r.MessageJa)));
        Assert.Contains("申請者は大学院生です", reasons.Single(r => r.Code == "position-not-eligible").MessageJa, StringComparison.Ordinal);
        Assert.Equal("投稿料には請求書の添付が必要です。", reasons.Single(r => r.Code == "document-missing").MessageJa);
    }

    [Fact]
    public void A_kind_left_out_of_a_program_version_is_not_covered()
    {
        var withoutOpenAccess = Program with { Version = 2, Expenses = Program.Expenses.Where(e => e.Kind != ExpenseKind.OpenAccessCharge).ToList() };
        var application = ApplicationWith("Open access only", [Line(ExpenseKind.OpenAccessCharge, 200_000)], Invoice);

        Assert.Equal(new HashSet<string> { "expense-not-covered" }, Codes(EligibilityCheck.Evaluate(withoutOpenAccess, DemoData.Researcher, application)));
        Assert.Empty(EligibilityCheck.Evaluate(Program, DemoData.Researcher, application));
    }

    [Fact]
    public void The_per_paper_cap_applies_to_the_sum_of_lines_of_one_kind()
    {
        var application = ApplicationWith("Two fees", [Line(ExpenseKind.SubmissionFee, 60_000), Line(ExpenseKind.SubmissionFee, 60_000)], Invoice);

        var reasons = EligibilityCheck.Evaluate(Program, DemoData.Researcher, application);

        Assert.Equal(new HashSet<string> { "over-cap-per-paper" }, Codes(reasons));
    }

    [Fact]
    public void The_total_is_capped_per_application_even_when_each_kind_is_within_its_cap()
    {
        var application = ApplicationWith("Everything", [Line(ExpenseKind.SubmissionFee, 100_000), Line(ExpenseKind.EnglishProofreading, 150_000), Line(ExpenseKind.OpenAccessCharge, 500_000)], Invoice);

        Assert.Equal(new HashSet<string> { "over-cap-per-application" }, Codes(EligibilityCheck.Evaluate(Program, DemoData.Researcher, application)));
    }

    [Fact]
    public void A_missing_document_is_reported_for_each_kind_that_needs_it()
    {
        var application = ApplicationWith("No invoice", [Line(ExpenseKind.SubmissionFee, 50_000), Line(ExpenseKind.EnglishProofreading, 50_000)],
            Invoice with { Kind = DocumentKind.Manuscript });

        var reasons = EligibilityCheck.Evaluate(Program, DemoData.Researcher, application);

        Assert.Equal(2, reasons.Count(r => r.Code == "document-missing"));
        Assert.Equal(new HashSet<string> { "document-missing" }, Codes(reasons));
    }

    [Fact]
    public void No_lines_and_non_positive_amounts_are_reasons()
    {
        Assert.Equal(new HashSet<string> { "no-expenses" }, Codes(EligibilityCheck.Evaluate(Program, DemoData.Researcher, ApplicationWith("Empty", [], Invoice))));
        Assert.Equal(
            new HashSet<string> { "amount-not-positive" },
            Codes(EligibilityCheck.Evaluate(Program, DemoData.Researcher, ApplicationWith("Zero", [Line(ExpenseKind.SubmissionFee, 0)], Invoice))));
    }

    [Theory]
    [InlineData(Position.AssociateProfessor, true)]
    [InlineData(Position.AssistantProfessor, true)]
    [InlineData(Position.ResearchStaff, true)]
    [InlineData(Position.Postdoc, true)]
    [InlineData(Position.Professor, false)]
    [InlineData(Position.GraduateStudent, false)]
    [InlineData(Position.InternationalStudent, false)]
    [InlineData(Position.Staff, false)]
    public void Only_the_program_positions_are_eligible(Position position, bool eligible)
    {
        var application = ApplicationWith("Position check", [Line(ExpenseKind.EnglishProofreading, 40_000)], Invoice);

        var reasons = EligibilityCheck.Evaluate(Program, DemoData.Researcher with { Position = position }, application);

        Assert.Equal(eligible ? [] : new HashSet<string> { "position-not-eligible" }, Codes(reasons));
    }
}
