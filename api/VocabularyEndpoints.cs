using Grants.Workflows.Programs;
using Microsoft.AspNetCore.Http;

namespace Grants.Api;

/// <summary>The vocabulary as served: its version, and each key's word in Japanese and in English.</summary>
public sealed record VocabularyAnswer(string Version, IReadOnlyDictionary<string, string> Ja, IReadOnlyDictionary<string, string> En);

/// <summary>The words for every code the API sends, in Japanese and English (<see cref="Vocabulary"/>); public, like the program catalogue's names.</summary>
public static class VocabularyEndpoints
{
    public static Task<IResult> Get(ApiCall call)
    {
        var etag = $"\"{Vocabulary.Version}\"";
        call.Http.Response.Headers.ETag = etag;
        call.Http.Response.Headers.CacheControl = "no-cache";
        if (call.Http.Request.Headers.IfNoneMatch.Contains(etag))
        {
            return Task.FromResult<IResult>(TypedResults.StatusCode(StatusCodes.Status304NotModified));
        }

        return Task.FromResult(ApiRequest.Json(new VocabularyAnswer(
            Vocabulary.Version,
            Vocabulary.Terms.ToDictionary(t => t.Key, t => t.Value.Ja),
            Vocabulary.Terms.ToDictionary(t => t.Key, t => t.Value.En))));
    }
}
