using System.Text.RegularExpressions;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Programs;

/// <summary>
/// A step of an application's timeline in words: what happened (the vocabulary's word for the audit action) and its
/// detail in Japanese and English, with kinds and statuses named and the fund called by its name rather than its id.
/// The audit trail keeps what the code wrote; this is how a person reads it.
/// </summary>
public sealed record TimelineStep(DateTimeOffset At, string Actor, string Action, string LabelJa, string LabelEn, string DetailJa, string DetailEn)
{
    /// <summary>The name of the person who took the step; null for the system or someone not in the directory.</summary>
    public string? ActorName { get; init; }

    /// <summary>
    /// The details the workflows write for an action, in English with a value at each <c>{}</c>, and how each reads in Japanese and
    /// English: <c>{1}</c> as it is, <c>{1:t}</c> as a word of the vocabulary, <c>{1:f}</c> as the fund's name, <c>{1:p}</c> as the person's name.
    /// </summary>
    static readonly (string Action, Regex English, string Japanese, string Readable)[] Details = Compile(
    [
        ("created", "Draft for {}.", "{1} の下書き", "Draft for {1}."),
        ("edited", "Draft updated.", "下書きを更新", "Draft updated."),
        ("document-added", "{}: {} ({} bytes).", "{1:t}: {2}({3} バイト)", "{1:t}: {2} ({3} bytes)."),
        ("document-removed", "{}: {}.", "{1:t}: {2}", "{1:t}: {2}."),
        ("submitted", "Submission {}.", "{1} 回目の提出", "Submission {1}."),
        ("endorsement-requested", "Asked {}.", "{1:p} さんに依頼", "Asked {1:p}."),
        ("approval-requested", "Routed to {}.", "{1:f} の承認者に回付", "Routed to the approver of {1:f}."),
        ("budget-reserved", "{} reserved from {} {}; {} remains.", "{2:f}({3} 年度)から {1} を確保。残りは {4}", "{1} reserved from {2:f} (FY{3}); {4} remains."),
        ("budget-insufficient", "{} has no budget for {}.", "{1:f} に {2} 年度の予算がありません", "{1:f} has no budget for FY{2}."),
        ("budget-insufficient", "{} exceeds what remains of {} in {}: {}.", "{1} は {2:f} の {3} 年度の残り({4})を超えています", "{1} exceeds what remains of {2:f} in FY{3}: {4}."),
        ("extension-requested", "{} months: {}", "{1} か月: {2}", "{1} months: {2}"),
        ("monthly-payout-created", "Month {}: {} (before arrival).", "{1} か月目: {2}(渡日前)", "Month {1}: {2} (before arrival)."),
        ("monthly-payout-created", "Month {}: {} (after arrival).", "{1} か月目: {2}(渡日後)", "Month {1}: {2} (after arrival)."),
        ("monthly-payout-created", "Month {}: {} (RA).", "{1} か月目: {2}(RA)", "Month {1}: {2} (RA)."),
        ("arrived", "Arrived on {}.", "{1} に渡日", "Arrived on {1}."),
        ("arrivalexpected", "Arrival now expected on {}.", "渡日予定日を {1} に変更", "Arrival now expected on {1}."),
        ("report", "DOI {}.", "DOI {1}", "DOI {1}."),
        ("extension-approved", "{} more months; {} reserved. {}", "{1} か月延長し、{2} を確保。{3}", "{1} more months; {2} reserved. {3}"),
        ("support-ended", "{} months paid ({}); {} released. {}", "{1} か月分を支払({2})。{3} を解放。{4}", "{1} months paid ({2}); {3} released. {4}"),
        ("payout-paid", "{}: {} transferred on {} in {}.", "{1}: {2} を {3} に振込(バッチ {4})", "{1}: {2} transferred on {3} in batch {4}."),
        ("payout-returned", "{} returned from {}: {}", "{1} がバッチ {2} から返却: {3}", "{1} returned from batch {2}: {3}"),
        ("payout-cancelled", "{}: {} released. {}", "{1}: {2} を解放。{3}", "{1}: {2} released. {3}"),
        ("payout-created", "{}: {} to {}.", "{1}: {3} さんへ {2}", "{1}: {2} to {3}."),
        ("workflow-restarted", "Award restarted from the application: month {} of {}.", "申請から支援の処理を再開: {2} か月中 {1} か月目", "Award restarted from the application: month {1} of {2}."),
        ("workflow-restarted", "Workflow {} restarted from the application ({}).", "申請から処理 {1} を再開(「{2:t}」)", "Workflow {1} restarted from the application ({2:t})."),
    ]);

    /// <summary>
    /// The entries of an audit trail in words; <paramref name="fundName"/> names a fund by its id (null when unknown),
    /// <paramref name="people"/> the people by theirs (see <see cref="PeopleMentioned"/>).
    /// </summary>
    public static IReadOnlyList<TimelineStep> Of(IEnumerable<AuditEntry> history, Func<string, Term?> fundName, People.NameBook? people = null) =>
        history.Select(entry =>
        {
            var label = Vocabulary.Terms.TryGetValue(Vocabulary.AuditKey(entry.Action), out var term) ? term : new Term(entry.Action, entry.Action);
            var (ja, en) = Describe(entry.Action, entry.Detail, fundName, people);
            return new TimelineStep(entry.At, entry.Actor, entry.Action, label.Ja, label.En, ja, en) { ActorName = people?[entry.Actor] };
        }).ToList();

    /// <summary>Everyone a trail names by sign-in id: who took each step, and whom a step's detail mentions.</summary>
    public static IEnumerable<string> PeopleMentioned(IEnumerable<AuditEntry> history) =>
        history.SelectMany(entry => Details
            .Where(d => d.Action == entry.Action)
            .Select(d => (d.Japanese, Match: d.English.Match(entry.Detail)))
            .Where(d => d.Match.Success)
            .Take(1)
            .SelectMany(d => PersonValue.Matches(d.Japanese).Select(value => d.Match.Groups[int.Parse(value.Groups[1].Value)].Value))
            .Prepend(entry.Actor));

    static readonly Regex PersonValue = new(@"\{(\d+):p\}", RegexOptions.CultureInvariant);

    /// <summary>A detail in Japanese and English; one the table does not know (a comment, a reason) is shown as written in both.</summary>
    public static (string Ja, string En) Describe(string action, string detail, Func<string, Term?> fundName, People.NameBook? people = null)
    {
        foreach (var (_, english, japanese, readable) in Details.Where(d => d.Action == action))
        {
            var match = english.Match(detail);
            if (match.Success)
            {
                return (Fill(japanese, match, fundName, people, ja: true), Fill(readable, match, fundName, people, ja: false));
            }
        }

        return (detail, detail);
    }

    static string Fill(string template, Match match, Func<string, Term?> fundName, People.NameBook? people, bool ja) => MessageTemplate.Fill(template, match, (text, how) => how switch
    {
        't' => ja ? Vocabulary.Japanese(text) : Vocabulary.English(text),
        'f' => fundName(text) is { } name ? (ja ? name.Ja : name.En) : text,
        'p' => people?[text] ?? text,
        _ => text,
    });

    static (string, Regex, string, string)[] Compile((string Action, string English, string Japanese, string Readable)[] table) =>
        table.Select(entry => (entry.Action, MessageTemplate.Pattern(entry.English), entry.Japanese, entry.Readable)).ToArray();
}
