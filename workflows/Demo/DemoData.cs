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
    public const string InstituteFund = "institute-fund";
    public const string GraduateFellowship = "tsutomete-yamuna";
    public const string InternationalFellowship = "ukeire-fellowship";

    public static readonly Person Researcher = new("tanaka@example.ac.jp", "田中 花子", "タナカ ハナコ", "tanaka@example.ac.jp", Position.AssistantProfessor, "Materials Science", DoctorateYear: 2019);

    public static readonly Person Student = new("suzuki@example.ac.jp", "鈴木 一郎", "スズキ イチロウ", "suzuki@example.ac.jp", Position.GraduateStudent, "Materials Science", Enrolled: true, SupervisorId: "kato@example.ac.jp");

    public static readonly Person Supervisor = new("kato@example.ac.jp", "加藤 誠一", "カトウ セイイチ", "kato@example.ac.jp", Position.Professor, "Materials Science");

    public static readonly Person InternationalStudent = new("nguyen@partner.example.edu", "Nguyen Thi Lan", "グエン ティ ラン", "nguyen@partner.example.edu", Position.InternationalStudent, "Partner University", Enrolled: true);

    public static readonly Person JointUseApprover = new("kimura@example.ac.jp", "木村 直子", "キムラ ナオコ", "kimura@example.ac.jp", Position.Professor, "Joint-Use Research Office");

    public static readonly Person Director = new("director@example.ac.jp", "山田 太郎", "ヤマダ タロウ", "director@example.ac.jp", Position.Professor, "Director's Office");

    public static readonly Person Finance = new("finance@example.ac.jp", "佐藤 恵", "サトウ メグミ", "finance@example.ac.jp", Position.Staff, "Finance");

    public static readonly Person Admin = new("admin@example.ac.jp", "伊藤 誠", "イトウ マコト", "admin@example.ac.jp", Position.Staff, "Research Support Office");

    /// <summary>The shipped definition of 今が大切 (programs/ima-ga-taisetsu.json).</summary>
    public static GrantProgram PublicationSupport => ShippedPrograms.Named(ImaGaTaisetsu);

    /// <summary>The shipped definition of つとめてやむな (programs/tsutomete-yamuna.json).</summary>
    public static GrantProgram GraduateSupport => ShippedPrograms.Named(GraduateFellowship);

    /// <summary>The shipped definition of the international-student fellowship (programs/ukeire-fellowship.json).</summary>
    public static GrantProgram InternationalSupport => ShippedPrograms.Named(InternationalFellowship);

    public static IReadOnlyList<GrantProgram> Programs => ShippedPrograms.All;

    public static readonly Fund DirectorDiscretionary = new(DirectorFund, "所長裁量経費", "Director's discretionary fund", "DIR-001", Director.Id, Admin.Id);

    public static readonly Fund JointUse = new(JointUseFund, "共同利用経費", "Joint-use research budget", "JU-001", JointUseApprover.Id, Director.Id);

    public static readonly Fund Institute = new(InstituteFund, "本研究所経費", "Institute's own funds", "INS-001", Director.Id, Admin.Id);

    public static readonly IReadOnlyList<Person> People = [Researcher, Student, Supervisor, InternationalStudent, Director, JointUseApprover, Finance, Admin];

    /// <summary>
    /// Seeds everything that is missing: the shipped programs, people, funds, and for <paramref name="year"/> a budget
    /// per fund and a whole-year call per program. Running it again changes nothing and never resets a budget in use;
    /// running it in a later fiscal year adds that year's budgets and calls.
    /// </summary>
    public static async Task SeedAsync(PeopleDirectory people, ProgramCatalog programs, CallService calls, FundStore funds, FiscalYear year, CancellationToken cancellationToken = default)
    {
        foreach (var person in People)
        {
            if (await people.FindAsync(person.Id, cancellationToken) is null)
            {
                await people.UpsertAsync(person, cancellationToken);
            }
        }

        await ShippedPrograms.PublishMissingAsync(programs, cancellationToken);
        foreach (var program in Programs)
        {
            await calls.EnsureWholeYearCallAsync(program.Id, year, cancellationToken);
        }

        foreach (var (fund, allocation) in new[] { (DirectorDiscretionary, new Yen(3_000_000)), (JointUse, new Yen(2_000_000)), (Institute, new Yen(10_000_000)) })
        {
            if (await funds.GetFundAsync(fund.Id, cancellationToken) is null)
            {
                await funds.UpsertFundAsync(fund, cancellationToken);
            }

            await funds.TryCreateBudgetAsync(new FundBudget(fund.Id, year, allocation, Yen.Zero, Yen.Zero), cancellationToken);
        }
    }
}
