using System.Globalization;

namespace Grants.Local;

/// <summary>
/// The local runtime's clock when <c>Clock:Now</c> is set: it reads that instant at start and runs on in real time,
/// so a developer or a test can start the runtime on 1 April of next fiscal year (or 31 March at 23:59 in Japan)
/// and watch every date decision follow. Only the local runtime has it; the Functions app always keeps real time.
/// </summary>
public sealed class ClockStartingAt(DateTimeOffset start, TimeProvider real) : TimeProvider
{
    readonly TimeSpan shift = start - real.GetUtcNow();

    /// <summary>The configured clock, or the system's when <c>Clock:Now</c> is not set; an unreadable instant stops the start.</summary>
    public static TimeProvider From(IConfiguration configuration)
    {
        var setting = configuration["Clock:Now"];
        if (string.IsNullOrWhiteSpace(setting))
        {
            return System;
        }

        // An instant without an offset is read as UTC, never as the machine's zone.
        return DateTimeOffset.TryParse(setting, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start)
            ? new ClockStartingAt(start, System)
            : throw new InvalidOperationException($"Clock:Now must be an ISO 8601 instant, e.g. 2027-04-01T09:00:00+09:00, not '{setting}'.");
    }

    public override DateTimeOffset GetUtcNow() => real.GetUtcNow() + shift;

    public override TimeZoneInfo LocalTimeZone => real.LocalTimeZone;
}
