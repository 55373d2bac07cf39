using Grants.Workflows.Programs;
using Microsoft.AspNetCore.Http;

namespace Grants.Api;

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

        return Task.FromResult(ApiRequest.Json(new
        {
            version = Vocabulary.Version,
            ja = Vocabulary.Terms.ToDictionary(t => t.Key, t => t.Value.Ja),
            en = Vocabulary.Terms.ToDictionary(t => t.Key, t => t.Value.En),
        }));
    }
}
