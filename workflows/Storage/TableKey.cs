using System.Security.Cryptography;
using System.Text;

namespace Grants.Workflows.Storage;

/// <summary>
/// Turns any text (an Entra guest's <c>name_partner.example.edu#EXT#@tenant</c>, an id with a slash) into a legal Table Storage
/// PartitionKey or RowKey. Table Storage refuses <c>/ \ # ?</c> and control characters in keys; those, <c>%</c> itself and
/// unpaired surrogates are written as <c>%XX</c> (their UTF-8 bytes in hex), so the encoding is one-to-one. Every other key,
/// which is every key written before this encoding existed, is returned unchanged, so existing rows are found where they are.
/// </summary>
public static class TableKey
{
    /// <summary>Keys may be 1 KiB; a longer one (only hostile input makes one) is replaced by its hash, which stays unique.</summary>
    const int MaxLength = 512;

    /// <summary>
    /// Free text made one <c>|</c>-separated segment of a key (<c>%</c> and <c>|</c> written <c>%25</c> and <c>%7C</c>), so a
    /// range of keys that starts with it holds no key of another text that merely starts the same (<c>a|b</c> under <c>a</c>).
    /// </summary>
    public static string Segment(string text) => text.Replace("%", "%25", StringComparison.Ordinal).Replace("|", "%7C", StringComparison.Ordinal);

    /// <summary>The first key past every key that starts with <paramref name="prefix"/> (its last character the next one): the end of its range.</summary>
    public static string After(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

    public static string Encode(string key)
    {
        var encoded = key.Any(NeedsEscape) || HasUnpairedSurrogate(key) ? Escape(key) : key;
        return encoded.Length <= MaxLength
            ? encoded
            : "~" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(encoded)));
    }

    static string Escape(string key)
    {
        var escaped = new StringBuilder(key.Length + 16);
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (char.IsHighSurrogate(c) && i + 1 < key.Length && char.IsLowSurrogate(key[i + 1]))
            {
                escaped.Append(c).Append(key[++i]);
            }
            else if (NeedsEscape(c) || char.IsSurrogate(c))
            {
                // UTF-8 bytes of the code unit (for an unpaired surrogate, the bytes it would have), one %XX each.
                int[] bytes = c < 0x80 ? [c] : c < 0x800 ? [0xC0 | (c >> 6), 0x80 | (c & 0x3F)] : [0xE0 | (c >> 12), 0x80 | ((c >> 6) & 0x3F), 0x80 | (c & 0x3F)];
                foreach (var b in bytes)
                {
                    escaped.Append('%').Append(b.ToString("X2"));
                }
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    static bool NeedsEscape(char c) => c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c);

    static bool HasUnpairedSurrogate(string key)
    {
        for (var i = 0; i < key.Length; i++)
        {
            if (char.IsHighSurrogate(key[i]) && i + 1 < key.Length && char.IsLowSurrogate(key[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(key[i]))
            {
                return true;
            }
        }

        return false;
    }
}
