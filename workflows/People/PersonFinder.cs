using Grants.Workflows.Access;

namespace Grants.Workflows.People;

/// <summary>A person as the people picker shows them to anyone signed in: the sign-in name that selects them, their name and department.</summary>
public sealed record PersonChoice(string Id, string Name, string Department);

/// <summary>The people a picker's query found, and whether more matched than it shows (then the query should say more).</summary>
public sealed record PersonChoices(IReadOnlyList<PersonChoice> People, bool More);

/// <summary>
/// The people picker behind "choose your supervisor or host": anyone signed in finds an active person by a part of their
/// name or kana, or by the start of their e-mail address or sign-in name. It shows name and department only, at most
/// <see cref="MaxResults"/> at a time and only for a query of at least <see cref="MinQueryLength"/> characters, so one
/// call cannot list the directory; leavers never appear.
/// </summary>
public sealed class PersonFinder(PeopleSnapshot snapshot)
{
    public const int MinQueryLength = 2;

    public const int MaxQueryLength = 100;

    public const int MaxResults = 10;

    public async Task<Outcome<PersonChoices>> FindAsync(string? query, CancellationToken cancellationToken = default)
    {
        var words = SearchText.Words(query);
        var length = words.Sum(w => w.Length);
        if (length is < MinQueryLength or > MaxQueryLength)
        {
            return Problem.Invalid("q", $"Type between {MinQueryLength} and {MaxQueryLength} characters of a name, its kana or an e-mail address.");
        }

        var found = (await snapshot.ReadAsync(cancellationToken)).Where(p => words.All(w => Matches(p, w))).Take(MaxResults + 1).ToList();
        return new PersonChoices([.. found.Take(MaxResults).Select(p => p.Choice)], found.Count > MaxResults);
    }

    // An address matches from its start only: "example.ac.jp" is in everyone's address and would find the whole institute.
    static bool Matches(SearchablePerson person, string word) =>
        person.Names.Any(n => n.Contains(word, StringComparison.Ordinal)) || person.Addresses.Any(a => a.StartsWith(word, StringComparison.Ordinal));
}
