using System.Text;
using Grants.Workflows.Money;

namespace Grants.Workflows.Applications;

/// <summary>Checks the shape of a draft: required fields, lengths and amounts. Program rules (caps, positions) are the eligibility check's job.</summary>
public static class DraftValidation
{
    public const int MaxLines = 20;
    public const int MaxText = 500;
    public static readonly Yen MaxAmount = new(100_000_000);

    public static Dictionary<string, string[]> Validate(DraftRequest request)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string error)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(error);
        }

        if (string.IsNullOrWhiteSpace(request.ProgramId))
        {
            Add("programId", "Choose a program.");
        }

        if (request.Paper is null)
        {
            Add("paper", "Describe the paper: title, journal and whether it is a result of joint-use research.");
        }
        else
        {
            CheckText(request.Paper.Title, "paper.title", required: true, Add);
            CheckText(request.Paper.Journal, "paper.journal", required: false, Add);
        }

        if (request.Months is < 0 or > 60)
        {
            Add("months", "Request between 1 and 60 months.");
        }

        if (request.EndorserId is { Length: > 200 })
        {
            Add("endorserId", "At most 200 characters.");
        }

        if (request.SendingUniversity is { } partner)
        {
            CheckText(partner.Institution, "sendingUniversity.institution", required: true, Add);
            CheckText(partner.ContactName, "sendingUniversity.contactName", required: true, Add);
            CheckText(partner.ContactEmail, "sendingUniversity.contactEmail", required: true, Add);
        }

        CheckLines(request.Lines ?? [], Add);
        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    static void CheckLines(IReadOnlyList<ExpenseLine> lines, Action<string, string> Add)
    {
        if (lines.Count > MaxLines)
        {
            Add("lines", $"At most {MaxLines} expense lines.");
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line is null)
            {
                Add($"lines[{i}]", "An expense line is required here.");
                continue;
            }

            if (!Enum.IsDefined(line.Kind))
            {
                Add($"lines[{i}].kind", "Unknown expense kind.");
            }

            if (!line.Amount.IsPositive || line.Amount > MaxAmount)
            {
                Add($"lines[{i}].amount", $"The amount must be a whole number of yen between 1 and {MaxAmount.Value}.");
            }

            CheckText(line.Description, $"lines[{i}].description", required: false, Add);
        }
    }

    /// <summary>Text is stored in Unicode normal form C so that look-alike spellings compare equal.</summary>
    public static DraftRequest Normalize(DraftRequest request) => request with
    {
        ProgramId = request.ProgramId?.Trim(),
        Paper = request.Paper is null ? null : request.Paper with
        {
            Title = Clean(request.Paper.Title),
            Journal = Clean(request.Paper.Journal),
        },
        Lines = request.Lines?.Select(l => l is null ? l! : l with { Description = Clean(l.Description) }).ToList(),
        EndorserId = string.IsNullOrWhiteSpace(request.EndorserId) ? null : request.EndorserId.Trim().ToLowerInvariant(),
    };

    /// <summary>Text as stored: trimmed, in Unicode normal form C.</summary>
    public static string Clean(string? text) => (text ?? "").Trim().Normalize(NormalizationForm.FormC);

    static void CheckText(string? text, string field, bool required, Action<string, string> add)
    {
        if (required && string.IsNullOrWhiteSpace(text))
        {
            add(field, "This field is required.");
        }
        else if (text is { Length: > MaxText })
        {
            add(field, $"At most {MaxText} characters.");
        }
        else if (text is not null && text.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            add(field, "Control characters are not allowed.");
        }
    }
}
