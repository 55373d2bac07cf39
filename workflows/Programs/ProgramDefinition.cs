using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Grants.Workflows.Access;
using Json.Schema;

namespace Grants.Workflows.Programs;

/// <summary>
/// Reads a program definition file (JSON, see programs/program.schema.json): first against the published schema, then
/// against the rules the schema cannot say. Every error is reported at once, each under its path (<c>expenses[2].capPerPaper</c>).
/// </summary>
public static partial class ProgramDefinition
{
    /// <summary>The schema's text, as published in programs/program.schema.json.</summary>
    public static string SchemaText { get; } = ReadResource("programs/program.schema.json");

    static readonly JsonSchema Schema = JsonSchema.FromText(SchemaText);

    /// <summary>A program from a definition's text, or an invalid-input problem that lists every error.</summary>
    public static Outcome<GrantProgram> Parse(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException e)
        {
            return Problem.Invalid("definition", $"Not JSON: {e.Message}");
        }

        using var owned = document;
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Problem.Invalid("definition", "A definition is one JSON object.");
        }

        var errors = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        EvaluationResults results;
        try
        {
            results = Schema.Evaluate(root, new EvaluationOptions { OutputFormat = OutputFormat.List });
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or JsonException)
        {
            // Text JSON can carry but Unicode cannot (a lone surrogate such as \ud800) fails on reading the string.
            return Problem.Invalid("definition", "holds text that is not valid Unicode; save the file as UTF-8 text.");
        }

        foreach (var detail in new[] { results }.Concat(results.Details ?? []).Where(d => d.Errors is { Count: > 0 }))
        {
            var path = PathOf(detail.InstanceLocation.ToString());
            foreach (var (keyword, message) in detail.Errors!)
            {
                foreach (var (at, said) in Reworded(path, keyword, message))
                {
                    Add(errors, at, said);
                }
            }
        }

        // The rules across fields are checked too whenever the shape can be read, so one answer lists every error.
        var program = TryRead(root);
        if (program is null && errors.Count == 0)
        {
            Add(errors, "definition", "cannot be read as a program definition.");
        }

        foreach (var (path, message) in program is null ? [] : DomainErrors(program))
        {
            Add(errors, path, message);
        }

        return errors.Count > 0 || program is null ? Refusal(errors) : program;
    }

    static GrantProgram? TryRead(JsonElement root)
    {
        try
        {
            var program = root.Deserialize<GrantProgram>(GrantsJson.Options);
            return program is { Expenses: not null, Funding: not null, EligiblePositions: not null, Approval: not null, Period: not null }
                && program.Expenses.All(e => e is not null) && program.Funding.All(r => r is not null) ? program : null;
        }
        catch (Exception e) when (e is JsonException or FormatException or OverflowException or ArgumentException or NotSupportedException or InvalidOperationException)
        {
            // The schema has already said what is wrong with the shape.
            return null;
        }
    }

    /// <summary>The rules on a definition that a JSON schema cannot express.</summary>
    static IEnumerable<(string Path, string Message)> DomainErrors(GrantProgram program) =>
        MoneyErrors(program).Concat(ScheduleErrors(program));

    /// <summary>Expense rules one per kind, the per-person cap above the per-application one, and a fund for every application.</summary>
    static IEnumerable<(string Path, string Message)> MoneyErrors(GrantProgram program)
    {
        for (var i = 0; i < program.Expenses.Count; i++)
        {
            var expense = program.Expenses[i];
            if (program.Expenses.Take(i).Any(e => e.Kind == expense.Kind))
            {
                yield return ($"expenses[{i}].kind", $"{Camel(expense.Kind)} appears more than once; one rule per expense kind.");
            }
        }

        if (program.CapPerPersonPerYear is { } perPerson && perPerson < program.CapPerApplication)
        {
            yield return ("capPerPersonPerYear", $"must be at least capPerApplication ({program.CapPerApplication}).");
        }

        if (!program.Funding.Any(r => r.When == FundCondition.Always))
        {
            yield return ("funding", "One route must have \"when\": \"always\", so every application has a fund that pays it.");
        }

        for (var i = 0; i < program.Funding.Count; i++)
        {
            if (program.Funding.Take(i).Any(r => r.When == FundCondition.Always))
            {
                yield return ($"funding[{i}]", "comes after an \"always\" route and would never be used.");
            }
        }

    }

    /// <summary>Reminders, escalation, months and reports that can happen and follow each other.</summary>
    static IEnumerable<(string Path, string Message)> ScheduleErrors(GrantProgram program)
    {
        if (program.Approval.ReminderEvery <= TimeSpan.Zero)
        {
            yield return ("approval.reminderEvery", "must be > 0");
        }

        if (program.Approval.EscalateAfter < program.Approval.ReminderEvery)
        {
            yield return ("approval.escalateAfter", "must not be shorter than approval.reminderEvery.");
        }

        var monthly = program.Expenses.Where(e => e.Kind is ExpenseKind.ResearchAssistantMonthly or ExpenseKind.PreArrivalMonthly or ExpenseKind.PostArrivalMonthly).ToList();
        if (monthly.Count > 0 && program.Period.MaxMonths < 1)
        {
            yield return ("period.maxMonths", "must be > 0: the program pays monthly.");
        }

        if (monthly.Any(e => e.Kind == ExpenseKind.PreArrivalMonthly) != monthly.Any(e => e.Kind == ExpenseKind.PostArrivalMonthly))
        {
            yield return ("expenses", "preArrivalMonthly and postArrivalMonthly go together: support before arrival changes to support after arrival.");
        }

        if (!ProgramStates.Registry.ContainsKey(program.Workflow))
        {
            yield return ("workflow", $"is not a workflow this deployment knows ({string.Join(", ", ProgramStates.Registry.Keys)}).");
        }

        if (program.Report is { } report)
        {
            if (report.DueAfterApproval <= TimeSpan.Zero)
            {
                yield return ("report.dueAfterApproval", "must be > 0");
            }

            if (report.ReminderEvery <= TimeSpan.Zero)
            {
                yield return ("report.reminderEvery", "must be > 0");
            }
        }
    }

    /// <summary>The schema library's messages, said for the field they concern where its words are vague.</summary>
    static IEnumerable<(string Path, string Message)> Reworded(string path, string keyword, string message)
    {
        var parent = path == "definition" ? "" : path + ".";
        switch (keyword)
        {
            case "required":
                // "Required properties ["nameEn"] are not present": one error per missing field, under its own path.
                foreach (var name in QuotedNames().Matches(message).Select(m => m.Groups[1].Value))
                {
                    yield return (parent + name, "is required");
                }

                break;
            case "":
                yield return (path, "is not a field of a program definition (check its spelling against program.schema.json).");
                break;
            case "exclusiveMinimum":
                // The schema uses it only for amounts, which must be more than zero.
                yield return (path, "must be > 0");
                break;
            case "enum":
                yield return (path, "is not one of the values program.schema.json allows here.");
                break;
            default:
                yield return (path, message);
                break;
        }
    }

    [GeneratedRegex("\"([^\"]+)\"")]
    private static partial Regex QuotedNames();

    /// <summary>A JSON Pointer (<c>/expenses/2/capPerPaper</c>) as a path people read (<c>expenses[2].capPerPaper</c>).</summary>
    static string PathOf(string pointer)
    {
        var path = new StringBuilder();
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Replace("~1", "/").Replace("~0", "~")))
        {
            if (int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                path.Append('[').Append(index).Append(']');
            }
            else
            {
                path.Append(path.Length > 0 ? "." : "").Append(segment);
            }
        }

        return path.Length > 0 ? path.ToString() : "definition";
    }

    static void Add(SortedDictionary<string, List<string>> errors, string path, string message)
    {
        if (!errors.TryGetValue(path, out var list))
        {
            errors[path] = list = [];
        }

        if (!list.Contains(message))
        {
            list.Add(message);
        }
    }

    static Problem Refusal(SortedDictionary<string, List<string>> errors) =>
        Problem.Invalid(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

    static string Camel(Enum value) => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    internal static string ReadResource(string name)
    {
        using var stream = typeof(ProgramDefinition).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded in {typeof(ProgramDefinition).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    internal static IEnumerable<string> ResourceNames() =>
        typeof(ProgramDefinition).Assembly.GetManifestResourceNames().Where(n => n.StartsWith("programs/", StringComparison.Ordinal) && n != "programs/program.schema.json").Order(StringComparer.Ordinal);
}
