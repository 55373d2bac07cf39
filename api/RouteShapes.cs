using System.Text.RegularExpressions;

namespace Grants.Api;

/// <summary>
/// What a route value can look like before anything is looked up: an application id is <c>APP-</c> and 16 hex digits, a
/// document id <c>DOC-</c> and 16; any other id (a person's sign-in name, a batch) is short text. A value of another
/// shape names nothing, so the request is answered 404 at once, before it reaches storage.
/// </summary>
public static partial class RouteShapes
{
    const int MaxOtherLength = 254;

    /// <summary>Whether every route value of the call has the shape its route expects.</summary>
    public static bool Accepts(ApiRoute route, ApiCall call)
    {
        foreach (var (name, value) in call.Route)
        {
            var text = value ?? "";
            var ok = (route.Template.StartsWith("applications/", StringComparison.Ordinal), name) switch
            {
                (true, "id") => ApplicationId().IsMatch(text),
                (true, "docId") => DocumentId().IsMatch(text),
                // Any character: a sign-in name may hold what Table Storage refuses in keys, which storage encodes (TableKey).
                _ => text.Length is > 0 and <= MaxOtherLength,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex("^APP-[0-9A-F]{16}$", RegexOptions.CultureInvariant)]
    private static partial Regex ApplicationId();

    [GeneratedRegex("^DOC-[0-9A-F]{16}$", RegexOptions.CultureInvariant)]
    private static partial Regex DocumentId();
}
