using System.Globalization;
using System.Text;

namespace Grants.Workflows.Payouts.Zengin;

/// <summary>
/// Turns a name as people type it (full-width katakana, hiragana, full-width Latin letters and digits) into the
/// half-width characters a Zengin file allows: <c>0–9 A–Z ｱ–ﾝ ﾞ ﾟ</c>, space and <c>\ , . ｢ ｣ ( ) - /</c>.
/// Voiced kana split into base and mark (ガ → ｶﾞ), small kana become full size (ョ → ﾖ), the long vowel mark becomes
/// <c>-</c> and ヲ becomes ｵ, as banks expect. The mapping is our own because <c>StrConv</c> does not run on Linux.
/// Anything else (kanji, emoji, lower-case letters' accents…) is reported, never replaced.
/// </summary>
public static class ZenginText
{
    const string FullKatakana = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";
    const string HalfKatakana = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝ";
    const string Voiced = "ガギグゲゴザジズゼゾダヂヅデドバビブベボ";
    const string VoicedBase = "ｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾊﾋﾌﾍﾎ";
    const string SemiVoiced = "パピプペポ";
    const string SemiVoicedBase = "ﾊﾋﾌﾍﾎ";
    const string Small = "ァィゥェォッャュョヮヵヶヰヱヲ";
    const string SmallFullSize = "ｱｲｳｴｵﾂﾔﾕﾖﾜｶｹｲｴｵ";
    const string HalfSmall = "ｧｨｩｪｫｯｬｭｮｦ";
    const string HalfSmallFullSize = "ｱｲｳｴｵﾂﾔﾕﾖｵ";

    static readonly Dictionary<char, string> Map = BuildMap();

    /// <summary>The characters a Zengin text field may hold.</summary>
    public static bool IsAllowed(char c) =>
        c is ' ' or '\\' or ',' or '.' or '(' or ')' or '-' or '/' or '｢' or '｣' or 'ﾞ' or 'ﾟ'
        || c is >= '0' and <= '9'
        || c is >= 'A' and <= 'Z'
        || c is >= 'ｱ' and <= 'ﾝ';

    /// <summary>
    /// Converts <paramref name="text"/>; on success <paramref name="halfWidth"/> holds only allowed characters, with
    /// runs of spaces collapsed and the ends trimmed. Otherwise <paramref name="unrepresentable"/> lists each offending
    /// character once, in order of appearance.
    /// </summary>
    public static bool TryConvert(string text, out string halfWidth, out IReadOnlyList<string> unrepresentable)
    {
        var output = new StringBuilder(text.Length + 4);
        var bad = new List<string>();
        foreach (var rune in text.Normalize(NormalizationForm.FormC).EnumerateRunes())
        {
            if (rune.IsBmp && Map.TryGetValue((char)rune.Value, out var mapped))
            {
                if (mapped != " " || (output.Length > 0 && output[^1] != ' '))
                {
                    output.Append(mapped);
                }
            }
            else if (!bad.Contains(rune.ToString()))
            {
                bad.Add(rune.ToString());
            }
        }

        halfWidth = output.ToString().TrimEnd(' ');
        unrepresentable = bad;
        return bad.Count == 0;
    }

    /// <summary>How an unrepresentable character is named in a problem: the character and its code point.</summary>
    public static string Describe(string character) =>
        $"'{character}' (U+{char.ConvertToUtf32(character, 0).ToString("X4", CultureInfo.InvariantCulture)})";

    static Dictionary<char, string> BuildMap()
    {
        var map = new Dictionary<char, string>();
        void Add(char from, string to) => map[from] = to;

        foreach (var c in " 0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ\\,.()-/｢｣ﾞﾟ")
        {
            Add(c, c.ToString());
        }

        for (var c = 'ｱ'; c <= 'ﾝ'; c++)
        {
            Add(c, c.ToString());
        }

        for (var c = 'a'; c <= 'z'; c++)
        {
            Add(c, char.ToUpperInvariant(c).ToString());
        }

        // Full-width ASCII (Ｕ+FF01–FF5E) is ASCII shifted; take the letters, digits and allowed punctuation.
        for (var c = '！'; c <= '～'; c++)
        {
            var ascii = (char)(c - 0xFEE0);
            if (map.TryGetValue(ascii, out var to))
            {
                Add(c, to);
            }
        }

        AddKana(Add);
        AddMarks(Add);
        return map;
    }

    /// <summary>Full-width katakana and hiragana (plain, voiced, semi-voiced, small) as the half-width kana a bank reads.</summary>
    static void AddKana(Action<char, string> add)
    {
        for (var i = 0; i < FullKatakana.Length; i++)
        {
            add(FullKatakana[i], HalfKatakana[i].ToString());
            add((char)(FullKatakana[i] - 0x60), HalfKatakana[i].ToString());
        }

        for (var i = 0; i < Voiced.Length; i++)
        {
            add(Voiced[i], VoicedBase[i] + "ﾞ");
            add((char)(Voiced[i] - 0x60), VoicedBase[i] + "ﾞ");
        }

        for (var i = 0; i < SemiVoiced.Length; i++)
        {
            add(SemiVoiced[i], SemiVoicedBase[i] + "ﾟ");
            add((char)(SemiVoiced[i] - 0x60), SemiVoicedBase[i] + "ﾟ");
        }

        for (var i = 0; i < Small.Length; i++)
        {
            add(Small[i], SmallFullSize[i].ToString());
            add((char)(Small[i] - 0x60), SmallFullSize[i].ToString());
        }

        for (var i = 0; i < HalfSmall.Length; i++)
        {
            add(HalfSmall[i], HalfSmallFullSize[i].ToString());
        }
    }

    /// <summary>Japanese punctuation and long-vowel marks as the ASCII or half-width signs Zengin allows.</summary>
    static void AddMarks(Action<char, string> add)
    {
        add('ヴ', "ｳﾞ");
        add('ゔ', "ｳﾞ");
        add('゛', "ﾞ");
        add('゜', "ﾟ");
        add('ー', "-");
        add('ｰ', "-");
        add('－', "-");
        add('‐', "-");
        add('−', "-");
        add('・', ".");
        add('･', ".");
        add('｡', ".");
        add('、', ",");
        add('､', ",");
        add('。', ".");
        add('「', "｢");
        add('」', "｣");
        add('　', " ");
    }
}
