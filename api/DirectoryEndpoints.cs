using Grants.Workflows.People;
using Grants.Workflows.Storage;
using Microsoft.AspNetCore.Http;

namespace Grants.Api;

/// <summary>HTTP for the people directory (<see cref="PeopleAdministration"/>): search for staff; add, edit, deactivate and CSV import for administrators.</summary>
public static class DirectoryEndpoints
{
    public static Task<IResult> Search(ApiCall call) => call.SignedInAsync(async actor =>
    {
        var query = call.Http.Request.Query;
        int? limit = null;
        if (query.TryGetValue("limit", out var text))
        {
            if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                return ProblemResults.From(Workflows.Access.Problem.Invalid("limit", $"Ask for between 1 and {PeopleAdministration.MaxLimit} people."), call.Http);
            }

            limit = parsed;
        }

        return call.Answer(await call.Service<PeopleAdministration>().SearchAsync(actor, query["q"].ToString(), limit, call.Http.RequestAborted));
    });

    public static Task<IResult> Get(ApiCall call) =>
        call.AnswerAsync((actor, token) => call.Service<PeopleAdministration>().GetAsync(actor, call.RouteValue("id"), token), stored => WithETag(call, stored));

    public static Task<IResult> Add(ApiCall call) =>
        call.AnswerAsync<PersonRequest, Person>(
            (actor, body, token) => call.Service<PeopleAdministration>().AddAsync(actor, body, token),
            person => call.At($"/api/people/{Uri.EscapeDataString(person.Id)}", person, StatusCodes.Status201Created));

    public static Task<IResult> Update(ApiCall call) =>
        call.AnswerAsync<PersonRequest, Stored<Person>>(
            (actor, body, token) =>
            {
                var ifMatch = call.Http.Request.Headers.IfMatch.ToString();
                return call.Service<PeopleAdministration>().UpdateAsync(actor, call.RouteValue("id"), body, ifMatch.Length == 0 ? null : ifMatch, token);
            },
            stored => WithETag(call, stored));

    /// <summary>The person, with the ETag an edit sends back as If-Match.</summary>
    static IResult WithETag(ApiCall call, Stored<Person> stored)
    {
        call.Http.Response.Headers.ETag = stored.ETag.ToString("H");
        return ApiRequest.Json(stored.Value);
    }

    /// <summary>The CSV file is the whole body (as a browser sends a File); <c>?dryRun=true</c> only shows what it would do.</summary>
    public static Task<IResult> Import(ApiCall call) => call.SignedInAsync(async actor =>
    {
        var request = call.Http.Request;
        var dryRunText = request.Query["dryRun"].ToString();
        if (dryRunText is not ("" or "true" or "false"))
        {
            return ProblemResults.From(Workflows.Access.Problem.Invalid("dryRun", "dryRun is true or false."), call.Http);
        }

        if (request.ContentType is { } type && (type.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) || type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)))
        {
            return ProblemResults.Create(StatusCodes.Status415UnsupportedMediaType, "CSV expected", "Send the CSV file itself as the body (text/csv).", call.Http);
        }

        if (request.ContentLength > PeopleCsv.MaxBytes)
        {
            return TooLarge(call);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, call.Http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > PeopleCsv.MaxBytes)
            {
                return TooLarge(call);
            }

            buffer.Write(chunk, 0, read);
        }

        return call.Answer(await call.Service<PeopleAdministration>().ImportAsync(actor, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), dryRunText == "true", call.Http.RequestAborted));
    });

    static IResult TooLarge(ApiCall call) =>
        ProblemResults.Create(StatusCodes.Status413PayloadTooLarge, "File too large", $"A people file may be at most {PeopleCsv.MaxBytes / 1024 / 1024} MB; split it and import each part.", call.Http);
}
