using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grants.Workflows;

namespace Grants.Tests.Administration;

/// <summary>Sending administrators' requests and reading their answers, with the status checked and the body shown when it is not the expected one.</summary>
public static class AdminHttp
{
    public static StringContent Json(object value) => new(JsonSerializer.Serialize(value, GrantsJson.Options), Encoding.UTF8, "application/json");

    public static async Task<JsonNode> SendAsync(HttpClient client, HttpMethod method, string path, HttpContent? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode} {text}");
        if ((int)expected >= 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    public static Task<JsonNode> GetAsync(HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK) =>
        SendAsync(client, HttpMethod.Get, path, null, expected);

    public static Task<JsonNode> PostAsync(HttpClient client, string path, object body, HttpStatusCode expected) =>
        SendAsync(client, HttpMethod.Post, path, Json(body), expected);

    public static Task<JsonNode> PutAsync(HttpClient client, string path, object body, HttpStatusCode expected) =>
        SendAsync(client, HttpMethod.Put, path, Json(body), expected);

    /// <summary>The error messages a problem lists, each as "field: message".</summary>
    public static IReadOnlyList<string> Errors(JsonNode problem) =>
        problem["errors"] is JsonObject errors ? [.. errors.SelectMany(e => e.Value!.AsArray().Select(m => $"{e.Key}: {m}"))] : [];
}
