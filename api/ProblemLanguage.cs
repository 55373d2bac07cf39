using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Grants.Api;

/// <summary>
/// Problems in the caller's language: when the language a caller ranks highest in <c>Accept-Language</c> is Japanese,
/// a problem's title, detail and field errors are written in Japanese where this catalog knows the English message
/// (the titles, and the messages about malformed input, unknown programs, people and sign-in); any other message stays
/// in English rather than being guessed at.
/// </summary>
public static class ProblemLanguage
{
    /// <summary>English message → Japanese, whole-message patterns; <c>$1</c>… carry the values over unchanged.</summary>
    static readonly (Regex English, string Japanese)[] Catalog =
    [
        (Exact("The request is not valid"), "リクエストの内容に誤りがあります"),
        (Exact("Not found"), "見つかりません"),
        (Exact("Not allowed"), "この操作は許可されていません"),
        (Exact("Not possible now"), "現在この操作はできません"),
        (Exact("Cannot be processed"), "処理できません"),
        (Exact("Changed since you read it"), "読み込んだ後に変更されています"),
        (Exact("Sign-in required"), "サインインが必要です"),
        (Exact("Sign in to use Grants."), "Grants を使うにはサインインしてください。"),
        (Exact("JSON expected"), "JSON で送ってください"),
        (Exact("Multipart expected"), "multipart/form-data で送ってください"),
        (Exact("CSV expected"), "CSV ファイルを送ってください"),
        (Exact("Body required"), "本文がありません"),
        (Exact("Body too large"), "本文が大きすぎます"),
        (Exact("File too large"), "ファイルが大きすぎます"),
        (Exact("Something went wrong"), "問題が発生しました"),
        (Exact("Correct the fields listed in errors and send it again."), "errors に示した項目を直して、もう一度送ってください。"),
        (Exact("There is nothing at this address."), "このアドレスには何もありません。"),
        (Exact("Send the body as application/json."), "本文を application/json で送ってください。"),
        (Exact("Send a JSON object."), "JSON オブジェクトを送ってください。"),
        (Exact("The body is not the JSON this endpoint expects."), "本文がこの操作で受け付ける JSON ではありません。"),
        (Exact("This value cannot be read here; check its type and format."), "この値は読み取れません。型と形式を確認してください。"),
        (Exact("The request body could not be read as sent."), "送られた本文を読み取れませんでした。"),
        (Exact("Upload the file as multipart/form-data with fields 'kind' and 'file'."), "ファイルは multipart/form-data で、項目 'kind' と 'file' を付けて送ってください。"),
        (Exact("Attach the document in the field 'file'."), "書類は項目 'file' に添付してください。"),
        (Exact("The multipart body could not be read."), "multipart の本文を読み取れませんでした。"),
        (Pattern(@"The upload is not well-formed multipart/form-data: send one field 'kind' and one field 'file' \(at most (\d+) fields\), ending with the closing boundary\."),
            "アップロードが正しい multipart/form-data ではありません。項目 'kind' と 'file' を1つずつ(項目は $1 個まで)送り、終端の境界で終えてください。"),
        (Pattern(@"A document may be at most (\d+) MB\."), "書類は $1 MB までです。"),
        (Pattern(@"The body may be at most (\d+) KB\."), "本文は $1 KB までです。"),
        (Pattern(@"An Idempotency-Key is at most (\d+) printable characters\."), "Idempotency-Key は表示可能な文字で $1 文字までです。"),
        (Pattern(@"(.+) does not exist or is not yours to see\."), "$1 は存在しないか、閲覧できません。"),
        (Pattern(@"There is no program '(.*)'\."), "プログラム「$1」はありません。"),
        (Pattern(@"Nobody with the sign-in name '(.*)' is in the institute's directory\. Use your supervisor's or host's institute e-mail address\."),
            "サインイン名「$1」の人は研究所の名簿にいません。指導教員または受け入れ研究者の研究所のメールアドレスを指定してください。"),
        (Pattern(@"At most (\d+) characters\."), "$1 文字までです。"),
        (Exact("Only applicants create applications."), "申請を作成できるのは申請者だけです。"),
        (Exact("You are no longer active in the institute's directory, so you cannot create or submit applications. Your applications stay readable; if this is a mistake, ask the research support office."),
            "研究所の名簿で在籍中ではないため、申請の作成や提出はできません。これまでの申請は引き続き閲覧できます。誤りの場合は研究支援室にお問い合わせください。"),
    ];

    /// <summary>Whether the language the caller ranks highest in Accept-Language is Japanese; a header that does not parse means no preference.</summary>
    public static bool PrefersJapanese(HttpRequest request) =>
        StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptLanguage, out var languages)
        && (languages
            .Where(l => l.Value.HasValue && l.Value.Value != "*" && (l.Quality ?? 1) > 0)
            .OrderByDescending(l => l.Quality ?? 1)
            .FirstOrDefault()?.Value.Value?.StartsWith("ja", StringComparison.OrdinalIgnoreCase) ?? false);

    /// <summary>The message in Japanese when the catalog knows it, else as it is.</summary>
    public static string ToJapanese(string english)
    {
        foreach (var (pattern, japanese) in Catalog)
        {
            var match = pattern.Match(english);
            if (match.Success)
            {
                return match.Result(japanese);
            }
        }

        return english;
    }

    static Regex Exact(string english) => new("^" + Regex.Escape(english) + "$", RegexOptions.CultureInvariant);

    static Regex Pattern(string pattern) => new("^" + pattern + "$", RegexOptions.CultureInvariant | RegexOptions.Singleline);
}
