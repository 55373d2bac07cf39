using System.Text.RegularExpressions;

namespace Grants.Workflows.Programs;

/// <summary>
/// A message written in one language and read in another: the English as the code writes it, a value at each <c>{}</c>,
/// and a template that puts the values back as <c>{1}</c>, <c>{2}</c> …, each optionally marked <c>{1:x}</c> for how it is to be put.
/// </summary>
public static partial class MessageTemplate
{
    /// <summary>The English as a whole-message pattern, capturing each value.</summary>
    public static Regex Pattern(string english) =>
        new("^" + string.Join("(.+?)", english.Split("{}").Select(Regex.Escape)) + "$", RegexOptions.CultureInvariant | RegexOptions.Singleline);

    /// <summary>The template with each value of the match put back, through <paramref name="put"/> (the value and its mark, or null).</summary>
    public static string Fill(string template, Match match, Func<string, char?, string> put) =>
        Values().Replace(template, value => put(match.Groups[int.Parse(value.Groups[1].Value)].Value, value.Groups[2].Success ? value.Groups[2].Value[0] : null));

    [GeneratedRegex(@"\{(\d+)(?::(\w))?\}")]
    private static partial Regex Values();
}
