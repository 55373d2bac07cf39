using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Grants.Workflows.BankAccounts;
using Grants.Workflows.Demo;
using Grants.Workflows.Money;
using Grants.Workflows.People;
using Grants.Workflows.Storage;

namespace Grants.Load;

/// <summary>What the driver does through the API: applicants, drafts with an invoice, submissions, decisions.</summary>
sealed class Workload(LocalRuntime runtime, int applicants)
{
    static readonly byte[] Invoice = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();

    readonly Dictionary<string, HttpClient> clients = [];

    public HttpClient Director { get; } = runtime.ClientFor(DemoData.Director.Id, "director");

    /// <summary>The Azurite process the runtime's storage is served by, whose CPU time a throughput run reads beside it.</summary>
    public int? StorageProcessId { get; init; }

    /// <summary>How many applicants the workload spreads its applications over.</summary>
    public int Applicants => applicants;

    public HttpClient Finance { get; } = runtime.ClientFor(DemoData.Finance.Id, "finance");

    public static string ApplicantId(int i) => $"bench{i:D4}@example.ac.jp";

    /// <summary>Eligible researchers (assistant professors, doctorate 2019, with a bank account) written straight into the runtime's directory, so the per-person cap and partitions look like an institute's, not one person's.</summary>
    public async Task SeedApplicantsAsync(string storageConnection)
    {
        var storage = new GrantsStorage(new TableServiceClient(storageConnection), new BlobServiceClient(storageConnection), runtime.Prefix);
        var people = new PeopleDirectory(storage);
        var accounts = new BankAccountStore(storage);
        await Parallel.ForEachAsync(Enumerable.Range(0, applicants), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var account = new BankAccount("0001", "001", "ordinary", $"{1_000_000 + i:D7}", "ベンチ タロウ");
            await people.UpsertAsync(new Person(ApplicantId(i), $"ベンチ {i}", "ベンチ タロウ", ApplicantId(i), Position.AssistantProfessor, "Materials Science", DoctorateYear: 2019));
            await accounts.SaveAsync(new PayeeBankAccount(ApplicantId(i), account, DateTimeOffset.UtcNow, "bench"));
        });

        // The demo fund's ¥3,000,000 pays 300 bench applications; rounds of 100 and a run of 1,000 need more.
        var now = DateTimeOffset.UtcNow;
        await new FundStore(storage).SetAllocationAsync(DemoData.DirectorDiscretionary.Id, FiscalYear.Of(now), new Yen(1_000_000_000), "bench", "bench", now);
    }

    public HttpClient Applicant(int i)
    {
        var id = ApplicantId(i % applicants);
        lock (clients)
        {
            if (!clients.TryGetValue(id, out var client))
            {
                clients[id] = client = runtime.ClientFor(id, "applicant");
            }

            return client;
        }
    }

    /// <summary>A draft for ¥10,000 of submission fee with its invoice attached: ready to submit.</summary>
    public async Task<(string Id, HttpClient Owner)> DraftAsync(int i)
    {
        var owner = Applicant(i);
        var created = await owner.PostAsJsonAsync("/api/applications", new
        {
            programId = DemoData.ImaGaTaisetsu,
            paper = new { title = $"Benchmark paper {i}", journal = "Physical Review Materials", jointUseResearch = false },
            lines = new[] { new { kind = "submissionFee", amount = 10_000, description = "Submission fee" } },
        });
        await Expect(created, HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<JsonNode>())!["application"]!["id"]!.GetValue<string>();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("invoice"), "kind" },
            { new ByteArrayContent(Invoice) { Headers = { ContentType = new("application/pdf") } }, "file", "invoice.pdf" },
        };
        await Expect(await owner.PostAsync(new Uri($"/api/applications/{id}/documents", UriKind.Relative), form), HttpStatusCode.Created);
        return (id, owner);
    }

    public async Task<List<(string Id, HttpClient Owner)>> DraftsAsync(int count, int firstIndex = 0)
    {
        var drafts = new (string, HttpClient)[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) => drafts[i] = await DraftAsync(firstIndex + i));
        return [.. drafts];
    }

    public static async Task SubmitAsync((string Id, HttpClient Owner) draft) =>
        await Expect(await draft.Owner.PostAsync(new Uri($"/api/applications/{draft.Id}/submit", UriKind.Relative), null), HttpStatusCode.Accepted);

    public async Task<List<string>> ListIdsAsync(HttpClient client, string query)
    {
        var list = await client.GetFromJsonAsync<JsonArray>(new Uri("/api/applications" + query, UriKind.Relative));
        return list!.Select(a => a!["id"]!.GetValue<string>()).ToList();
    }

    /// <summary>
    /// The test approver: every <paramref name="every"/>, lists what awaits approval (as the director does) and approves
    /// each application not yet decided, up to 8 decisions at a time. Runs until cancelled.
    /// </summary>
    public async Task ApproveLoopAsync(TimeSpan every, CancellationToken cancellationToken)
    {
        var decided = new HashSet<string>();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var pending = (await ListIdsAsync(Director, "?status=awaitingApproval")).Where(decided.Add).ToList();
                await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, _) =>
                    await Expect(await Director.PostAsJsonAsync($"/api/applications/{id}/decision", new { decision = "approve", comment = "bench" }), HttpStatusCode.Accepted));
                await Task.Delay(every, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public static async Task Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, not {(int)status}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Polls until the condition holds or the time is up; returns the elapsed time at which it was seen to hold.</summary>
    public static async Task<TimeSpan> WaitUntilAsync(Stopwatch clock, Func<Task<bool>> condition, TimeSpan limit, TimeSpan every)
    {
        while (!await condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"Not done after {limit}.");
            }

            await Task.Delay(every);
        }

        return clock.Elapsed;
    }
}
