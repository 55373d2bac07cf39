using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Grants.Workflows.Access;
using Microsoft.AspNetCore.Http;

namespace Grants.Api;

/// <summary>
/// Reads the signed-in person from the <c>X-MS-CLIENT-PRINCIPAL</c> header that App Service Authentication (Easy Auth)
/// sets after it has authenticated the caller with Microsoft Entra ID. Only Easy Auth, or the local runtime's
/// stand-in for it, may be trusted to set this header.
/// </summary>
public static class EasyAuthPrincipal
{
    public const string Header = "X-MS-CLIENT-PRINCIPAL";

    const string RoleClaim = "roles";
    const string NameClaim = "name";

    sealed record Claim([property: JsonPropertyName("typ")] string? Type, [property: JsonPropertyName("val")] string? Value);

    sealed record Principal(
        [property: JsonPropertyName("auth_typ")] string? AuthenticationType,
        [property: JsonPropertyName("claims")] List<Claim>? Claims,
        [property: JsonPropertyName("name_typ")] string? NameType,
        [property: JsonPropertyName("role_typ")] string? RoleType);

    /// <summary>The actor the header describes, or null when it is missing or cannot be read.</summary>
    public static Actor? Read(HttpRequest request)
    {
        var header = request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(header) || header.Length > 16_384)
        {
            return null;
        }

        try
        {
            var principal = JsonSerializer.Deserialize<Principal>(Convert.FromBase64String(header));
            var claims = principal?.Claims?.Where(c => c.Type is not null && c.Value is not null).ToList() ?? [];
            var nameType = principal?.NameType ?? NameClaim;
            var roleType = principal?.RoleType ?? RoleClaim;
            var id = claims.FirstOrDefault(c => c.Type == nameType)?.Value
                ?? claims.FirstOrDefault(c => c.Type is "preferred_username" or NameClaim)?.Value;
            if (string.IsNullOrWhiteSpace(id))
            {
                return null;
            }

            var roles = claims.Where(c => c.Type == roleType || c.Type == RoleClaim).Select(c => c.Value!.Trim().ToLowerInvariant()).ToHashSet();
            return new Actor(id.Trim().ToLowerInvariant(), roles);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Encodes a principal the way Easy Auth does; the local runtime's sign-in and the tests use it.</summary>
    public static string Encode(string id, params string[] roles)
    {
        var claims = new List<Claim> { new(NameClaim, id) };
        claims.AddRange(roles.Select(r => new Claim(RoleClaim, r)));
        var json = JsonSerializer.Serialize(new Principal("aad", claims, NameClaim, RoleClaim));
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }
}
