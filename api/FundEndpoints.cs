using Grants.Workflows.Funds;
using Microsoft.AspNetCore.Http;

namespace Grants.Api;

/// <summary>HTTP for funds and their budgets as administered data (<see cref="FundAdministration"/>).</summary>
public static class FundEndpoints
{
    public static async Task<IResult> List(ApiCall call)
    {
        var (actor, refusal) = call.Authenticate();
        if (refusal is not null)
        {
            return refusal;
        }

        var outcome = await call.Service<FundAdministration>().ListAsync(actor!, call.Http.RequestAborted);
        return outcome.Succeeded ? ApiRequest.Json(outcome.Value!) : ProblemResults.From(outcome.Problem!, call.Http);
    }

    public static async Task<IResult> Get(ApiCall call)
    {
        var (actor, refusal) = call.Authenticate();
        if (refusal is not null)
        {
            return refusal;
        }

        var outcome = await call.Service<FundAdministration>().GetAsync(actor!, call.RouteValue("id"), call.Http.RequestAborted);
        return outcome.Succeeded ? ApiRequest.Json(outcome.Value!) : ProblemResults.From(outcome.Problem!, call.Http);
    }

    public static async Task<IResult> Create(ApiCall call)
    {
        var (actor, refusal) = call.Authenticate();
        if (refusal is not null)
        {
            return refusal;
        }

        var (body, bodyRefusal) = await call.ReadJsonAsync<FundRequest>();
        if (bodyRefusal is not null)
        {
            return bodyRefusal;
        }

        var outcome = await call.Service<FundAdministration>().CreateAsync(actor!, body!, call.Http.RequestAborted);
        return outcome.Succeeded
            ? call.At($"/api/funds/{Uri.EscapeDataString(outcome.Value!.Id)}", outcome.Value, StatusCodes.Status201Created)
            : ProblemResults.From(outcome.Problem!, call.Http);
    }

    public static async Task<IResult> Update(ApiCall call)
    {
        var (actor, refusal) = call.Authenticate();
        if (refusal is not null)
        {
            return refusal;
        }

        var (body, bodyRefusal) = await call.ReadJsonAsync<FundRequest>();
        if (bodyRefusal is not null)
        {
            return bodyRefusal;
        }

        var outcome = await call.Service<FundAdministration>().UpdateAsync(actor!, call.RouteValue("id"), body!, call.Http.RequestAborted);
        return outcome.Succeeded ? ApiRequest.Json(outcome.Value!) : ProblemResults.From(outcome.Problem!, call.Http);
    }

    public static async Task<IResult> SetAllocation(ApiCall call)
    {
        var (actor, refusal) = call.Authenticate();
        if (refusal is not null)
        {
            return refusal;
        }

        var (body, bodyRefusal) = await call.ReadJsonAsync<AllocationRequest>();
        if (bodyRefusal is not null)
        {
            return bodyRefusal;
        }

        var outcome = await call.Service<FundAdministration>().SetAllocationAsync(actor!, call.RouteValue("id"), call.RouteValue("fiscalYear"), body!, call.Http.RequestAborted);
        if (!outcome.Succeeded)
        {
            return ProblemResults.From(outcome.Problem!, call.Http);
        }

        var (budget, created) = outcome.Value;
        return created
            ? call.At($"/api/funds/{Uri.EscapeDataString(budget.FundId)}", budget, StatusCodes.Status201Created)
            : ApiRequest.Json(budget);
    }
}
