namespace Grants.Workflows.Access;

/// <summary>Why a request was refused; the API turns each into an RFC 9457 problem with the matching status.</summary>
public enum ProblemKind
{
    Invalid,
    NotFound,
    Forbidden,
    Conflict,
    Unprocessable,
    PreconditionFailed,
}

/// <summary>A refusal: what kind, a short title, what to do about it, and field errors for invalid input.</summary>
public sealed record Problem(ProblemKind Kind, string Title, string Detail, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public static Problem NotFound(string what) => new(ProblemKind.NotFound, "Not found", $"{what} does not exist or is not yours to see.");

    public static Problem Forbidden(string detail) => new(ProblemKind.Forbidden, "Not allowed", detail);

    public static Problem Conflict(string detail) => new(ProblemKind.Conflict, "Not possible now", detail);

    public static Problem Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(ProblemKind.Invalid, "The request is not valid", "Correct the fields listed in errors and send it again.", errors);

    /// <summary>Well-formed, but what it refers to cannot be processed as asked; <paramref name="errors"/> lists each reason.</summary>
    public static Problem Unprocessable(string detail, IReadOnlyDictionary<string, string[]> errors) => new(ProblemKind.Unprocessable, "Cannot be processed", detail, errors);

    /// <summary>The request named a version (If-Match) that is no longer the current one.</summary>
    public static Problem PreconditionFailed(string detail) => new(ProblemKind.PreconditionFailed, "Changed since you read it", detail);

    public static Problem Invalid(string field, string error) => Invalid(new Dictionary<string, string[]> { [field] = [error] });
}

/// <summary>Either a value or the problem that prevented it.</summary>
public readonly record struct Outcome<T>(T? Value, Problem? Problem)
{
    public bool Succeeded => Problem is null;

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Problem problem) => new(default, problem);
}
