using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Grants.Workflows.Access;

namespace Grants.Workflows.People;

/// <summary>One data row of a people file: its row number as a spreadsheet shows it, the person it describes, and what could not be read.</summary>
public sealed record PeopleCsvRow(int Row, PersonRequest Request, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>A people file as read: which of the directory's fields it has columns for (by field name, with each column's heading), and its rows.</summary>
public sealed record PeopleCsvFile(IReadOnlyDictionary<string, string> Columns, IReadOnlyList<PeopleCsvRow> Rows);

/// <summary>
/// Reads the people directory as Japanese offices keep it: UTF-8 with or without a byte-order mark, or Excel's
/// Shift_JIS (a file that is not valid UTF-8 is read as Shift_JIS, and one that is neither is refused); headings in
/// Japanese or English; one person a row. Reading never decides whether a row is valid as a person — only whether it
/// can be read — so the caller can report every error of every row at once.
/// </summary>
public static class PeopleCsv
{
    public const int MaxBytes = 2 * 1024 * 1024;

    public const int MaxRows = 5000;

    /// <summary>Each field and the headings that name it, compared without case, spaces, hyphens, underscores or brackets.</summary>
    public static readonly IReadOnlyList<(string Field, string[] Headings)> Columns =
    [
        ("id", ["signInName", "id", "upn", "サインイン名", "サインインID", "ユーザー名", "ユーザーID"]),
        ("name", ["name", "氏名", "名前"]),
        ("nameKana", ["nameKana", "kana", "フリガナ", "ふりがな", "氏名カナ", "カナ"]),
        ("email", ["email", "mail", "メールアドレス", "メール"]),
        ("position", ["position", "職位", "身分", "職名"]),
        ("department", ["department", "所属", "部署"]),
        ("enrolled", ["enrolled", "在籍", "在学"]),
        ("doctorateYear", ["doctorateYear", "博士取得年", "博士号取得年", "学位取得年"]),
        ("supervisorId", ["supervisor", "supervisorId", "指導教員"]),
        ("active", ["active", "有効", "在職"]),
    ];

    static readonly string[] Required = ["id", "name", "email", "position"];

    static readonly string[] Yes = ["true", "yes", "y", "1", "はい", "○", "◯", "有", "在籍", "在学", "有効", "在職"];

    static readonly string[] No = ["false", "no", "n", "0", "いいえ", "×", "無", "退職", "無効"];

    /// <summary>The file's rows, or the problem that keeps it from being read at all (encoding, headings, CSV syntax, size).</summary>
    public static Outcome<PeopleCsvFile> Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0)
        {
            return Problem.Invalid("file", "The file is empty. Send a CSV file with a heading row and one person a row.");
        }

        if (Decode(bytes) is not { } text)
        {
            return Problem.Invalid("file", "The file is neither UTF-8 nor Shift_JIS text. Save it from Excel as \"CSV UTF-8\" or \"CSV (comma delimited)\" and send it again.");
        }

        try
        {
            return Parse(text);
        }
        catch (CsvHelperException e)
        {
            var row = e.Context?.Parser?.Row;
            return Problem.Invalid(row is null ? "file" : $"rows[{row}]", "The file is not valid CSV here (check for a stray or unclosed quote \").");
        }
    }

    /// <summary>UTF-8 (a byte-order mark is dropped) when the bytes are valid UTF-8, else Shift_JIS when they are valid Shift_JIS, else null.</summary>
    public static string? Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            // UTF-16 ("Unicode text" in Excel) is neither of the two encodings offices use for CSV.
            return null;
        }

        if (bytes.Contains((byte)0))
        {
            return null;
        }

        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
        }

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        try
        {
            return Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    static Outcome<PeopleCsvFile> Parse(string text)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = true,
            DetectColumnCountChanges = false,
            TrimOptions = TrimOptions.Trim,
            IgnoreBlankLines = true,
        };
        using var reader = new StringReader(text);
        using var csv = new CsvReader(reader, config);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } headings)
        {
            return Problem.Invalid("file", "The file has no heading row.");
        }

        var (columns, errors) = ReadHeadings(headings);
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        var rows = new List<PeopleCsvRow>();
        while (csv.Read())
        {
            var cells = csv.Parser.Record ?? [];
            if (cells.All(string.IsNullOrWhiteSpace))
            {
                // Excel leaves rows of bare commas below the data.
                continue;
            }

            if (rows.Count == MaxRows)
            {
                return Problem.Invalid("file", $"A file may hold at most {MaxRows} people; split it and import each part.");
            }

            rows.Add(Row(csv.Parser.Row, cells, headings.Length, columns));
        }

        return new PeopleCsvFile(columns.ToDictionary(c => c.Key, c => c.Value.Heading), rows);
    }

    /// <summary>Which column each field is in, and an error a heading that is unknown, repeated or missing.</summary>
    static (Dictionary<string, (int Index, string Heading)> Columns, Dictionary<string, string[]> Errors) ReadHeadings(string[] headings)
    {
        var errors = new Dictionary<string, string[]>();
        var columns = new Dictionary<string, (int Index, string Heading)>();
        for (var i = 0; i < headings.Length; i++)
        {
            var heading = headings[i].Trim();
            var field = Columns.FirstOrDefault(c => c.Headings.Any(h => Key(h) == Key(heading))).Field;
            if (field is null)
            {
                if (heading.Length > 0)
                {
                    errors[$"columns[{i + 1}]"] = [$"'{heading}' is not a column of the directory. Columns: {string.Join(", ", Columns.Select(c => $"{c.Headings[0]} ({c.Headings.First(h => h.Any(ch => ch > 0x7F))})"))}."];
                }
            }
            else if (!columns.TryAdd(field, (i, heading)))
            {
                errors[$"columns[{i + 1}]"] = [$"'{heading}' names the same column as '{columns[field].Heading}'."];
            }
        }

        foreach (var missing in Required.Where(f => !columns.ContainsKey(f)))
        {
            var names = Columns.Single(c => c.Field == missing).Headings;
            errors[$"columns.{missing}"] = [$"The file needs a column '{names[0]}' (or '{names.First(h => h.Any(ch => ch > 0x7F))}')."];
        }

        return (columns, errors);
    }

    /// <summary>One data row as a person request, with the errors of its cells.</summary>
    static PeopleCsvRow Row(int row, string[] cells, int headingCount, Dictionary<string, (int Index, string Heading)> columns)
    {
        var rowErrors = new Dictionary<string, string[]>();
        if (cells.Length > headingCount)
        {
            rowErrors["*"] = [$"This row has {cells.Length} cells but the heading row has {headingCount} columns (a comma inside a value needs quotes)."];
        }

        string? Cell(string field) =>
            columns.TryGetValue(field, out var column) && column.Index < cells.Length && cells[column.Index].Trim() is { Length: > 0 } value ? value : null;

        return new PeopleCsvRow(row, new PersonRequest(
            Cell("id"),
            Cell("name"),
            Cell("nameKana"),
            Cell("email"),
            Cell("position"),
            Cell("department"),
            Flag(Cell("enrolled"), "enrolled", rowErrors),
            Year(Cell("doctorateYear"), rowErrors),
            Cell("supervisorId"),
            Flag(Cell("active"), "active", rowErrors)), rowErrors);
    }

    static bool? Flag(string? cell, string field, Dictionary<string, string[]> errors)
    {
        if (cell is null)
        {
            return null;
        }

        var value = cell.Normalize(NormalizationForm.FormKC).Trim().ToLowerInvariant();
        if (Yes.Contains(value))
        {
            return true;
        }

        if (No.Contains(value))
        {
            return false;
        }

        errors[field] = [$"'{cell}' is not yes or no (true/false, 1/0, はい/いいえ, ○/×)."];
        return null;
    }

    static int? Year(string? cell, Dictionary<string, string[]> errors)
    {
        if (cell is null)
        {
            return null;
        }

        var value = cell.Normalize(NormalizationForm.FormKC).Trim().TrimEnd('年');
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            return year;
        }

        errors["doctorateYear"] = [$"'{cell}' is not a year (write it as 2019)."];
        return null;
    }

    static string Key(string heading) =>
        new(heading.Normalize(NormalizationForm.FormKC).Where(c => !char.IsWhiteSpace(c) && c is not ('-' or '_' or '(' or ')' or '（' or '）')).Select(char.ToLowerInvariant).ToArray());
}
