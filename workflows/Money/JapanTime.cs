namespace Grants.Workflows.Money;

/// <summary>Japan's time (UTC+9, no daylight saving): every calendar day the institute works by — calls, fiscal years, transfer dates, reports — is judged here, wherever the server runs.</summary>
public static class JapanTime
{
    static readonly TimeSpan Offset = TimeSpan.FromHours(9);

    /// <summary>The instant as a clock in Japan shows it.</summary>
    public static DateTimeOffset Of(DateTimeOffset instant) => instant.ToOffset(Offset);

    /// <summary>The calendar day in Japan at an instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(Of(instant).DateTime);

    /// <summary>The last instant of a day in Japan: what a deadline on that day means.</summary>
    public static DateTimeOffset EndOf(DateOnly date) => new(date.ToDateTime(new TimeOnly(23, 59, 59)), Offset);
}
