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
        new ApprovalTimeline(TimeSpan.FromDays(3), TimeSpan.FromDays(7)))
    {
        DescriptionJa = "准教授・助教・研究員・博士研究員の論文について、投稿料、英文校正費、オープンアクセス掲載料を支援します。",
        CapPerPersonPerYear = new Yen(1_000_000),
        MaxYearsSinceDoctorate = 15,
        Report = new ReportObligation("the published paper's DOI", "掲載論文のDOI", TimeSpan.FromDays(180), TimeSpan.FromDays(30)),
    };

    public static readonly GrantProgram GraduateSupport = new(
        GraduateFellowship,
        1,
        "大学院生フェローシップ「つとめてやむな」",
        "Graduate-student fellowship \"Tsutomete yamuna\"",
        "For enrolled master's and doctoral students, endorsed by their supervisor: English presentations at international conferences, RA employment on international joint research (monthly), and first-author English papers.",
        [Position.GraduateStudent],
        [
            new(ExpenseKind.ConferencePresentation, new Yen(300_000), [DocumentKind.ConferenceAcceptance]),
            new(ExpenseKind.ResearchAssistantMonthly, new Yen(80_000), [DocumentKind.EmploymentPlan]),
            new(ExpenseKind.OpenAccessCharge, new Yen(300_000), [DocumentKind.AcceptanceLetter, DocumentKind.Invoice]),
            new(ExpenseKind.EnglishProofreading, new Yen(100_000), [DocumentKind.Invoice]),
        ],
        new Yen(960_000),
        [new(InstituteFund, FundCondition.Always)],
        new ApprovalTimeline(TimeSpan.FromDays(3), TimeSpan.FromDays(7)))
    {
        RequiresEnrollment = true,
        DescriptionJa = "在学中の修士・博士課程の学生を、指導教員の推薦のもとで支援します:国際会議での英語による発表、国際共同研究での RA 雇用(月額)、筆頭著者の英語論文の出版。",
        Endorsement = EndorserRole.Supervisor,
        Period = new SupportPeriod(12, 0),
        CapPerPersonPerYear = new Yen(1_200_000),
    };

    public static readonly GrantProgram InternationalSupport = new(
        InternationalFellowship,
        1,
        "若手受け入れフェローシップ",
        "International-student fellowship",
        "For students whose entry to Japan is delayed: nominated with the sending university and sponsored by a host researcher, it supports joint research before arrival (remote) and after arrival, monthly; extendable up to two years.",
        [Position.InternationalStudent],
        [
            new(ExpenseKind.PreArrivalMonthly, new Yen(50_000), [DocumentKind.Nomination]),
            new(ExpenseKind.PostArrivalMonthly, new Yen(150_000), [DocumentKind.AdmissionPapers]),
        ],
        new Yen(3_600_000),
        [new(InstituteFund, FundCondition.Always)],
        new ApprovalTimeline(TimeSpan.FromDays(3), TimeSpan.FromDays(7)))
    {
        RequiresEnrollment = true,
        DescriptionJa = "渡日が遅れている留学生を、派遣元大学の推薦と受け入れ研究者のもとで、渡日前(遠隔)と渡日後の共同研究について月額で支援します。最長2年まで延長できます。",
        Endorsement = EndorserRole.HostResearcher,
        Period = new SupportPeriod(12, 24),
    };

    public static readonly IReadOnlyList<GrantProgram> Programs = [PublicationSupport, GraduateSupport, InternationalSupport];

    public static readonly Fund DirectorDiscretionary = new(DirectorFund, "所長裁量経費", "Director's discretionary fund", "DIR-001", Director.Id, Admin.Id);

    public static readonly Fund JointUse = new(JointUseFund, "共同利用経費", "Joint-use research budget", "JU-001", JointUseApprover.Id, Director.Id);

    public static readonly Fund Institute = new(InstituteFund, "本研究所経費", "Institute's own funds", "INS-001", Director.Id, Admin.Id);

    public static readonly IReadOnlyList<Person> People = [Researcher, Student, Supervisor, InternationalStudent, Director, JointUseApprover, Finance, Admin];

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

        foreach (var program in Programs)
        {
            // Each demo program has one call: the whole fiscal year being seeded.
            await programs.PublishAsync(program with { Calls = [new Call($"{program.Id}-{year}", year.Start, year.End)] }, cancellationToken);
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
