using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Grants.Functions;

/// <summary>Funds and budgets, and the people directory, as administered data.</summary>
public static class DirectoryFunctions
{
    [Function("ListFunds")]
    public static Task ListFunds(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/funds")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        ApiFunction.RunAsync("ListFunds", req, client);

    [Function("CreateFund")]
    public static Task CreateFund(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/funds")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        ApiFunction.RunAsync("CreateFund", req, client);

    [Function("GetFund")]
    public static Task GetFund(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/funds/{id}")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        ApiFunction.RunAsync("GetFund", req, client, ApiFunction.Id(id));

    [Function("UpdateFund")]
    public static Task UpdateFund(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/funds/{id}")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        ApiFunction.RunAsync("UpdateFund", req, client, ApiFunction.Id(id));

    [Function("SetFundAllocation")]
    public static Task SetFundAllocation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/funds/{id}/budgets/{fiscalYear}")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id,
        string fiscalYear) =>
        ApiFunction.RunAsync("SetFundAllocation", req, client, new Dictionary<string, string?> { ["id"] = id, ["fiscalYear"] = fiscalYear });

    [Function("SearchPeople")]
    public static Task SearchPeople(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/people")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        ApiFunction.RunAsync("SearchPeople", req, client);

    [Function("AddPerson")]
    public static Task AddPerson(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/people")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        ApiFunction.RunAsync("AddPerson", req, client);

    [Function("ImportPeople")]
    public static Task ImportPeople(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/people/import")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        ApiFunction.RunAsync("ImportPeople", req, client);

    [Function("GetPerson")]
    public static Task GetPerson(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/people/{id}")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        ApiFunction.RunAsync("GetPerson", req, client, ApiFunction.Id(id));

    [Function("UpdatePerson")]
    public static Task UpdatePerson(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/people/{id}")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        ApiFunction.RunAsync("UpdatePerson", req, client, ApiFunction.Id(id));
}
