using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Grants.Functions;

/// <summary>Payees' bank accounts.</summary>
public static class BankAccountFunctions
{
    [Function("GetBankAccount")]
    public static Task GetBankAccount(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/people/{id}/bank-account")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        ApiFunction.RunAsync("GetBankAccount", req, client, ApiFunction.Id(id));

    [Function("PutBankAccount")]
    public static Task PutBankAccount(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/people/{id}/bank-account")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        ApiFunction.RunAsync("PutBankAccount", req, client, ApiFunction.Id(id));
}
