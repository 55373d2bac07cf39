using Grants.Workflows.BankAccounts;
using Microsoft.AspNetCore.Http;

namespace Grants.Api;

/// <summary>HTTP for payees' bank accounts: read (masked unless yours or you are finance) and set.</summary>
public static class BankAccountEndpoints
{
    public static async Task<IResult> Get(ApiCall call)
    {
        var (actor, refusal) = call.Authenticate();
        if (refusal is not null)
        {
            return refusal;
        }

        var outcome = await call.Service<BankAccountService>().GetAsync(actor!, call.RouteValue("id"), call.Http.RequestAborted);
        return outcome.Succeeded ? ApiRequest.Json(outcome.Value!) : ProblemResults.From(outcome.Problem!, call.Http);
    }

    public static async Task<IResult> Put(ApiCall call)
    {
        var (actor, refusal) = call.Authenticate();
        if (refusal is not null)
        {
            return refusal;
        }

        var (body, bodyRefusal) = await call.ReadJsonAsync<BankAccountRequest>();
        if (bodyRefusal is not null)
        {
            return bodyRefusal;
        }

        var outcome = await call.Service<BankAccountService>().SaveAsync(actor!, call.RouteValue("id"), body!, call.Http.RequestAborted);
        return outcome.Succeeded ? ApiRequest.Json(outcome.Value!) : ProblemResults.From(outcome.Problem!, call.Http);
    }
}
