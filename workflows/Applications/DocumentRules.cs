using System.Text;
using Grants.Workflows.Access;
using Grants.Workflows.Programs;

namespace Grants.Workflows.Applications;

/// <summary>What an uploaded document must be: a real PDF of a known kind, not too large, with a harmless file name.</summary>
public static class DocumentRules
{
    public const string PdfContentType = "application/pdf";

    static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();

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
            var head = new byte[PdfMagic.Length];
            var read = await upload.Content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
            upload.Content.Position = 0;
            if (read < head.Length || !head.AsSpan().SequenceEqual(PdfMagic))
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

    /// <summary>Keeps only the last path segment, drops control and path characters, normalises Unicode and caps the length.</summary>
    public static string SafeFileName(string? fileName)
    {
        var name = (fileName ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..].Normalize(NormalizationForm.FormC);
        var kept = new StringBuilder();
        foreach (var c in name.Where(c => !char.IsControl(c) && c is not ('"' or '<' or '>' or '|' or ':' or '*' or '?')))
        {
            kept.Append(c);
        }

        var safe = kept.ToString().Trim().TrimStart('.');
        return safe.Length > 120 ? safe[..120] : safe;
    }
}
