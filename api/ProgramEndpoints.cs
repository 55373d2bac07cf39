using System.Text;
using System.Text.Json;
using Grants.Workflows;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using Microsoft.AspNetCore.Http;

namespace Grants.Api;

/// <summary>The programs people can apply to, with their rules; and, for administrators, their versions: preview and publish.</summary>
public static class ProgramEndpoints
{
    /// <summary>Every current program with its calls (open and upcoming ones; all of them for administrators), the call open today, and whether it is for the caller.</summary>
    public static Task<IResult> List(ApiCall call) =>
        call.AnswerAsync((actor, token) => call.Service<ProgramOffers>().ListAsync(actor, token));

    public static Task<IResult> ListVersions(ApiCall call) =>
        call.AnswerAsync((actor, token) => call.Service<ProgramAdministration>().ListVersionsAsync(actor, call.RouteValue("id"), token));

    /// <summary>The changes a definition (the request body, as in programs/*.json) would make, in words; nothing is stored.</summary>
    public static Task<IResult> Preview(ApiCall call) => WithDefinitionAsync(call, async (actor, definition) =>
        call.Answer(await call.Service<ProgramAdministration>().PreviewAsync(actor, call.RouteValue("id"), definition, call.Http.RequestAborted)));

    /// <summary>Publishes the definition in the body: 201 when published, 200 when exactly this version was already published.</summary>
    public static Task<IResult> Publish(ApiCall call) => WithDefinitionAsync(call, async (actor, definition) =>
    {
        var id = call.RouteValue("id");
        return call.Answer(
            await call.Service<ProgramAdministration>().PublishAsync(actor, id, definition, call.Http.RequestAborted),
            published => published.Created
                ? call.At($"/api/programs/{id}/versions", published.Preview, StatusCodes.Status201Created)
                : ApiRequest.Json(published.Preview));
    });

    /// <summary>Authenticates, then reads the definition in the body (or refuses it) before <paramref name="handle"/> runs.</summary>
    static Task<IResult> WithDefinitionAsync(ApiCall call, Func<Grants.Workflows.Access.Actor, string, Task<IResult>> handle) => call.SignedInAsync(async actor =>
    {
        var (definition, unreadable) = await ReadDefinitionAsync(call);
        return unreadable ?? await handle(actor, definition!);
    });

    /// <summary>The body as UTF-8 text, at most <see cref="ApiRequest.MaxJsonBytes"/>, sent as application/json.</summary>
    static async Task<(string? Text, IResult? Refusal)> ReadDefinitionAsync(ApiCall call)
    {
        var request = call.Http.Request;
        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ProblemResults.Create(StatusCodes.Status415UnsupportedMediaType, "JSON expected", "Send the program definition as application/json.", call.Http));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, call.Http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > ApiRequest.MaxJsonBytes)
            {
                return (null, ProblemResults.Create(StatusCodes.Status413PayloadTooLarge, "Body too large", $"A definition may be at most {ApiRequest.MaxJsonBytes / 1024} KB.", call.Http));
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            return (new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, ProblemResults.Create(StatusCodes.Status400BadRequest, "The request is not valid", "The definition is not UTF-8 text.", call.Http,
                new Dictionary<string, string[]> { ["definition"] = ["Save the file as UTF-8."] }));
        }
    }
}
