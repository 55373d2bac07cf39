using Grants.Workflows.Access;
using Grants.Workflows.Applications;
using Grants.Workflows.Programs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Grants.Api;

/// <summary>HTTP for applications: parse, run one application use case, answer. No rule lives here.</summary>
public static class ApplicationEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>An upload has two fields; a few more are tolerated (a client's extras), a flood is refused.</summary>
    const int MaxFormFields = 16;

    public static Task<IResult> Create(ApiCall call) => call.AnswerAsync(async (actor, token) =>
    {
        var key = call.Http.Request.Headers[IdempotencyKeyHeader].ToString();
        if (BadKey(call, key) is { } badKey)
        {
            return badKey;
        }

        var (body, refusal) = await call.ReadJsonAsync<DraftRequest>();
        return refusal ?? Created(call, await call.Service<ApplicationDrafts>().CreateDraftAsync(actor, body!, key.Length == 0 ? null : key, token),
            application => ($"/api/applications/{application.Id}", View(application)));
    });

    public static Task<IResult> Update(ApiCall call) => call.AnswerAsync<DraftRequest, Workflows.Storage.Stored<Application>>(
        (actor, body, token) =>
        {
            // If-Match is optional: without it the edit is still guarded by the version the use case reads (see SECURITY.md).
            var ifMatch = call.Http.Request.Headers.IfMatch.ToString();
            return call.Service<ApplicationDrafts>().UpdateDraftAsync(actor, call.RouteValue("id"), body, ifMatch.Length == 0 ? null : ifMatch, token);
        },
        stored =>
        {
            call.Http.Response.Headers.ETag = stored.ETag.ToString("H");
            return ApiRequest.Json(View(stored.Value));
        });

    public static Task<IResult> Get(ApiCall call) => call.AnswerAsync(
        (actor, token) => call.Service<ApplicationQueries>().GetAsync(actor, call.RouteValue("id"), token),
        view =>
        {
            if (view.ETag is { } etag)
            {
                call.Http.Response.Headers.ETag = etag;
            }

            return ApiRequest.Json(view);
        });

    public static Task<IResult> List(ApiCall call) =>
        call.AnswerAsync((actor, token) => call.Service<ApplicationQueries>().ListAsync(actor, call.Http.Request.Query["status"].ToString(), token));

    public static Task<IResult> Upload(ApiCall call) => call.AnswerAsync(async (actor, token) =>
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

        if (request.ContentLength > UploadLimit)
        {
            return TooLarge(call);
        }

        // Someone with no part in the application learns nothing from how their body is read: 404 before parsing it.
        var documents = call.Service<ApplicationDocuments>();
        if (await documents.FindAttachableAsync(actor, call.RouteValue("id"), token) is { } notYours)
        {
            return ProblemResults.From(notYours, call.Http);
        }

        var (form, unreadable) = await ReadFormAsync(call);
        var file = form?.Files.GetFile("file");
        if (unreadable is not null || file is null)
        {
            return unreadable ?? ProblemResults.Create(StatusCodes.Status400BadRequest, "The request is not valid", "Attach the document in the field 'file'.", call.Http,
                new Dictionary<string, string[]> { ["file"] = ["A file is required."] });
        }

        await using var content = new MemoryStream();
        await using (var source = file.OpenReadStream())
        {
            await source.CopyToAsync(content, token);
        }

        content.Position = 0;
        var upload = new DocumentUpload(form!["kind"].ToString(), file.FileName, file.ContentType, content, content.Length);
        return Created(call, await documents.AddDocumentAsync(actor, call.RouteValue("id"), upload, key.Length == 0 ? null : key, token),
            document => ($"/api/applications/{call.RouteValue("id")}/documents/{document.Id}", document));
    });

    public static Task<IResult> Download(ApiCall call) => call.AnswerAsync(
        (actor, token) => call.Service<ApplicationDocuments>().OpenDocumentAsync(actor, call.RouteValue("id"), call.RouteValue("docId"), token),
        opened =>
        {
            call.Http.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
            return TypedResults.Stream(opened.Content, opened.Document.ContentType, opened.Document.FileName);
        });

    public static Task<IResult> RemoveDocument(ApiCall call) => call.AnswerAsync(
        (actor, token) => call.Service<ApplicationDocuments>().RemoveDocumentAsync(actor, call.RouteValue("id"), call.RouteValue("docId"), token),
        application => ApiRequest.Json(View(application)));

    public static Task<IResult> Submit(ApiCall call) =>
        call.AnswerAsync((actor, token) => WithWorkflow<Submission>(call).SubmitAsync(actor, call.RouteValue("id"), token), application => Accepted(call, application));

    public static Task<IResult> Decide(ApiCall call) => call.AnswerAsync<DecisionRequest, Application>(
        (actor, body, token) => WithWorkflow<Decisions>(call).DecideAsync(actor, call.RouteValue("id"), body, token), application => Accepted(call, application));

    public static Task<IResult> Endorse(ApiCall call) => call.AnswerAsync<EndorsementRequest, Application>(
        (actor, body, token) => WithWorkflow<Endorsements>(call).EndorseAsync(actor, call.RouteValue("id"), body, token), application => Accepted(call, application));

    public static Task<IResult> Report(ApiCall call) => call.AnswerAsync<ReportRequest, Application>(
        (actor, body, token) => WithWorkflow<AwardEvents>(call).ReportAsync(actor, call.RouteValue("id"), body, token), application => Accepted(call, application));

    public static Task<IResult> RecordArrival(ApiCall call) => call.AnswerAsync<ArrivalRequest, Application>(
        (actor, body, token) => WithWorkflow<AwardEvents>(call).RecordArrivalAsync(actor, call.RouteValue("id"), body, token), application => Accepted(call, application));

    public static Task<IResult> RequestExtension(ApiCall call) => call.AnswerAsync<ExtensionRequest, Application>(
        (actor, body, token) => WithWorkflow<AwardEvents>(call).RequestExtensionAsync(actor, call.RouteValue("id"), body, token), application => Accepted(call, application));

    public static Task<IResult> DecideExtension(ApiCall call) => call.AnswerAsync<DecisionRequest, Application>(
        (actor, body, token) => WithWorkflow<AwardEvents>(call).DecideExtensionAsync(actor, call.RouteValue("id"), body, token), application => Accepted(call, application));

    public static Task<IResult> Stop(ApiCall call) => call.AnswerAsync<StopRequest, Application>(
        (actor, body, token) => WithWorkflow<AwardEvents>(call).StopAsync(actor, call.RouteValue("id"), body, token), application => Accepted(call, application));

    public static Task<IResult> ListVersions(ApiCall call) =>
        call.AnswerAsync((actor, token) => call.Service<ApplicationQueries>().ListVersionsAsync(actor, call.RouteValue("id"), token));

    public static Task<IResult> Withdraw(ApiCall call) =>
        call.AnswerAsync((actor, token) => WithWorkflow<Withdrawal>(call).WithdrawAsync(actor, call.RouteValue("id"), token), application => Accepted(call, application));

    static long UploadLimit => ApplicationDocuments.MaxDocumentBytes + (64 * 1024);

    /// <summary>The application with the actions its status allows, as every endpoint that returns one shows it.</summary>
    static object View(Application application)
    {
        var state = ProgramStates.Standard[application.Status];
        return new { application, statusLabelJa = state.LabelJa, statusLabelEn = state.LabelEn };
    }

    /// <summary>A use case that tells the application's workflows what happened, made with this request's durable client.</summary>
    static T WithWorkflow<T>(ApiCall call) =>
        ActivatorUtilities.CreateInstance<T>(call.Http.RequestServices, call.ServiceWithDurable<WorkflowSignals>());

    static IResult Accepted(ApiCall call, Application application) =>
        call.At($"/api/applications/{application.Id}", View(application), StatusCodes.Status202Accepted);

    /// <summary>201 with a Location for something new; for an Idempotency-Key replay, the same answer marked Idempotent-Replayed.</summary>
    static IResult Created<T>(ApiCall call, Outcome<(T Value, bool Created)> outcome, Func<T, (string Location, object Body)> shape)
    {
        if (!outcome.Succeeded)
        {
            return ProblemResults.From(outcome.Problem!, call.Http);
        }

        var (value, created) = outcome.Value;
        if (!created)
        {
            call.Http.Response.Headers["Idempotent-Replayed"] = "true";
        }

        var (location, body) = shape(value);
        return call.At(location, body, StatusCodes.Status201Created);
    }

    /// <summary>The multipart form of an upload, or the problem with it: too large, too many fields, not well-formed.</summary>
    static async Task<(IFormCollection? Form, IResult? Refusal)> ReadFormAsync(ApiCall call)
    {
        try
        {
            return (await call.Http.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = UploadLimit, ValueCountLimit = MaxFormFields }, call.Http.RequestAborted), null);
        }
        catch (InvalidDataException e) when (e.Message.Contains("body length limit", StringComparison.OrdinalIgnoreCase))
        {
            return (null, TooLarge(call));
        }
        catch (Exception e) when (e is InvalidDataException or IOException && !call.Http.RequestAborted.IsCancellationRequested)
        {
            // Too many fields, a boundary that does not match, a body that ends before its closing boundary: the sender's fault.
            return (null, ProblemResults.Create(StatusCodes.Status400BadRequest, "The request is not valid",
                $"The upload is not well-formed multipart/form-data: send one field 'kind' and one field 'file' (at most {MaxFormFields} fields), ending with the closing boundary.", call.Http,
                new Dictionary<string, string[]> { ["file"] = ["The multipart body could not be read."] }));
        }
    }

    static IResult? BadKey(ApiCall call, string key) => key.Length > 200 || key.Any(char.IsControl)
        ? ProblemResults.Create(StatusCodes.Status400BadRequest, "The request is not valid", "An Idempotency-Key is at most 200 printable characters.", call.Http)
        : null;

    static IResult TooLarge(ApiCall call) => ProblemResults.Create(StatusCodes.Status413PayloadTooLarge, "File too large",
        $"A document may be at most {ApplicationDocuments.MaxDocumentBytes / (1024 * 1024)} MB.", call.Http);
}
