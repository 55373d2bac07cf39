using Grants.Workflows.Money;

namespace Grants.Workflows.Programs;

/// <summary>Where a call stands on a day.</summary>
public enum CallStatus
{
    /// <summary>Scheduled: it opens on a later day.</summary>
    Upcoming,
    Open,

    /// <summary>Its close date has passed.</summary>
    Ended,

    /// <summary>Closed early by the research support office.</summary>
    Closed,
}

/// <summary>
/// A call (募集) of a program for one fiscal year: applications are accepted from <see cref="Opens"/> to
/// <see cref="Closes"/>, both days in Japan. Kept apart from the program's rule versions, so opening next year's call
/// needs no new version.
/// </summary>
public sealed record Call(string ProgramId, FiscalYear FiscalYear, DateOnly Opens, DateOnly Closes)
{
    /// <summary>When it was closed early, if it was.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    public bool IsOpenOn(DateOnly japanDate) => StatusOn(japanDate) == CallStatus.Open;

    public CallStatus StatusOn(DateOnly japanDate) =>
        ClosedAt is not null ? CallStatus.Closed
        : japanDate < Opens ? CallStatus.Upcoming
        : japanDate > Closes ? CallStatus.Ended
        : CallStatus.Open;

    /// <summary>Whether the two calls accept applications on a common day (a closed call accepts none).</summary>
    public bool Overlaps(Call other) => ClosedAt is null && other.ClosedAt is null && Opens <= other.Closes && other.Opens <= Closes;

    /// <summary>The calendar day in Japan at an instant: calls open and close by Japan's days wherever the server runs.</summary>
    public static DateOnly JapanDateOf(DateTimeOffset instant) => JapanTime.DateOf(instant);
}
