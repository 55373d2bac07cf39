using Microsoft.Extensions.Configuration;

namespace Grants.Api;

/// <summary>
/// When the <c>X-MS-CLIENT-PRINCIPAL</c> header may be believed. In Azure App Service (which sets <c>WEBSITE_SITE_NAME</c>)
/// only Easy Auth may set it, and Easy Auth strips any copy a caller sends; if Easy Auth is off (<c>WEBSITE_AUTH_ENABLED</c>
/// is not <c>True</c>) anyone could forge it, so protected routes refuse to serve rather than trust it. Outside Azure the
/// only host is the local runtime, which accepts loopback clients only.
/// </summary>
public static class EasyAuthRequirement
{
    public const string SiteNameSetting = "WEBSITE_SITE_NAME";
    public const string AuthEnabledSetting = "WEBSITE_AUTH_ENABLED";

    /// <summary>Whether this process runs where the principal header can only come from Easy Auth (or the local stand-in).</summary>
    public static bool HeaderTrusted(IConfiguration? configuration) =>
        string.IsNullOrEmpty(configuration?[SiteNameSetting])
        || string.Equals(configuration[AuthEnabledSetting], "True", StringComparison.OrdinalIgnoreCase);
}
