namespace Grants.Workflows.People;

/// <summary>Names by sign-in id, as <see cref="PeopleSnapshot"/> read them from the directory; an id nobody is known by has no name.</summary>
public sealed class NameBook(IReadOnlyDictionary<string, string> names)
{
    /// <summary>The person's name, or null when there is no id or nobody in the directory has it.</summary>
    public string? this[string? id] => id is not null && names.TryGetValue(id, out var name) ? name : null;
}
