using System.Globalization;
using Grants.Workflows.Programs;

namespace Grants.Workflows.People;

/// <summary>A person as an administrator sends them (the portal's form, the API, or one row of a CSV file); everything is text until checked.</summary>
public sealed record PersonRequest(
    string? Id,
    string? Name,
    string? NameKana,
    string? Email,
    string? Position,
    string? Department,
    bool? Enrolled = null,
    int? DoctorateYear = null,
    string? SupervisorId = null,
    bool? Active = null);

/// <summary>
/// What makes a directory entry valid, for every way one arrives: required fields, a known position (in English or
/// Japanese), a plausible doctorate year, an e-mail address, and a supervisor who is someone else. Whether the
/// supervisor exists is for the caller, who knows the directory (and the rest of an imported file).
/// </summary>
public static class PersonRules
{
    public const int MaxTextLength = 200;

    /// <summary>The earliest doctorate year accepted; anything before is a typing mistake, not a researcher still applying.</summary>
    public const int EarliestDoctorateYear = 1950;

    /// <summary>The sign-in name as Easy Auth's principal is compared with it: trimmed and lower-cased.</summary>
    public static string NormalizeId(string? id) => (id ?? "").Trim().ToLowerInvariant();

    /// <summary>Checks every field; returns the person, or every error keyed by field name.</summary>
    public static (Person? Person, Dictionary<string, string[]> Errors) Validate(PersonRequest request, int thisYear)
    {
        var errors = new Dictionary<string, string[]>();
        var id = NormalizeId(request.Id);
        if (id.Length == 0)
        {
            errors["id"] = ["The sign-in name is required: the name Easy Auth reports for the person (see the README)."];
        }
        else if (id.Length > MaxTextLength || id.Any(char.IsControl) || id.Any(char.IsWhiteSpace))
        {
            errors["id"] = [$"A sign-in name has at most {MaxTextLength} characters and no spaces or control characters."];
        }

        var name = Text(request.Name, "name", required: true, errors);
        var kana = Text(request.NameKana, "nameKana", required: false, errors);
        var department = Text(request.Department, "department", required: false, errors);
        var email = Text(request.Email, "email", required: true, errors);
        if (email.Length > 0 && !LooksLikeEmail(email))
        {
            errors["email"] = ["An e-mail address looks like name@example.ac.jp."];
        }

        var position = ParsePosition(request.Position);
        if (position is null)
        {
            errors["position"] = [string.IsNullOrWhiteSpace(request.Position)
                ? "The position is required."
                : $"'{request.Position!.Trim()}' is not a position. Use one of: {string.Join(", ", Enum.GetValues<Position>().Select(p => $"{JsonName(p)} ({JapaneseTerms.Of(p)})"))}."];
        }

        if (request.DoctorateYear is { } year && (year < EarliestDoctorateYear || year > thisYear))
        {
            errors["doctorateYear"] = [$"A doctorate year is between {EarliestDoctorateYear} and {thisYear}."];
        }

        var supervisor = string.IsNullOrWhiteSpace(request.SupervisorId) ? null : NormalizeId(request.SupervisorId);
        if (supervisor is not null && supervisor == id)
        {
            errors["supervisorId"] = ["A person cannot be their own supervisor."];
        }

        return errors.Count > 0
            ? (null, errors)
            : (new Person(id, name, kana, email.ToLowerInvariant(), position!.Value, department, request.Enrolled ?? false, request.DoctorateYear, supervisor, request.Active ?? true), errors);
    }

    /// <summary>A position by its API name (<c>assistantProfessor</c>, any case, spaces allowed) or its Japanese term (助教).</summary>
    public static Position? ParsePosition(string? text)
    {
        var key = new string((text ?? "").Where(c => !char.IsWhiteSpace(c) && c is not ('-' or '_')).ToArray()).ToLowerInvariant();
        return key.Length == 0
            ? null
            : Enum.GetValues<Position>().Cast<Position?>().FirstOrDefault(p => p!.Value.ToString().Equals(key, StringComparison.OrdinalIgnoreCase) || JapaneseTerms.Of(p.Value) == key);
    }

    /// <summary>The position as the API writes it: camelCase.</summary>
    public static string JsonName(Position position) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(position.ToString());

    static string Text(string? value, string field, bool required, Dictionary<string, string[]> errors)
    {
        var text = (value ?? "").Trim();
        if (required && text.Length == 0)
        {
            errors[field] = ["This field is required."];
        }
        else if (text.Length > MaxTextLength || text.Any(char.IsControl))
        {
            errors[field] = [$"At most {MaxTextLength} characters, without control characters."];
        }

        return text;
    }

    static bool LooksLikeEmail(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == email.LastIndexOf('@') && at < email.Length - 3 && email.IndexOf('.', at) > at + 1
            && !email.Any(char.IsWhiteSpace) && email.Length <= 254;
    }

    /// <summary>The calendar year in Japan, against which doctorate years are checked.</summary>
    public static int ThisYear(TimeProvider clock) => Money.JapanTime.Of(clock.GetUtcNow()).Year;

    /// <summary>A person's fields as text, in the order the CSV and the change list show them.</summary>
    public static IReadOnlyList<(string Field, string? Value)> Fields(Person person) =>
    [
        ("name", person.Name),
        ("nameKana", Empty(person.NameKana)),
        ("email", person.Email),
        ("position", JsonName(person.Position)),
        ("department", Empty(person.Department)),
        ("enrolled", person.Enrolled ? "true" : "false"),
        ("doctorateYear", person.DoctorateYear?.ToString(CultureInfo.InvariantCulture)),
        ("supervisorId", person.SupervisorId),
        ("active", person.Active ? "true" : "false"),
    ];

    /// <summary>What differs between two versions of a person, field by field.</summary>
    public static IReadOnlyList<FieldChange> Changes(Person before, Person after) =>
        [.. Fields(before).Zip(Fields(after)).Where(p => p.First.Value != p.Second.Value).Select(p => new FieldChange(p.First.Field, p.First.Value, p.Second.Value))];

    static string? Empty(string value) => value.Length == 0 ? null : value;
}

/// <summary>One field that an edit or an import changes: from what, to what.</summary>
public sealed record FieldChange(string Field, string? From, string? To);
