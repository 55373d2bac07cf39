using System.Globalization;
using Grants.Workflows.Applications;
using Grants.Workflows.Funds;
using Grants.Workflows.Money;
using Grants.Workflows.People;
using Grants.Workflows.Programs;

namespace Grants.Workflows.Mail;

/// <summary>
/// What every mail about an application can say besides its own sentences: people by name, the paper or purpose,
/// the fund by name, the money as it will be paid, whether a bank account is registered, and the portal's links.
/// </summary>
public static class MailValues
{
    /// <summary>The values a template reads for a mail to <paramref name="recipient"/> about an application.</summary>
    public static Dictionary<string, object?> For(Application application, Person applicant, Person recipient, Fund? fund, bool hasBankAccount, PortalLinks links) => new()
    {
        ["recipient"] = recipient.Name,
        ["applicant"] = applicant.Name,
        ["title"] = application.Paper.Title,
        ["reference"] = application.Id,
        ["fund_ja"] = fund?.NameJa,
        ["fund_en"] = fund?.NameEn,
        ["comment"] = application.Decision?.Comment ?? "",
        ["bank_account"] = hasBankAccount,
        ["links"] = links.For(application.Id),
        ["monthly"] = application.PaymentKind != PaymentKind.OneTime,
        ["amounts"] = Amounts(application),
        ["first_amount"] = AmountForMonth(application, 1).ToString(),
        ["paid_months"] = application.PaidMonths,
        ["months"] = application.Months + application.ExtensionMonths,
        ["arrived_on_ja"] = application.ArrivedOn is { } arrived ? JapaneseDate(arrived) : null,
        ["arrived_on_en"] = application.ArrivedOn is { } arrivedOn ? EnglishDate(arrivedOn) : null,
        ["report_due_ja"] = application.ReportDue is { } due ? JapaneseDate(JapanTime.DateOf(due)) : null,
        ["report_due_en"] = application.ReportDue is { } dueAt ? EnglishDate(JapanTime.DateOf(dueAt)) : null,
    };

    /// <summary>What month <paramref name="month"/> pays as the application stands (its whole amount in month 1 for a one-time payment).</summary>
    public static Yen AmountForMonth(Application application, int month) =>
        SupportPlan.For(application).AmountForMonth(month, application.ArrivedOn is not null);

    /// <summary>A date as a Japanese reader writes it (2026年6月25日).</summary>
    public static string JapaneseDate(DateOnly date) => date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    /// <summary>A date as an English reader writes it (25 June 2026).</summary>
    public static string EnglishDate(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>The money of the application as the support plan pays it: one amount, or a monthly rate per phase.</summary>
    static List<Dictionary<string, object?>> Amounts(Application application)
    {
        var plan = SupportPlan.For(application);
        return plan.Payment == PaymentKind.OneTime
            ? [Amount(plan.Reserved, false, 0)]
            : [.. plan.Phases.Select(p => p.Phase switch
            {
                SupportPhaseKind.BeforeArrival => Amount(p.MonthlyRate, true, 0, "来日前", "before arrival"),
                SupportPhaseKind.AfterArrival => Amount(p.MonthlyRate, true, 0, "来日後", "after arrival"),
                _ => Amount(p.MonthlyRate, true, p.Months),
            })];
    }

    static Dictionary<string, object?> Amount(Yen amount, bool monthly, int months, string? phaseJa = null, string? phaseEn = null) => new()
    {
        ["amount"] = amount.ToString(),
        ["monthly"] = monthly,
        ["months"] = months,
        ["phase_ja"] = phaseJa,
        ["phase_en"] = phaseEn,
    };
}
