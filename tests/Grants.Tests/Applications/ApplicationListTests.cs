using System.Text.Json;
using System.Text.Json.Nodes;
using Grants.Tests.Infrastructure;
using Grants.Tests.Storage;
using Grants.Workflows;
using Grants.Workflows.Applications;
using Grants.Workflows.People;
using Grants.Workflows.Storage;

namespace Grants.Tests.Applications;

/// <summary>
/// A staff list written out from the documents as stored, names put in (<see cref="ApplicationList"/>), says exactly what
/// reading each document and naming it says: the same properties and values, rows in the same order.
/// </summary>
[Trait("Kind", "Storage")]
public sealed class ApplicationListTests
{
    const string Tanaka = "tanaka@example.ac.jp";

    const string Sato = "sato@example.ac.jp";

    const string Decider = "director@example.ac.jp";

    static readonly DateTimeOffset At = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    static Person Someone(string id, string name) => new(id, name, "", id, Position.Professor, "Physics");

    [Fact]
    public async Task The_stored_documents_written_with_names_put_in_equal_each_document_read_and_named()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var directory = new PeopleDirectory(storage);
        await directory.UpsertAsync(Someone(Tanaka, "田中 花子"));
        await directory.UpsertAsync(Someone(Sato, "佐藤 \"健\" <b>&</b>"));
        await directory.UpsertAsync(Someone(Decider, "山田 太郎"));
        using var people = new PeopleSnapshot(directory, TimeProvider.System);
        var store = new ApplicationStore(storage);
        await store.MoveOldStatusCopiesAsync();

        // Submitted in another order than their ids; one endorsed, decided by someone the directory names, one decided
        // by someone it does not, one by an applicant it does not know, and a draft (never submitted: its creation orders it).
        var decided = new Decision(DecisionOutcome.Approve, Decider, "承認します。", At.AddDays(3));
        Application Submitted(string id, string applicant, int day) =>
            ApplicationStoreTests.Draft(id, applicant, ApplicationStatus.Approved) with { SubmittedAt = At.AddDays(day), SubmissionCount = 1 };
        var applications = new[]
        {
            Submitted("APP-1", Tanaka, 5) with { EndorserId = Sato, Decision = decided },
            Submitted("APP-2", Sato, 1) with { Decision = decided with { DeciderId = "left@example.ac.jp" } },
            Submitted("APP-3", "stranger@example.ac.jp", 3),
            ApplicationStoreTests.Draft("APP-4", Tanaka) with { CreatedAt = At.AddDays(-1) },
        };
        foreach (var application in applications)
        {
            await store.TryCreateAsync(application);
        }

        // A document stored with a name in it (none is saved so): written the usual way, its name the directory's.
        var named = Submitted("APP-5", Sato, 2) with { ApplicantName = "古い 名前" };
        await storage.ApplicationIndex.UpsertAsync("status", "~Approved|APP-5", named);

        foreach (ApplicationStatus? status in new ApplicationStatus?[] { null, ApplicationStatus.Approved, ApplicationStatus.Draft })
        {
            var list = await ApplicationList.NamedAsync((await store.ListStoredAsync(status))!, people, CancellationToken.None);
            var read = status is { } one ? await store.ListByStatusAsync(one).ToListAsync() : await store.ListAllAsync();
            var names = await people.NamesAsync(read.SelectMany(a => a.PeopleIds));
            var expected = read.OrderBy(a => a.SubmittedAt ?? a.CreatedAt).Select(a => a.Named(names)).ToList();

            var written = JsonNode.Parse(JsonSerializer.Serialize<object>(list, GrantsJson.Options))!.AsArray();
            Assert.Equal(expected.Select(a => a.Id), written.Select(a => a!["id"]!.GetValue<string>()));
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(JsonSerializer.Serialize(expected, GrantsJson.Options)), written), $"{status}: {written.ToJsonString()}");
            // Read as applications, the list gives the same named documents.
            Assert.Equal(JsonSerializer.Serialize(expected, GrantsJson.Options), JsonSerializer.Serialize(list.ToList(), GrantsJson.Options));
        }

        // The fast way was taken: the names come first in a document written out as stored.
        var listed = JsonNode.Parse(JsonSerializer.Serialize<object>(await ApplicationList.NamedAsync((await store.ListStoredAsync(null))!, people, CancellationToken.None), GrantsJson.Options))!.AsArray();
        Assert.StartsWith("{\"applicantName\":", listed[^1]!.ToJsonString(), StringComparison.Ordinal);
        Assert.StartsWith("{\"id\":", listed[2]!.ToJsonString(), StringComparison.Ordinal);

        var all = (await ApplicationList.NamedAsync((await store.ListStoredAsync(null))!, people, CancellationToken.None)).ToList();
        Assert.Equal(["APP-4", "APP-2", "APP-5", "APP-3", "APP-1"], all.Select(a => a.Id));
        Assert.Equal(["田中 花子", "佐藤 \"健\" <b>&</b>", "佐藤 \"健\" <b>&</b>", null, "田中 花子"], all.Select(a => a.ApplicantName));
        Assert.Equal("佐藤 \"健\" <b>&</b>", all[^1].EndorserName);
        Assert.Equal("山田 太郎", all[^1].Decision!.DeciderName);
        Assert.Null(all[1].Decision!.DeciderName);
    }

    [Fact]
    public async Task Until_the_old_copies_are_moved_there_is_no_stored_list_to_write_out()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var store = new ApplicationStore(storage);
        await store.TryCreateAsync(ApplicationStoreTests.Draft("APP-1", Tanaka));

        Assert.Null(await store.ListStoredAsync(null));
        await store.MoveOldStatusCopiesAsync();
        Assert.Single((await store.ListStoredAsync(null))!);
    }
}
