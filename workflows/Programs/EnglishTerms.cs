namespace Grants.Workflows.Programs;

/// <summary>The English names of expense kinds, as the portal shows them (portal/js/terms.js); Japanese ones are in <see cref="JapaneseTerms"/>.</summary>
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
}
