using Grants.Workflows.People;

namespace Grants.Workflows.Programs;

/// <summary>The Japanese words for the program vocabulary, for sentences the system writes to people (served to the portal by <see cref="Vocabulary"/>).</summary>
public static class JapaneseTerms
{
    public static string Of(ExpenseKind kind) => kind switch
    {
        ExpenseKind.SubmissionFee => "投稿料",
        ExpenseKind.EnglishProofreading => "英文校正費",
        ExpenseKind.OpenAccessCharge => "オープンアクセス掲載料",
        ExpenseKind.ConferencePresentation => "国際学会での発表",
        ExpenseKind.ResearchAssistantMonthly => "RA 雇用(月額)",
        ExpenseKind.PreArrivalMonthly => "渡日前の支援(月額)",
        ExpenseKind.PostArrivalMonthly => "渡日後の支援(月額)",
        _ => kind.ToString(),
    };

    public static string Of(DocumentKind document) => document switch
    {
        DocumentKind.Manuscript => "原稿",
        DocumentKind.AcceptanceLetter => "採録通知",
        DocumentKind.Invoice => "請求書",
        DocumentKind.Quote => "見積書",
        DocumentKind.Receipt => "領収書",
        DocumentKind.ConferenceAcceptance => "学会の採択通知",
        DocumentKind.EmploymentPlan => "RA 雇用計画書",
        DocumentKind.AdmissionPapers => "入学関係書類",
        DocumentKind.Nomination => "派遣元大学の推薦書",
        _ => document.ToString(),
    };

    public static string Of(Position position) => position switch
    {
        Position.Professor => "教授",
        Position.AssociateProfessor => "准教授",
        Position.AssistantProfessor => "助教",
        Position.ResearchStaff => "研究員",
        Position.Postdoc => "博士研究員",
        Position.GraduateStudent => "大学院生",
        Position.InternationalStudent => "留学生",
        Position.Staff => "職員",
        _ => position.ToString(),
    };

    public static string Of(EndorserRole role) => role switch
    {
        EndorserRole.Supervisor => "指導教員",
        EndorserRole.HostResearcher => "受け入れ研究者",
        _ => role.ToString(),
    };
}
