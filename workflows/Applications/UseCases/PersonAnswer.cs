using Grants.Workflows.Access;
using Grants.Workflows.Orchestration;

namespace Grants.Workflows.Applications;

/// <summary>A person's answer on an application — one of a few words, and a comment — read the same way by every use case that takes one.</summary>
public sealed record PersonAnswer(WorkflowEventKind Kind, string Comment)
{
    /// <summary>The answer, or the problem with it: a word that is not one of <paramref name="choices"/>, or a comment that is too long.</summary>
    public static Outcome<PersonAnswer> Read(string? decision, string? comment, IReadOnlyDictionary<string, WorkflowEventKind> choices, string chooseMessage)
    {
        var clean = DraftValidation.Clean(comment);
        if (decision is null || !choices.TryGetValue(decision.Trim().ToLowerInvariant(), out var kind))
        {
            return Problem.Invalid("decision", chooseMessage);
        }

        return clean.Length > DraftValidation.MaxText
            ? Problem.Invalid("comment", $"At most {DraftValidation.MaxText} characters.")
            : new PersonAnswer(kind, clean);
    }
}
