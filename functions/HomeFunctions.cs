using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Grants.Functions;

/// <summary>Each person's home: what waits for them in each of their roles.</summary>
public static class HomeFunctions
{
    [Function("GetToDo")]
    public static Task GetToDo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/todo")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        ApiFunction.RunAsync("GetToDo", req, client);
}
