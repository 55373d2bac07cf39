using System.Globalization;
using System.Text;
using Grants.Workflows.Access;
using Grants.Workflows.Programs;

namespace Grants.Workflows.Applications;

/// <summary>What an uploaded document must be: a real PDF of a known kind, not too large, with a harmless file name.</summary>
public static class DocumentRules
{
    public const string PdfContentType = "application/pdf";

    static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();

    /// <summary>What is refused by name, whatever the file is called or claims to be: executables, scripts and archives.</summary>
    static readonly (string What, byte[] Magic)[] RefusedBinaries =
    [
        ("a Windows program", "MZ"u8.ToArray()),
        ("a Linux program", [0x7F, (byte)'E', (byte)'L', (byte)'F']),
        ("a macOS program", [0xCF, 0xFA, 0xED, 0xFE]),
        ("a macOS program", [0xCA, 0xFE, 0xBA, 0xBE]),
        ("a script", "#!"u8.ToArray()),
        ("a ZIP archive (or an Office document)", [(byte)'P', (byte)'K', 0x03, 0x04]),
        ("a gzip archive", [0x1F, 0x8B]),
        ("a RAR archive", "Rar!"u8.ToArray()),
        ("a 7-Zip archive", [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]),
        ("a Windows installer or old Office document", [0xD0, 0xCF, 0x11, 0xE0]),
    ];

    /// <summary>Markup a browser would render or run: HTML, SVG and other XML, after any byte-order mark and white space.</summary>
    static readonly string[] RefusedMarkup = ["<!doctype", "<html", "<svg", "<?xml", "<script", "<head", "<body", "<iframe"];

    /// <summary>Checks the kind, the size and the first bytes; the stream is left positioned at its start.</summary>
    public static async Task<Problem?> CheckAsync(DocumentUpload upload, long maxBytes, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Enum.TryParse<DocumentKind>(upload.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(upload.Kind, out _))
        {
            errors["kind"] = [$"Say what the document is: one of {string.Join(", ", Enum.GetNames<DocumentKind>())}."];
        }

        if (upload.Length <= 0)
        {
            errors["file"] = ["The file is empty."];
        }
        else if (upload.Length > maxBytes)
        {
            errors["file"] = [$"The file is larger than {maxBytes / (1024 * 1024)} MB."];
        }
        else
        {
            var head = new byte[512];
            var read = await upload.Content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
            upload.Content.Position = 0;
            var refused = Recognise(head.AsSpan(0, read));
            if (refused is not null)
            {
                errors["file"] = [$"This file is {refused}, not a PDF; only PDF documents are accepted."];
            }
            else if (!head.AsSpan(0, read).StartsWith(PdfMagic))
            {
                errors["file"] = ["Only PDF documents are accepted, and this file is not a PDF."];
            }
        }

        if (SafeFileName(upload.FileName).Length == 0)
        {
            errors["fileName"] = ["The file needs a name."];
        }

        return errors.Count == 0 ? null : Problem.Invalid(errors);
    }

    /// <summary>What a refused kind of file the first bytes show, or null: an executable, archive or markup is named whatever its name says.</summary>
    static string? Recognise(ReadOnlySpan<byte> head)
    {
        foreach (var (what, magic) in RefusedBinaries)
        {
            if (head.StartsWith(magic))
            {
                return what;
            }
        }

        var text = Encoding.UTF8.GetString(head).TrimStart('\uFEFF', ' ', '\t', '\r', '\n', '\0');
        return RefusedMarkup.Any(m => text.StartsWith(m, StringComparison.OrdinalIgnoreCase)) ? "an HTML, SVG or XML document" : null;
    }

    /// <summary>
    /// Keeps only the last path segment, drops control and path characters, normalises Unicode and caps the length. Format
    /// characters go too: a right-to-left override (U+202E) would show <c>invoice\u202Efdp.exe</c> as "invoiceexe.pdf".
    /// </summary>
    public static string SafeFileName(string? fileName)
    {
        var name = (fileName ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..].Normalize(NormalizationForm.FormC);
        var kept = new StringBuilder();
        foreach (var c in name.Where(c => !char.IsControl(c) && char.GetUnicodeCategory(c) != UnicodeCategory.Format && c is not ('"' or '<' or '>' or '|' or ':' or '*' or '?')))
        {
            kept.Append(c);
        }

        var safe = kept.ToString().Trim().TrimStart('.');
        return safe.Length > 120 ? safe[..120] : safe;
    }
}
