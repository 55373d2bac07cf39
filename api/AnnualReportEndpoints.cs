using Grants.Workflows.Access;
using Grants.Workflows.Reports;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Grants.Api;

/// <summary>HTTP for the annual report over a range of fiscal years: JSON, or a CSV in the caller's language.</summary>
public static class AnnualReportEndpoints
{
    public static Task<IResult> Annual(ApiCall call) => call.SignedInAsync(async actor =>
    {
        var query = call.Http.Request.Query;
        var outcome = await call.Service<AnnualReportService>().ReportAsync(actor, query["from"].ToString(), query["to"].ToString(), call.Http.RequestAborted);
        if (outcome.Problem is { Kind: not ProblemKind.Invalid } refused)
        {
            return ProblemResults.From(refused, call.Http);
        }

        // Every field error at once: the years the service checked and the format and language checked here.
        var errors = new Dictionary<string, string[]>(outcome.Problem?.Errors ?? new Dictionary<string, string[]>());
        var format = query["format"].ToString();
        if (format is not ("" or "json" or "csv"))
        {
            errors["format"] = ["Give format=json (the default) or format=csv."];
        }

        var lang = query["lang"].ToString();
        if (lang is not ("" or "ja" or "en"))
        {
            errors["lang"] = ["Give lang=ja or lang=en, or leave it out to follow Accept-Language."];
        }

        if (errors.Count > 0)
        {
            return ProblemResults.From(Problem.Invalid(errors), call.Http);
        }

        var report = outcome.Value!;
        if (format != "csv")
        {
            return ApiRequest.Json(report);
        }

        var japanese = lang.Length > 0 ? lang == "ja" : ProblemLanguage.PrefersJapanese(call.Http.Request);
        call.Http.Response.Headers.ContentLanguage = japanese ? "ja" : "en";
        call.Http.Response.Headers.Vary = "Accept-Language";
        return TypedResults.Stream(
            output => AnnualReportCsv.WriteAsync(report, japanese, output, call.Http.RequestAborted), "text/csv; charset=utf-8", AnnualReportCsv.FileName(report));
    });
}
