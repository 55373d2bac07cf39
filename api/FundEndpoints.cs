using Grants.Workflows.Funds;
using Microsoft.AspNetCore.Http;

namespace Grants.Api;

/// <summary>HTTP for funds and their budgets as administered data (<see cref="FundAdministration"/>).</summary>
public static class FundEndpoints
{
    public static Task<IResult> List(ApiCall call) =>
        call.AnswerAsync((actor, token) => call.Service<FundAdministration>().ListAsync(actor, token));

    public static Task<IResult> Get(ApiCall call) =>
        call.AnswerAsync((actor, token) => call.Service<FundAdministration>().GetAsync(actor, call.RouteValue("id"), token));

    public static Task<IResult> Create(ApiCall call) =>
        call.AnswerAsync<FundRequest, Fund>(
            (actor, body, token) => call.Service<FundAdministration>().CreateAsync(actor, body, token),
            fund => call.At($"/api/funds/{Uri.EscapeDataString(fund.Id)}", fund, StatusCodes.Status201Created));

    public static Task<IResult> Update(ApiCall call) =>
        call.AnswerAsync<FundRequest, Fund>((actor, body, token) => call.Service<FundAdministration>().UpdateAsync(actor, call.RouteValue("id"), body, token));

    /// <summary>201 when the fiscal year had no allocation yet, 200 when an existing one changed.</summary>
    public static Task<IResult> SetAllocation(ApiCall call) =>
        call.AnswerAsync<AllocationRequest, (FundBudget Budget, bool Created)>(
            (actor, body, token) => call.Service<FundAdministration>().SetAllocationAsync(actor, call.RouteValue("id"), call.RouteValue("fiscalYear"), body, token),
            result => result.Created
                ? call.At($"/api/funds/{Uri.EscapeDataString(result.Budget.FundId)}", result.Budget, StatusCodes.Status201Created)
                : ApiRequest.Json(result.Budget));
}
