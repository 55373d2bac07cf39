using System.Text.RegularExpressions;
using Grants.Workflows.Programs;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Grants.Api;

/// <summary>
/// Problems in the caller's language: when the language a caller ranks highest in <c>Accept-Language</c> is Japanese,
/// a problem's title, detail and field errors are written in Japanese from <see cref="ProblemCatalog"/>, which holds
/// every message the server writes (ServerMessageLanguageTests proves it); the values in a message are carried over,
/// and statuses, kinds and the things named are put into Japanese as well.
/// </summary>
public static class ProblemLanguage
{
    static readonly (Regex English, string Japanese)[] Messages = Compile(ProblemCatalog.Messages);

    static readonly (Regex English, string Japanese)[] Subjects = Compile(ProblemCatalog.Subjects);

    /// <summary>Whether the language the caller ranks highest in Accept-Language is Japanese; a header that does not parse means no preference.</summary>
    public static bool PrefersJapanese(HttpRequest request) =>
        StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptLanguage, out var languages)
        && (languages
            .Where(l => l.Value.HasValue && l.Value.Value != "*" && (l.Quality ?? 1) > 0)
            .OrderByDescending(l => l.Quality ?? 1)
            .FirstOrDefault()?.Value.Value?.StartsWith("ja", StringComparison.OrdinalIgnoreCase) ?? false);

    /// <summary>The message in Japanese when the catalog knows it, else as it is.</summary>
    public static string ToJapanese(string english) => Translate(Messages, english) ?? english;

    static string? Translate((Regex English, string Japanese)[] table, string english)
    {
        foreach (var (pattern, japanese) in table)
        {
            var match = pattern.Match(english);
            if (match.Success)
            {
                return MessageTemplate.Fill(japanese, match, Put);
            }
        }

        return null;
    }

    /// <summary>A value carried over into the Japanese: as it is, or as a word of the vocabulary, a thing named, an action or a message.</summary>
    static string Put(string value, char? how) => how switch
    {
        't' => Vocabulary.Japanese(value),
        's' => Translate(Subjects, value) ?? value,
        'v' => ProblemCatalog.Verbs.TryGetValue(value, out var verb) ? verb : value,
        'm' => ToJapanese(value),
        _ => value,
    };

    static (Regex, string)[] Compile((string English, string Japanese)[] table) =>
        table.Select(entry => (MessageTemplate.Pattern(entry.English), entry.Japanese)).ToArray();
}
