using Grants.Workflows.Money;
using Grants.Workflows.Programs;

namespace Grants.Workflows.Applications;

/// <summary>Which part of monthly support a rate applies to: all of it (RA employment), or before or after an international student's arrival.</summary>
public enum SupportPhaseKind
{
    Whole,
    BeforeArrival,
    AfterArrival,
}

/// <summary>One rate of monthly support and the most months it can be paid for.</summary>
public sealed record SupportPhase(SupportPhaseKind Phase, int Months, Yen MonthlyRate);

/// <summary>
/// How an application is paid, the one place the monthly rule is written: its phases (months × rate), what approval
/// reserves and why, and what each month pays. Reservations are safe: approval never reserves less than can be paid.
/// </summary>
public sealed record SupportPlan(PaymentKind Payment, int Months, IReadOnlyList<SupportPhase> Phases, Yen Reserved, string ReasonJa, string ReasonEn)
{
    /// <summary>The plan of an application as it stands (its lines, requested months and approved extensions).</summary>
    public static SupportPlan For(Application application)
    {
        var months = application.Months + application.ExtensionMonths;
        var extension = application.ExtensionMonths > 0 ? $"（延長{application.ExtensionMonths}か月を含む）" : "";
        var extensionEn = application.ExtensionMonths > 0 ? $" (including {application.ExtensionMonths} extension months)" : "";
        switch (application.PaymentKind)
        {
            case PaymentKind.Monthly:
                var rate = application.Monthly(ExpenseKind.ResearchAssistantMonthly);
                return new(PaymentKind.Monthly, months, [new(SupportPhaseKind.Whole, months, rate)], rate * months,
                    $"月額{rate} × {months}か月{extension} = {rate * months} を採択時に確保します。支払われなかった分は支援終了時に戻します。",
                    $"{months} months{extensionEn} × {rate} a month = {rate * months}, reserved on approval; what is not paid is released when support ends.");
            case PaymentKind.MonthlyBeforeAndAfterArrival:
                var before = application.Monthly(ExpenseKind.PreArrivalMonthly);
                var after = application.Monthly(ExpenseKind.PostArrivalMonthly);
                var higher = before > after ? before : after;
                return new(PaymentKind.MonthlyBeforeAndAfterArrival, months,
                    [new(SupportPhaseKind.BeforeArrival, months, before), new(SupportPhaseKind.AfterArrival, months, after)], higher * months,
                    $"来日前は月額{before}、来日後は月額{after}、合計{months}か月{extension}。それぞれの月数は来日日で決まるため、採択時には全月を高い方の月額で確保します"
                    + $"（{months}か月 × {higher} = {higher * months}）。支払われなかった分は支援終了時に戻します。",
                    $"{before} a month before arrival and {after} a month after, for {months} months in all{extensionEn}. The arrival date decides how many months are paid at each rate, "
                    + $"so approval reserves every month at the higher rate ({months} × {higher} = {higher * months}); what is not paid is released when support ends.");
            default:
                return new(PaymentKind.OneTime, 0, [], application.Total,
                    $"申請額の合計{application.Total}を一括で支払います。",
                    $"The total of the expense lines, {application.Total}, paid once.");
        }
    }

    /// <summary>The rate at which each month, and each extension month, is reserved: the highest a month can pay.</summary>
    public Yen ReservedPerMonth => Phases.Count == 0 ? Yen.Zero : Phases.Max(p => p.MonthlyRate);

    /// <summary>What month <paramref name="month"/> (from 1) pays: the rate of the phase it falls in (before or after arrival as recorded when it is paid); for a one-time payment, all of it in month 1.</summary>
    public Yen AmountForMonth(int month, bool arrived)
    {
        if (Payment == PaymentKind.OneTime)
        {
            return month == 1 ? Reserved : Yen.Zero;
        }

        if (month < 1 || month > Months)
        {
            return Yen.Zero;
        }

        var phase = Payment == PaymentKind.Monthly ? SupportPhaseKind.Whole : arrived ? SupportPhaseKind.AfterArrival : SupportPhaseKind.BeforeArrival;
        return Phases.Single(p => p.Phase == phase).MonthlyRate;
    }
}
