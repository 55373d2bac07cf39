using System.Text;

namespace Grants.Workflows.People;

/// <summary>Text as people search it: full-width and half-width the same, hiragana as katakana, letters in lower case.</summary>
public static class SearchText
{
    /// <summary>NFKC (ＡＢＣ → abc, ｶﾄｳ → カトウ, the ideographic space → a space), then hiragana to katakana: かとう finds カトウ.</summary>
    public static string Fold(string text) =>
        new(Valid(text).Normalize(NormalizationForm.FormKC).ToLowerInvariant().Select(c => c is >= '\u3041' and <= '\u3096' ? (char)(c + 0x60) : c).ToArray());

    /// <summary>The folded words of a query, split at any space.</summary>
    public static string[] Words(string? query) => Fold(query ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    // Normalize throws on a lone surrogate, which a hostile query can carry; it becomes U+FFFD, which matches nothing.
    static string Valid(string text) =>
        text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF') ? string.Concat(text.EnumerateRunes().Select(r => r.ToString())) : text;
}
