using System.Security.Cryptography;
using System.Text;

namespace Grants.Workflows.Applications;

/// <summary>How applications, documents and audit steps are named: at random, or derived from an Idempotency-Key so a retry names the same one.</summary>
public static class ApplicationIds
{
    public static string NewId() => "APP-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));

    public static string IdFor(string actorId, string key) =>
        "APP-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(actorId + "\n" + key)))[..16];

    public static string NewDocumentId() => "DOC-" + NewId()[4..];

    public static string DocumentIdFor(string actorId, string applicationId, string key) =>
        "DOC-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(actorId + "\n" + applicationId + "\n" + key)))[..16];

    public static string NewStepKey() => Convert.ToHexString(RandomNumberGenerator.GetBytes(6));
}
