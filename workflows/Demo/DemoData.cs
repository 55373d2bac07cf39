using Grants.Workflows.Funds;
using Grants.Workflows.Money;
using Grants.Workflows.People;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Demo;

/// <summary>The programs, funds and people a fresh local system starts with, so it can be tried at once.</summary>
public static class DemoData
{
    public const string ImaGaTaisetsu = "ima-ga-taisetsu";
    public const string DirectorFund = "director-discretionary";
    public const string JointUseFund = "joint-use";

    public static readonly Person Researcher = new("tanaka@example.ac.jp", "田中 花子", "タナカ ハナコ", "tanaka@example.ac.jp", Position.AssistantProfessor, "Materials Science",
        new BankAccount("0001", "001", "ordinary", "1234567", "タナカ ハナコ"));

    public static readonly Person Student = new("suzuki@example.ac.jp", "鈴木 一郎", "スズキ イチロウ", "suzuki@example.ac.jp", Position.GraduateStudent, "Materials Science");

    public static readonly Person Director = new("director@example.ac.jp", "山田 太郎", "ヤマダ タロウ", "director@example.ac.jp", Position.Professor, "Director's Office");

    public static readonly Person Finance = new("finance@example.ac.jp", "佐藤 恵", "サトウ メグミ", "finance@example.ac.jp", Position.Staff, "Finance");

    public static readonly Person Admin = new("admin@example.ac.jp", "伊藤 誠", "イトウ マコト", "admin@example.ac.jp", Position.Staff, "Research Support Office");

    public static readonly GrantProgram PublicationSupport = new(
        ImaGaTaisetsu,
        1,
        "若手研究者論文出版支援「今が大切」",
        "Young-researcher publication support \"Ima ga taisetsu\"",
        "Pays submission fees, English proofreading and open-access charges for papers by associate professors, assistant professors, research staff and postdocs.",
        [Position.AssociateProfessor, Position.AssistantProfessor, Position.ResearchStaff, Position.Postdoc],
        [
            new(ExpenseKind.SubmissionFee, new Yen(100_000), [DocumentKind.Invoice]),
            new(ExpenseKind.EnglishProofreading, new Yen(150_000), [DocumentKind.Invoice]),
            new(ExpenseKind.OpenAccessCharge, new Yen(500_000), [DocumentKind.Invoice]),
        ],
        new Yen(600_000),
        [new(JointUseFund, FundCondition.JointUseResearch), new(DirectorFund, FundCondition.Always)],
        new ApprovalTimeline(TimeSpan.FromDays(3), TimeSpan.FromDays(7)));

    public static readonly Fund DirectorDiscretionary = new(DirectorFund, "所長裁量経費", "Director's discretionary fund", "DIR-001", Director.Id, Admin.Id);

    public static readonly Fund JointUse = new(JointUseFund, "共同利用経費", "Joint-use research budget", "JU-001", Director.Id, Admin.Id);

    public static readonly IReadOnlyList<Person> People = [Researcher, Student, Director, Finance, Admin];

    /// <summary>Seeds everything that is missing; running it again changes nothing, and never resets a budget in use.</summary>
    public static async Task SeedAsync(PeopleDirectory people, ProgramCatalog programs, FundStore funds, FiscalYear year, CancellationToken cancellationToken = default)
    {
        foreach (var person in People)
        {
            if (await people.FindAsync(person.Id, cancellationToken) is null)
            {
                await people.UpsertAsync(person, cancellationToken);
            }
        }

        await programs.PublishAsync(PublicationSupport, cancellationToken);
        foreach (var (fund, allocation) in new[] { (DirectorDiscretionary, new Yen(3_000_000)), (JointUse, new Yen(2_000_000)) })
        {
            if (await funds.GetFundAsync(fund.Id, cancellationToken) is null)
            {
                await funds.UpsertFundAsync(fund, cancellationToken);
            }

            await funds.TryCreateBudgetAsync(new FundBudget(fund.Id, year, allocation, Yen.Zero, Yen.Zero), cancellationToken);
        }
    }
}
