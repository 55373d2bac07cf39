using Grants.Workflows.People;
using Microsoft.AspNetCore.Http;

namespace Grants.Api;

/// <summary>HTTP for the people picker (<see cref="PersonFinder"/>): anyone signed in finds a supervisor or host by name, kana or e-mail.</summary>
public static class PersonFinderEndpoints
{
    public static Task<IResult> Find(ApiCall call) =>
        call.AnswerAsync((actor, token) => call.Service<PersonFinder>().FindAsync(call.Http.Request.Query["q"].ToString(), token));
}
