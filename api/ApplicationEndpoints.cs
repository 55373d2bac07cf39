using Grants.Workflows.Access;
using Grants.Workflows.Applications;
using Grants.Workflows.Programs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Grants.Api;

/// <summary>HTTP for applications: parse, call <see cref="ApplicationService"/>, answer. No rule lives here.</summary>
public static class ApplicationEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>An upload has two fields; a few more are tolerated (a client's extras), a flood is refused.</summary>
    const int MaxFormFields = 16;

    public static Task<IResult> Create(ApiCall call) => WithActor(call, async (actor, service) =>
    {
        var key = call.Http.Request.Headers[IdempotencyKeyHeader].ToString();
        if (BadKey(call, key) is { } badKey)
        {
            return badKey;
        }

        var (body, refusal) = await call.ReadJsonAsync<DraftRequest>();
        if (refusal is not null)
        {
            return refusal;
        }

        var outcome = await service.CreateDraftAsync(actor, body!, key.Length == 0 ? null : key, call.Http.RequestAborted);
        if (!outcome.Succeeded)
        {
            return ProblemResults.From(outcome.Problem!, call.Http);
        }

        var (application, created) = outcome.Value;
        if (!created)
        {
            call.Http.Response.Headers["Idempotent-Replayed"] = "true";
        }

        return call.At($"/api/applications/{application.Id}", View(application), StatusCodes.Status201Created);
    });

    public static Task<IResult> Update(ApiCall call) => WithActor(call, async (actor, service) =>
    {
        var (body, refusal) = await call.ReadJsonAsync<DraftRequest>();
        if (refusal is not null)
        {
            return refusal;
        }

        // If-Match is optional: without it the edit is still guarded by the version the service reads (see SECURITY.md).
        var ifMatch = call.Http.Request.Headers.IfMatch.ToString();
        var outcome = await service.UpdateDraftAsync(actor, call.RouteValue("id"), body!, ifMatch.Length == 0 ? null : ifMatch, call.Http.RequestAborted);
        if (outcome.Succeeded)
        {
            call.Http.Response.Headers.ETag = outcome.Value!.ETag.ToString("H");
        }

        return Answer(call, outcome, stored => View(stored.Value));
    });

    public static Task<IResult> Get(ApiCall call) => WithActor(call, async (actor, service) =>
    {
        var outcome = await service.GetAsync(actor, call.RouteValue("id"), call.Http.RequestAborted);
        if (outcome.Succeeded && outcome.Value!.ETag is { } etag)
        {
            call.Http.Response.Headers.ETag = etag;
        }

        return Answer(call, outcome, v => v);
    });

    public static Task<IResult> List(ApiCall call) => WithActor(call, async (actor, service) =>
        Answer(call, await service.ListAsync(actor, call.Http.Request.Query["status"].ToString(), call.Http.RequestAborted), list => list));

    public static Task<IResult> Upload(ApiCall call) => WithActor(call, async (actor, service) =>
    {
        var request = call.Http.Request;
        if (!request.HasFormContentType || !(request.ContentType ?? "").StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return ProblemResults.Create(StatusCodes.Status415UnsupportedMediaType, "Multipart expected", "Upload the file as multipart/form-data with fields 'kind' and 'file'.", call.Http);
        }

        var key = request.Headers[IdempotencyKeyHeader].ToString();
        if (BadKey(call, key) is { } badKey)
        {
            return badKey;
        }

        var limit = ApplicationService.MaxDocumentBytes + (64 * 1024);
        if (request.ContentLength > limit)
        {
            return TooLarge(call);
        }

        // Someone with no part in the application learns nothing from how their body is read: 404 before parsing it.
        if (await service.FindAttachableAsync(actor, call.RouteValue("id"), call.Http.RequestAborted) is { } notYours)
        {
            return ProblemResults.From(notYours, call.Http);
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit, ValueCountLimit = MaxFormFields }, call.Http.RequestAborted);
        }
        catch (InvalidDataException e) when (e.Message.Contains("body length limit", StringComparison.OrdinalIgnoreCase))
        {
            return TooLarge(call);
        }
        catch (Exception e) when (e is InvalidDataException or IOException && !call.Http.RequestAborted.IsCancellationRequested)
        {
            // Too many fields, a boundary that does not match, a body that ends before its closing boundary: the sender's fault.
            return ProblemResults.Create(StatusCodes.Status400BadRequest, "The request is not valid",
                $"The upload is not well-formed multipart/form-data: send one field 'kind' and one field 'file' (at most {MaxFormFields} fields), ending with the closing boundary.", call.Http,
                new Dictionary<string, string[]> { ["file"] = ["The multipart body could not be read."] });
        }

        var file = form.Files.GetFile("file");
        if (file is null)
        {
            return ProblemResults.Create(StatusCodes.Status400BadRequest, "The request is not valid", "Attach the document in the field 'file'.", call.Http,
                new Dictionary<string, string[]> { ["file"] = ["A file is required."] });
        }

        await using var content = new MemoryStream();
        await using (var source = file.OpenReadStream())
        {
            await source.CopyToAsync(content, call.Http.RequestAborted);
        }

        content.Position = 0;
        var upload = new DocumentUpload(form["kind"].ToString(), file.FileName, file.ContentType, content, content.Length);
        var outcome = await service.AddDocumentAsync(actor, call.RouteValue("id"), upload, key.Length == 0 ? null : key, call.Http.RequestAborted);
        if (!outcome.Succeeded)
        {
            return ProblemResults.From(outcome.Problem!, call.Http);
        }

        var (document, created) = outcome.Value;
        if (!created)
        {
            call.Http.Response.Headers["Idempotent-Replayed"] = "true";
        }

        return call.At($"/api/applications/{call.RouteValue("id")}/documents/{document.Id}", document, StatusCodes.Status201Created);
    });

    public static Task<IResult> Download(ApiCall call) => WithActor(call, async (actor, service) =>
    {
        var outcome = await service.OpenDocumentAsync(actor, call.RouteValue("id"), call.RouteValue("docId"), call.Http.RequestAborted);
        if (!outcome.Succeeded)
        {
            return ProblemResults.From(outcome.Problem!, call.Http);
        }

        var (document, content) = outcome.Value;
        call.Http.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        return TypedResults.Stream(content, document.ContentType, document.FileName);
    });

    public static Task<IResult> RemoveDocument(ApiCall call) => WithActor(call, async (actor, service) =>
        Answer(call, await service.RemoveDocumentAsync(actor, call.RouteValue("id"), call.RouteValue("docId"), call.Http.RequestAborted), View));

    public static Task<IResult> Submit(ApiCall call) => WithActor(call, async (actor, service) =>
        Accepted(call, await service.SubmitAsync(actor, call.RouteValue("id"), call.Http.RequestAborted)));

    public static Task<IResult> Decide(ApiCall call) => WithActor(call, async (actor, service) =>
    {
        var (body, refusal) = await call.ReadJsonAsync<DecisionRequest>();
        return refusal ?? Accepted(call, await service.DecideAsync(actor, call.RouteValue("id"), body!, call.Http.RequestAborted));
    });

    public static Task<IResult> Endorse(ApiCall call) => WithBody<EndorsementRequest>(call, (actor, service, body) => service.EndorseAsync(actor, call.RouteValue("id"), body, call.Http.RequestAborted));

    public static Task<IResult> Report(ApiCall call) => WithBody<ReportRequest>(call, (actor, service, body) => service.ReportAsync(actor, call.RouteValue("id"), body, call.Http.RequestAborted));

    public static Task<IResult> RecordArrival(ApiCall call) => WithBody<ArrivalRequest>(call, (actor, service, body) => service.RecordArrivalAsync(actor, call.RouteValue("id"), body, call.Http.RequestAborted));

    public static Task<IResult> RequestExtension(ApiCall call) => WithBody<ExtensionRequest>(call, (actor, service, body) => service.RequestExtensionAsync(actor, call.RouteValue("id"), body, call.Http.RequestAborted));

    public static Task<IResult> DecideExtension(ApiCall call) => WithBody<DecisionRequest>(call, (actor, service, body) => service.DecideExtensionAsync(actor, call.RouteValue("id"), body, call.Http.RequestAborted));

    public static Task<IResult> Stop(ApiCall call) => WithBody<StopRequest>(call, (actor, service, body) => service.StopAsync(actor, call.RouteValue("id"), body, call.Http.RequestAborted));

    public static Task<IResult> ListVersions(ApiCall call) => WithActor(call, async (actor, service) =>
        Answer(call, await service.ListVersionsAsync(actor, call.RouteValue("id"), call.Http.RequestAborted), versions => versions));

    public static Task<IResult> Withdraw(ApiCall call) => WithActor(call, async (actor, service) =>
        Accepted(call, await service.WithdrawAsync(actor, call.RouteValue("id"), call.Http.RequestAborted)));

    /// <summary>The application with the actions its status allows, as every endpoint that returns one shows it.</summary>
    static object View(Application application)
    {
        var state = ProgramStates.Standard[application.Status];
        return new { application, statusLabelJa = state.LabelJa, statusLabelEn = state.LabelEn };
    }

    static Task<IResult> WithBody<TBody>(ApiCall call, Func<Actor, ApplicationService, TBody, Task<Outcome<Application>>> act)
        where TBody : class => WithActor(call, async (actor, service) =>
    {
        var (body, refusal) = await call.ReadJsonAsync<TBody>();
        return refusal ?? Accepted(call, await act(actor, service, body!));
    });

    static async Task<IResult> WithActor(ApiCall call, Func<Actor, ApplicationService, Task<IResult>> handle)
    {
        var (actor, refusal) = call.Authenticate();
        return refusal ?? await handle(actor!, call.ServiceWithDurable<ApplicationService>());
    }

    static IResult Answer<T>(ApiCall call, Outcome<T> outcome, Func<T, object> shape) =>
        outcome.Succeeded ? ApiRequest.Json(shape(outcome.Value!)) : ProblemResults.From(outcome.Problem!, call.Http);

    static IResult Accepted(ApiCall call, Outcome<Application> outcome) =>
        outcome.Succeeded
            ? call.At($"/api/applications/{outcome.Value!.Id}", View(outcome.Value!), StatusCodes.Status202Accepted)
            : ProblemResults.From(outcome.Problem!, call.Http);

    static IResult? BadKey(ApiCall call, string key) => key.Length > 200 || key.Any(char.IsControl)
        ? ProblemResults.Create(StatusCodes.Status400BadRequest, "The request is not valid", "An Idempotency-Key is at most 200 printable characters.", call.Http)
        : null;

    static IResult TooLarge(ApiCall call) => ProblemResults.Create(StatusCodes.Status413PayloadTooLarge, "File too large",
        $"A document may be at most {ApplicationService.MaxDocumentBytes / (1024 * 1024)} MB.", call.Http);
}
