using System.Text.RegularExpressions;
using Grants.Api;

namespace Grants.Tests.Language;

/// <summary>Every problem message the server can send has Japanese as well as English (issue 13: no English on a Japanese screen).</summary>
[Trait("Kind", "Unit")]
public sealed class ServerMessageLanguageTests
{
    [Fact]
    public void The_scan_finds_the_messages_of_every_kind_of_call_site()
    {
        var examples = ServerMessages.All().Select(m => m.Example).ToHashSet();

        Assert.Contains("Not found", examples);
        Assert.Contains("Only applicants create applications.", examples);
        Assert.Contains("Choose a program.", examples);
        Assert.Contains("The file is empty.", examples);
        Assert.Contains("Sign in to use Grants.", examples);
        Assert.Contains("Application 12 does not exist or is not yours to see.", examples);
        Assert.True(examples.Count > 150, $"only {examples.Count} messages found");
    }

    [Fact]
    public void Every_problem_message_has_Japanese()
    {
        var missing = ServerMessages.All()
            .Where(m => !IsJapanese(m.Example, ProblemLanguage.ToJapanese(m.Example)))
            .Select(m => $"{m.Where}: {m.Example}")
            .Distinct()
            .ToList();

        Assert.True(missing.Count == 0, $"{missing.Count} messages have no Japanese in api/ProblemCatalog.cs:\n{string.Join("\n", missing)}");
    }

    [Fact]
    public void A_Japanese_caller_reads_statuses_and_the_things_named_in_Japanese()
    {
        Assert.Equal("「採択」の申請は編集できません。", ProblemLanguage.ToJapanese("An application that is Approved cannot be edited."));
        Assert.Equal("申請 APP-1は存在しないか、閲覧できません。", ProblemLanguage.ToJapanese("Application APP-1 does not exist or is not yours to see."));
        Assert.Equal("申請は「承認待ち」のため、今は推薦することはできません。", ProblemLanguage.ToJapanese("The application is awaiting approval; it is not possible to endorse it now."));
        Assert.Equal("このファイルはWindows のプログラムで、PDF ではありません。書類は PDF のみ受け付けます。", ProblemLanguage.ToJapanese("This file is a Windows program, not a PDF; only PDF documents are accepted."));
    }

    /// <summary>Japanese, and not English with Japanese around it: no three English words in a row are left over.</summary>
    static bool IsJapanese(string english, string japanese) =>
        japanese != english
        && Regex.IsMatch(japanese, @"\p{IsHiragana}|\p{IsKatakana}|\p{IsCJKUnifiedIdeographs}")
        && !Regex.IsMatch(japanese, @"\b[A-Za-z]+ [A-Za-z]+ [A-Za-z]+\b");

    [Fact]
    public void Every_catalogue_entry_has_both_languages_and_keeps_every_value()
    {
        var broken = ProblemCatalog.Messages.Concat(ProblemCatalog.Subjects)
            .Where(e => !Regex.IsMatch(e.Japanese, @"\p{IsHiragana}|\p{IsKatakana}|\p{IsCJKUnifiedIdeographs}")
                || string.IsNullOrWhiteSpace(e.English)
                || Regex.Matches(e.Japanese, @"\{(\d+)(?::\w)?\}").Select(m => int.Parse(m.Groups[1].Value)).Distinct().Order()
                    .SequenceEqual(Enumerable.Range(1, e.English.Split("{}").Length - 1)) is false)
            .Select(e => $"{e.English} → {e.Japanese}")
            .ToList();

        Assert.True(broken.Count == 0, "Entries without Japanese, or whose Japanese drops or invents a value:\n" + string.Join("\n", broken));
    }
}
