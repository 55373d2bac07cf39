using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Grants.Functions;

/// <summary>The vocabulary the portal shows codes with, in Japanese and English.</summary>
public static class VocabularyFunctions
{
    [Function("GetVocabulary")]
    public static Task GetVocabulary(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/vocabulary")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        ApiFunction.RunAsync("GetVocabulary", req, client);
}
