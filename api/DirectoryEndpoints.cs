using Grants.Workflows.People;
using Microsoft.AspNetCore.Http;

namespace Grants.Api;

/// <summary>HTTP for the people directory (<see cref="PeopleAdministration"/>): search for staff; add, edit, deactivate and CSV import for administrators.</summary>
public static class DirectoryEndpoints
{
    public static async Task<IResult> Search(ApiCall call)
    {
        var (actor, refusal) = call.Authenticate();
        if (refusal is not null)
        {
            return refusal;
        }

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

        var outcome = await call.Service<PeopleAdministration>().SearchAsync(actor!, query["q"].ToString(), limit, call.Http.RequestAborted);
        return outcome.Succeeded ? ApiRequest.Json(outcome.Value!) : ProblemResults.From(outcome.Problem!, call.Http);
    }

    public static async Task<IResult> Get(ApiCall call)
    {
        var (actor, refusal) = call.Authenticate();
        if (refusal is not null)
        {
            return refusal;
        }

        var outcome = await call.Service<PeopleAdministration>().GetAsync(actor!, call.RouteValue("id"), call.Http.RequestAborted);
        if (!outcome.Succeeded)
        {
            return ProblemResults.From(outcome.Problem!, call.Http);
        }

        call.Http.Response.Headers.ETag = outcome.Value!.ETag.ToString("H");
        return ApiRequest.Json(outcome.Value.Value);
    }

    public static Task<IResult> Add(ApiCall call) =>
        call.AnswerAsync<PersonRequest, Person>(
            (actor, body, token) => call.Service<PeopleAdministration>().AddAsync(actor, body, token),
            person => call.At($"/api/people/{Uri.EscapeDataString(person.Id)}", person, StatusCodes.Status201Created));

    public static async Task<IResult> Update(ApiCall call)
    {
        var (actor, refusal) = call.Authenticate();
        if (refusal is not null)
        {
            return refusal;
        }

        var (body, bodyRefusal) = await call.ReadJsonAsync<PersonRequest>();
        if (bodyRefusal is not null)
        {
            return bodyRefusal;
        }

        var ifMatch = call.Http.Request.Headers.IfMatch.ToString();
        var outcome = await call.Service<PeopleAdministration>().UpdateAsync(actor!, call.RouteValue("id"), body!, ifMatch.Length == 0 ? null : ifMatch, call.Http.RequestAborted);
        if (!outcome.Succeeded)
        {
            return ProblemResults.From(outcome.Problem!, call.Http);
        }

        call.Http.Response.Headers.ETag = outcome.Value!.ETag.ToString("H");
        return ApiRequest.Json(outcome.Value.Value);
    }

    /// <summary>The CSV file is the whole body (as a browser sends a File); <c>?dryRun=true</c> only shows what it would do.</summary>
    public static async Task<IResult> Import(ApiCall call)
    {
        var (actor, refusal) = call.Authenticate();
        if (refusal is not null)
        {
            return refusal;
        }

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

        var outcome = await call.Service<PeopleAdministration>().ImportAsync(actor!, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), dryRunText == "true", call.Http.RequestAborted);
        return outcome.Succeeded ? ApiRequest.Json(outcome.Value!) : ProblemResults.From(outcome.Problem!, call.Http);
    }

    static IResult TooLarge(ApiCall call) =>
        ProblemResults.Create(StatusCodes.Status413PayloadTooLarge, "File too large", $"A people file may be at most {PeopleCsv.MaxBytes / 1024 / 1024} MB; split it and import each part.", call.Http);
}
