using Grants.Workflows.People;

namespace Grants.Workflows.Programs;

/// <summary>The English words for the program vocabulary, as the portal shows them (served by <see cref="Vocabulary"/>); Japanese ones are in <see cref="JapaneseTerms"/>.</summary>
public static class EnglishTerms
{
    public static string Of(ExpenseKind kind) => kind switch
    {
        ExpenseKind.SubmissionFee => "Submission fee",
        ExpenseKind.EnglishProofreading => "English proofreading",
        ExpenseKind.OpenAccessCharge => "Open-access charge",
        ExpenseKind.ConferencePresentation => "Conference presentation",
        ExpenseKind.ResearchAssistantMonthly => "RA employment (monthly)",
        ExpenseKind.PreArrivalMonthly => "Support before arrival (monthly)",
        ExpenseKind.PostArrivalMonthly => "Support after arrival (monthly)",
        _ => kind.ToString(),
    };

    public static string Of(DocumentKind document) => document switch
    {
        DocumentKind.Manuscript => "Manuscript",
        DocumentKind.AcceptanceLetter => "Acceptance letter",
        DocumentKind.Invoice => "Invoice",
        DocumentKind.Quote => "Quote",
        DocumentKind.Receipt => "Receipt",
        DocumentKind.ConferenceAcceptance => "Conference acceptance",
        DocumentKind.EmploymentPlan => "RA employment plan",
        DocumentKind.AdmissionPapers => "Admission papers",
        DocumentKind.Nomination => "Nomination by the sending university",
        _ => document.ToString(),
    };

    public static string Of(Position position) => position switch
    {
        Position.Professor => "professor",
        Position.AssociateProfessor => "associate professor",
        Position.AssistantProfessor => "assistant professor",
        Position.ResearchStaff => "research staff",
        Position.Postdoc => "postdoc",
        Position.GraduateStudent => "graduate student",
        Position.InternationalStudent => "international student",
        Position.Staff => "staff",
        _ => position.ToString(),
    };

    public static string Of(EndorserRole role) => role switch
    {
        EndorserRole.Supervisor => "Supervisor",
        EndorserRole.HostResearcher => "Host researcher",
        _ => role.ToString(),
    };
}
