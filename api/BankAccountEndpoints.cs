using Grants.Workflows.BankAccounts;
using Microsoft.AspNetCore.Http;

namespace Grants.Api;

/// <summary>HTTP for payees' bank accounts: read (masked unless yours or you are finance) and set.</summary>
public static class BankAccountEndpoints
{
    public static Task<IResult> Get(ApiCall call) =>
        call.AnswerAsync((actor, token) => call.Service<BankAccountService>().GetAsync(actor, call.RouteValue("id"), token));

    public static Task<IResult> Put(ApiCall call) =>
        call.AnswerAsync<BankAccountRequest, BankAccountView>((actor, body, token) => call.Service<BankAccountService>().SaveAsync(actor, call.RouteValue("id"), body, token));
}
