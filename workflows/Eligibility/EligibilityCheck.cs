using Grants.Workflows.Applications;
using Grants.Workflows.Money;
using Grants.Workflows.People;
using Grants.Workflows.Programs;

namespace Grants.Workflows.Eligibility;

/// <summary>What the eligibility check needs to know beyond the application: the fiscal year and what the applicant was already granted in it.</summary>
public sealed record EligibilityContext(FiscalYear Year, Yen GrantedThisYear)
{
    public static EligibilityContext For(DateTimeOffset at) => new(FiscalYear.Of(at), Yen.Zero);
}

/// <summary>Judges an application against its program's rules; pure, and reports every reason rather than the first.</summary>
public static class EligibilityCheck
{
    public static IReadOnlyList<EligibilityReason> Evaluate(GrantProgram program, Person applicant, Application application) =>
        Evaluate(program, applicant, application, EligibilityContext.For(application.SubmittedAt ?? application.UpdatedAt));

    public static IReadOnlyList<EligibilityReason> Evaluate(GrantProgram program, Person applicant, Application application, EligibilityContext context)
    {
        var reasons = new List<EligibilityReason>();
        AddApplicantReasons(reasons, program, applicant, context);
        AddFormReasons(reasons, program, application);
        AddLineReasons(reasons, program, application);
        AddCapReasons(reasons, program, application, context);
        return reasons;
    }

    /// <summary>
    /// What the applicant can still add before a submission would pass the check (expense lines, documents, an endorser,
    /// months), in the order they appear on the form; the portal shows it instead of deciding it again.
    /// </summary>
    public static IReadOnlyList<MissingItem> Missing(GrantProgram program, Application application)
    {
        var missing = new List<MissingItem>();
        if (LacksLines(application))
        {
            missing.Add(new("lines", null, null));
        }

        foreach (var group in application.Lines.GroupBy(l => l.Kind))
        {
            missing.AddRange(MissingDocuments(program.RuleFor(group.Key), application).Select(document => new MissingItem("document", group.Key, document)));
        }

        if (LacksEndorser(program, application))
        {
            missing.Add(new("endorser", null, null));
        }

        if (LacksMonths(application))
        {
            missing.Add(new("months", null, null));
        }

        return missing;
    }

    /// <summary>Whether the program accepts applicants in the position.</summary>
    public static bool OpenTo(GrantProgram program, Position position) => program.EligiblePositions.Contains(position);

    static bool LacksLines(Application application) => application.Lines.Count == 0;

    static bool LacksEndorser(GrantProgram program, Application application) =>
        program.Endorsement is not null && string.IsNullOrWhiteSpace(application.EndorserId);

    static bool LacksMonths(Application application) => application.PaymentKind != PaymentKind.OneTime && application.Months < 1;

    static IEnumerable<DocumentKind> MissingDocuments(ExpenseRule? rule, Application application) =>
        rule?.RequiredDocuments.Where(d => application.Documents.All(a => a.Kind != d)) ?? [];

    static void AddApplicantReasons(List<EligibilityReason> reasons, GrantProgram program, Person applicant, EligibilityContext context)
    {
        if (!OpenTo(program, applicant.Position))
        {
            reasons.Add(new("position-not-eligible", $"{program.NameEn} is for {string.Join(", ", program.EligiblePositions)}; the applicant is {applicant.Position}.",
                $"{program.NameJa}の対象は{string.Join("・", program.EligiblePositions.Select(JapaneseTerms.Of))}です。申請者は{JapaneseTerms.Of(applicant.Position)}です。"));
        }

        if (program.RequiresEnrollment && !applicant.Enrolled)
        {
            reasons.Add(new("not-enrolled", $"{program.NameEn} is for enrolled students; the applicant is not enrolled.", $"{program.NameJa}は在学中の学生が対象です。申請者は在学中ではありません。"));
        }

        if (program.MaxYearsSinceDoctorate is { } maxYears && applicant.DoctorateYear is { } doctorate && context.Year.Year - doctorate > maxYears)
        {
            reasons.Add(new("career-stage", $"{program.NameEn} is for researchers at most {maxYears} years after their doctorate; the applicant's was in {doctorate}.",
                $"{program.NameJa}は博士号取得後{maxYears}年以内の研究者が対象です。申請者の取得は{doctorate}年です。"));
        }
    }

    static void AddFormReasons(List<EligibilityReason> reasons, GrantProgram program, Application application)
    {
        if (string.IsNullOrWhiteSpace(application.Paper.Title))
        {
            reasons.Add(new("paper-title-missing", "The paper's title is required.", "論文(研究)の題目を入力してください。"));
        }

        if (program.Endorsement is { } endorser)
        {
            if (LacksEndorser(program, application))
            {
                reasons.Add(new("endorser-missing", $"Name your {endorser} (endorserId): they endorse the application before approval.", $"{JapaneseTerms.Of(endorser)}を指定してください。承認の前に推薦を受けます。"));
            }
            else if (application.EndorserId == application.ApplicantId)
            {
                reasons.Add(new("self-endorsement", "Nobody endorses their own application.", "自分の申請を自分で推薦することはできません。"));
            }
        }

        if (application.PaymentKind == PaymentKind.MonthlyBeforeAndAfterArrival && application.SendingUniversity is null)
        {
            reasons.Add(new("sending-university-missing", "Name the sending university and a contact person there.", "派遣元大学とその担当者を入力してください。"));
        }

        if (application.PaymentKind != PaymentKind.OneTime)
        {
            if (LacksMonths(application) || application.Months > program.Period.MaxMonths)
            {
                reasons.Add(new("months-out-of-range", $"Request between 1 and {program.Period.MaxMonths} months of support, not {application.Months}.", $"支援の月数は1〜{program.Period.MaxMonths}か月で申請してください({application.Months}か月は対象外です)。"));
            }

            if (application.Lines.Any(l => l.Kind is not (ExpenseKind.ResearchAssistantMonthly or ExpenseKind.PreArrivalMonthly or ExpenseKind.PostArrivalMonthly)))
            {
                reasons.Add(new("mixed-support", "Monthly support and one-time expenses go in separate applications.", "月額の支援と一回限りの経費は別々に申請してください。"));
            }
        }
    }

    static void AddLineReasons(List<EligibilityReason> reasons, GrantProgram program, Application application)
    {
        if (LacksLines(application))
        {
            reasons.Add(new("no-expenses", "At least one expense line is required.", "経費を1件以上入力してください。"));
        }

        foreach (var line in application.Lines.Where(l => !l.Amount.IsPositive))
        {
            reasons.Add(new("amount-not-positive", $"{line.Kind}: the amount must be more than ¥0, not {line.Amount}.", $"{JapaneseTerms.Of(line.Kind)}:金額は0円より大きくしてください({line.Amount})。"));
        }

        foreach (var group in application.Lines.GroupBy(l => l.Kind))
        {
            var rule = program.RuleFor(group.Key);
            if (rule is null)
            {
                reasons.Add(new("expense-not-covered", $"{program.NameEn} does not pay for {group.Key}.", $"{program.NameJa}は{JapaneseTerms.Of(group.Key)}を支援の対象としていません。"));
                continue;
            }

            var claimed = Yen.Sum(group.Select(l => l.Amount));
            if (claimed > rule.CapPerPaper)
            {
                reasons.Add(new("over-cap-per-paper", $"{group.Key}: {claimed} exceeds the cap of {rule.CapPerPaper} per item.", $"{JapaneseTerms.Of(group.Key)}:{claimed}は1件あたりの上限{rule.CapPerPaper}を超えています。"));
            }

            foreach (var document in MissingDocuments(rule, application))
            {
                reasons.Add(new("document-missing", $"{group.Key} needs a {document} document attached.", $"{JapaneseTerms.Of(group.Key)}には{JapaneseTerms.Of(document)}の添付が必要です。"));
            }
        }
    }

    static void AddCapReasons(List<EligibilityReason> reasons, GrantProgram program, Application application, EligibilityContext context)
    {
        var commitment = application.Commitment;
        if (commitment > program.CapPerApplication)
        {
            reasons.Add(new("over-cap-per-application", $"The total {commitment} exceeds the cap of {program.CapPerApplication} per application.", $"合計{commitment}は1申請あたりの上限{program.CapPerApplication}を超えています。"));
        }

        if (program.CapPerPersonPerYear is { } personCap && context.GrantedThisYear + commitment > personCap)
        {
            reasons.Add(new("over-cap-per-person-year", $"With {context.GrantedThisYear} already granted in {context.Year}, {commitment} more exceeds the cap of {personCap} per person and fiscal year.",
                $"{context.Year}にすでに{context.GrantedThisYear}の支援を受けているため、さらに{commitment}では1人1年度あたりの上限{personCap}を超えます。"));
        }
    }
}
