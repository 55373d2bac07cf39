using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Grants.Tests.Security;
using Grants.Workflows.Applications;
using Grants.Workflows.Orchestration;
using Grants.Workflows.Storage;
using Grants.Workflows.Payouts;
using Grants.Workflows.People;
using Grants.Workflows.Programs;

namespace Grants.Tests.Language;

/// <summary>One vocabulary, served once: every code a person may read has a word in both languages (issue 13).</summary>
[Trait("Kind", "Orchestration")]
public sealed class VocabularyTests
{
    static bool IsJapanese(string text) => Regex.IsMatch(text, @"\p{IsHiragana}|\p{IsKatakana}|\p{IsCJKUnifiedIdeographs}");

    [Fact]
    public void Every_key_has_Japanese_and_English()
    {
        var oneSided = Vocabulary.Terms
            .Where(t => !IsJapanese(t.Value.Ja) || string.IsNullOrWhiteSpace(t.Value.En) || IsJapanese(t.Value.En))
            .Select(t => $"{t.Key}: '{t.Value.Ja}' / '{t.Value.En}'")
            .ToList();

        Assert.True(oneSided.Count == 0, "Keys without a word in one language:\n" + string.Join("\n", oneSided));
    }

    public static TheoryData<string, string[]> Codes() => new()
    {
        { "term.kind.", Names<ExpenseKind>() },
        { "term.doc.", Names<DocumentKind>() },
        { "term.pos.", Names<Position>() },
        { "term.endorser.", Names<EndorserRole>() },
        { "term.status.", Names<ApplicationStatus>() },
        { "term.action.", Names<ApplicationAction>() },
        { "term.payout.", Names<PayoutStatus>() },
        { "term.batch.", Names<BatchStatus>() },
        { "term.call.", Names<CallStatus>() },
        // The award's steps and the outcome of a decision are recorded under their lower-cased names (a refused extension
        // keeps the name it had before the award recorded it, extension-refused, which the audit-action test checks).
        { "term.audit.", Enum.GetNames<AwardEventKind>().Except([nameof(AwardEventKind.ExtensionRefused)]).Select(n => n.ToLowerInvariant()).ToArray() },
        { "term.audit.", new[] { ApplicationStatus.Approved, ApplicationStatus.Rejected, ApplicationStatus.Returned, ApplicationStatus.Withdrawn, ApplicationStatus.Ineligible }.Select(s => s.ToString().ToLowerInvariant()).ToArray() },
    };

    [Theory]
    [MemberData(nameof(Codes))]
    public void Every_code_has_a_label(string prefix, string[] codes)
    {
        var missing = codes.Where(c => !Vocabulary.Terms.ContainsKey(prefix + c)).ToList();

        Assert.True(missing.Count == 0, $"No label for {string.Join(", ", missing.Select(c => prefix + c))}");
    }

    [Fact]
    public void Every_action_the_audit_trail_records_has_a_label()
    {
        var actions = AuditActions.All();
        var missing = actions.Where(a => !Vocabulary.Terms.ContainsKey(Vocabulary.AuditKey(a.Action))).Select(a => $"{a.Where}: {a.Action}").ToList();

        Assert.Contains(actions, a => a.Action == "budget-reserved");
        Assert.Contains(actions, a => a.Action == "person-deactivated");
        Assert.True(missing.Count == 0, "Audit actions without a label:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void A_timeline_reads_as_words_with_the_fund_by_its_name()
    {
        var fund = new Term("所長裁量経費", "Director's discretionary fund");
        var steps = TimelineStep.Of(
        [
            new(DateTimeOffset.UnixEpoch, "system", "budget-reserved", "¥264,000 reserved from director-discretionary 2026; ¥736,000 remains."),
            new(DateTimeOffset.UnixEpoch, "kato", "document-added", "ConferenceAcceptance: accepted.pdf (1234 bytes)."),
            new(DateTimeOffset.UnixEpoch, "system", "notified-approvalrequested", "director@example.ac.jp"),
        ], id => id == "director-discretionary" ? fund : null);

        Assert.Equal(("予算を確保", "所長裁量経費(2026 年度)から ¥264,000 を確保。残りは ¥736,000"), (steps[0].LabelJa, steps[0].DetailJa));
        Assert.Equal("¥264,000 reserved from Director's discretionary fund (FY2026); ¥736,000 remains.", steps[0].DetailEn);
        Assert.Equal(("書類を添付", "学会の採択通知: accepted.pdf(1234 バイト)"), (steps[1].LabelJa, steps[1].DetailJa));
        Assert.Equal("Conference acceptance: accepted.pdf (1234 bytes).", steps[1].DetailEn);
        Assert.Equal(("メールで通知", "Mail sent"), (steps[2].LabelJa, steps[2].LabelEn));
    }

    [Fact]
    public async Task The_vocabulary_is_served_without_sign_in_and_revalidated_by_its_version()
    {
        await using var host = await ApiHost.StartAsync();
        using var anonymous = host.ClientFor(null);

        using var first = await anonymous.GetAsync("/api/vocabulary");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var body = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        Assert.Equal("承認待ち", body.RootElement.GetProperty("ja").GetProperty("term.status.awaitingApproval").GetString());
        Assert.Equal("Awaiting approval", body.RootElement.GetProperty("en").GetProperty("term.status.awaitingApproval").GetString());
        Assert.Equal("予算を確保", body.RootElement.GetProperty("ja").GetProperty("term.audit.budget-reserved").GetString());
        Assert.Equal($"\"{Vocabulary.Version}\"", first.Headers.ETag?.Tag);

        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/vocabulary");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var unchanged = await anonymous.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
    }

    [Fact]
    public void The_portal_keeps_no_copy_of_the_words()
    {
        var terms = File.ReadAllText(Path.Combine(ServerMessages.RepositoryRoot(), "portal", "js", "terms.js"));

        Assert.Contains("/api/vocabulary", terms);
        Assert.DoesNotContain(Vocabulary.Terms.Values, t => terms.Contains($"'{t.Ja}'", StringComparison.Ordinal));
    }

    static string[] Names<T>() where T : struct, Enum => Enum.GetNames<T>().Select(JsonNamingPolicy.CamelCase.ConvertName).ToArray();
}
