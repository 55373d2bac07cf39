using System.Globalization;
using System.Text.RegularExpressions;

namespace Grants.Load;

/// <summary>
/// The CPU time used so far by the Azurite process serving a connection string's tables (Linux: read from /proc), so a
/// throughput run can say how much of the emulator's time each application cost — the side that asks less of the one
/// Node thread both sides' storage runs on goes faster on the same two cores.
/// </summary>
static partial class AzuriteCpu
{
    /// <summary>A reader of that process's user + system CPU time; null when it is not found (not Linux, or not started by this driver).</summary>
    public static Func<TimeSpan>? Of(string connectionString)
    {
        var port = TablePort().Match(connectionString) is { Success: true } m ? m.Groups[1].Value : null;
        if (port is null || !Directory.Exists("/proc"))
        {
            return null;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            string[] arguments;
            try
            {
                arguments = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            var at = Array.IndexOf(arguments, "--tablePort");
            if (at >= 0 && at + 1 < arguments.Length && arguments[at + 1] == port)
            {
                var stat = Path.Combine(dir, "stat");
                return () => Read(stat);
            }
        }

        return null;
    }

    /// <summary>Fields 14 and 15 of /proc/{pid}/stat (utime, stime), counted after the command name's closing parenthesis; 100 ticks a second.</summary>
    static TimeSpan Read(string stat)
    {
        var text = File.ReadAllText(stat);
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    [GeneratedRegex(@"TableEndpoint=http://127\.0\.0\.1:(\d+)/")]
    private static partial Regex TablePort();
}
