using Grants.Workflows.Money;
using Grants.Workflows.People;

namespace Grants.Workflows.Programs;

/// <summary>One change between two versions of a program, said in Japanese and in English.</summary>
public sealed record ProgramChange(string Ja, string En);

/// <summary>
/// What a new version changes, rule by rule, in words an administrator checks before publishing
/// ("Open-access charge: cap per item ¥500,000 → ¥400,000"), rather than a diff of JSON.
/// </summary>
public static class ProgramChanges
{
    public static IReadOnlyList<ProgramChange> Between(GrantProgram? current, GrantProgram next)
    {
        if (current is null)
        {
            return [new($"新しいプログラム「{next.NameJa}」(第{next.Version}版)", $"New program \"{next.NameEn}\" (version {next.Version})")];
        }

        var changes = new ChangeList();
        Eligibility(current, next, changes);
        Expenses(current, next, changes);
        Limits(current, next, changes);
        return changes.All;
    }

    /// <summary>Names, descriptions and who may apply.</summary>
    static void Eligibility(GrantProgram current, GrantProgram next, ChangeList changes)
    {
        changes.Text(current.NameJa, next.NameJa, "名称(日本語)", "Name (Japanese)");
        changes.Text(current.NameEn, next.NameEn, "名称(英語)", "Name (English)");
        changes.Text(current.DescriptionJa, next.DescriptionJa, "説明(日本語)", "Description (Japanese)");
        changes.Text(current.DescriptionEn, next.DescriptionEn, "説明(英語)", "Description (English)");

        foreach (var added in next.EligiblePositions.Except(current.EligiblePositions))
        {
            changes.Add(new($"対象の職に「{JapaneseTerms.Of(added)}」を追加", $"Eligible positions: {English(added)} added"));
        }

        foreach (var removed in current.EligiblePositions.Except(next.EligiblePositions))
        {
            changes.Add(new($"対象の職から「{JapaneseTerms.Of(removed)}」を削除", $"Eligible positions: {English(removed)} removed"));
        }

        changes.Value(current.RequiresEnrollment, next.RequiresEnrollment, "在籍が必要", "Enrolment required", YesNo);
        changes.Value(current.MaxYearsSinceDoctorate, next.MaxYearsSinceDoctorate, "博士取得後の年数の上限", "Most years since the doctorate", v => v?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "—");
        changes.Value(current.Endorsement, next.Endorsement, "推薦者", "Endorsed by", v => v is { } role ? $"{JapaneseTerms.Of(role)} / {English(role)}" : "—");
    }

    /// <summary>Expense rules added, removed, or with a new cap or documents.</summary>
    static void Expenses(GrantProgram current, GrantProgram next, ChangeList changes)
    {
        foreach (var rule in next.Expenses)
        {
            var before = current.RuleFor(rule.Kind);
            var (ja, en) = (JapaneseTerms.Of(rule.Kind), EnglishTerms.Of(rule.Kind));
            if (before is null)
            {
                changes.Add(new($"経費「{ja}」を追加(上限 {rule.CapPerPaper})", $"Expense added: {en} (cap {rule.CapPerPaper})"));
                continue;
            }

            changes.Value(before.CapPerPaper, rule.CapPerPaper, $"{ja}の上限", $"{en} cap", Amount);
            if (!before.RequiredDocuments.SequenceEqual(rule.RequiredDocuments))
            {
                changes.Add(new(
                    $"{ja}の必要書類: {string.Join("・", before.RequiredDocuments.Select(JapaneseTerms.Of))} → {string.Join("・", rule.RequiredDocuments.Select(JapaneseTerms.Of))}",
                    $"{en} documents: {string.Join(", ", before.RequiredDocuments.Select(English))} → {string.Join(", ", rule.RequiredDocuments.Select(English))}"));
            }
        }

        foreach (var removed in current.Expenses.Where(e => next.RuleFor(e.Kind) is null))
        {
            changes.Add(new($"経費「{JapaneseTerms.Of(removed.Kind)}」を削除", $"Expense removed: {EnglishTerms.Of(removed.Kind)}"));
        }
    }

    /// <summary>Caps, months, funds, approval timing and the report.</summary>
    static void Limits(GrantProgram current, GrantProgram next, ChangeList changes)
    {
        changes.Value(current.CapPerApplication, next.CapPerApplication, "1件あたりの上限", "Cap per application", Amount);
        changes.Value(current.CapPerPersonPerYear, next.CapPerPersonPerYear, "1人あたり年度内の上限", "Cap per person per fiscal year", v => v is { } yen ? yen.ToString() : "—");
        changes.Value(current.Period.MaxMonths, next.Period.MaxMonths, "支援期間の上限(月)", "Most months of support", Number);
        changes.Value(current.Period.MaxExtensionMonths, next.Period.MaxExtensionMonths, "延長の上限(月)", "Most months of extension", Number);
        changes.Value(Routes(current.Funding), Routes(next.Funding), "支払う経費", "Paid from", v => v);
        changes.Value(current.Approval.ReminderEvery, next.Approval.ReminderEvery, "承認の催促の間隔(日)", "Approval reminder every (days)", Days);
        changes.Value(current.Approval.EscalateAfter, next.Approval.EscalateAfter, "代理者へ回すまで(日)", "Escalate to the delegate after (days)", Days);
        changes.Value(current.Report?.WhatJa, next.Report?.WhatJa, "報告するもの", "Report (Japanese)", v => v ?? "—");
        changes.Value(current.Report?.WhatEn, next.Report?.WhatEn, "報告するもの(英語)", "Report", v => v ?? "—");
        changes.Value(current.Report?.DueAfterApproval, next.Report?.DueAfterApproval, "報告の期限(承認後の日数)", "Report due (days after approval)", v => v is { } due ? Days(due) : "—");
        changes.Value(current.Report?.ReminderEvery, next.Report?.ReminderEvery, "報告の催促の間隔(日)", "Report reminder every (days)", v => v is { } every ? Days(every) : "—");
    }

    /// <summary>The changes found so far, each said in Japanese and English.</summary>
    sealed class ChangeList
    {
        public List<ProgramChange> All { get; } = [];

        public void Add(ProgramChange change) => All.Add(change);

        public void Value<T>(T before, T after, string ja, string en, Func<T, string> show)
        {
            if (!EqualityComparer<T>.Default.Equals(before, after))
            {
                All.Add(new($"{ja}: {show(before)} → {show(after)}", $"{en}: {show(before)} → {show(after)}"));
            }
        }

        public void Text(string? before, string? after, string ja, string en)
        {
            if (before != after)
            {
                All.Add(new($"{ja}を変更: 「{before}」→「{after}」", $"{en} changed: \"{before}\" → \"{after}\""));
            }
        }
    }

    static string Amount(Yen yen) => yen.ToString();

    static string Number(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    static string Days(TimeSpan span) => span.TotalDays.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);

    static string YesNo(bool value) => value ? "yes/はい" : "no/いいえ";

    static string Routes(IReadOnlyList<FundRoute> routes) =>
        string.Join(", ", routes.Select(r => r.When == FundCondition.Always ? r.FundId : $"{r.FundId} (joint-use research/共同利用)"));

    static string English(DocumentKind document) => document switch
    {
        DocumentKind.AcceptanceLetter => "acceptance letter",
        DocumentKind.ConferenceAcceptance => "conference acceptance",
        DocumentKind.EmploymentPlan => "employment plan",
        DocumentKind.AdmissionPapers => "admission papers",
        _ => document.ToString().ToLowerInvariant(),
    };

    static string English(Position position) => position switch
    {
        Position.AssociateProfessor => "associate professor",
        Position.AssistantProfessor => "assistant professor",
        Position.ResearchStaff => "research staff",
        Position.GraduateStudent => "graduate student",
        Position.InternationalStudent => "international student",
        _ => position.ToString().ToLowerInvariant(),
    };

    static string English(EndorserRole role) => role == EndorserRole.HostResearcher ? "host researcher" : "supervisor";
}
