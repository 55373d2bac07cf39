using Grants.Workflows.Home;
using Grants.Workflows.Operations;

namespace Grants.Api;

/// <summary>HTTP for each person's home: what waits for them (<see cref="ToDoLists"/>).</summary>
public static class HomeEndpoints
{
    public static Task<Microsoft.AspNetCore.Http.IResult> ToDo(ApiCall call) =>
        call.AnswerAsync((actor, token) => call.Service<ToDoLists>().ForAsync(actor, call.ServiceWithDurable<StuckWork>(), token));
}
