using Azure.Data.Tables;
using Grants.Tests.Infrastructure;
using Grants.Workflows.Applications;
using Grants.Workflows.Storage;

namespace Grants.Tests.Storage;

[Trait("Kind", "Storage")]
public sealed class ApplicationListsTests
{
    const string Tanaka = "tanaka@example.ac.jp";

    const string Sato = "sato@example.ac.jp";

    /// <summary>Every row of the application index that stands for <paramref name="id"/> in a status list (not a person's): new rows and old.</summary>
    static async Task<List<string>> StatusRowsAsync(GrantsStorage storage, string id) =>
        await storage.ApplicationIndex.Client.QueryAsync<TableEntity>()
            .Where(e => e.PartitionKey.StartsWith("status", StringComparison.Ordinal) && (e.RowKey == id || (e.RowKey.StartsWith('~') && e.RowKey.EndsWith("|" + id, StringComparison.Ordinal))))
            .Select(e => $"{e.PartitionKey} {e.RowKey}")
            .ToListAsync();

    /// <summary>An application as stored before the status partition existed: its row, and its status copy in the status's own partition.</summary>
    static async Task<Application> StoredBeforeAsync(GrantsStorage storage, string id, ApplicationStatus status, ApplicationStatus? listedAs = null)
    {
        var application = ApplicationStoreTests.Draft(id, Tanaka, status);
        await storage.Applications.TryInsertAsync(id, "application", application);
        await storage.ApplicationIndex.UpsertAsync($"status|{listedAs ?? status}", id, application with { Status = listedAs ?? status });
        return application;
    }

    [Fact]
    public async Task Copies_in_the_old_status_partitions_are_listed_and_the_next_save_moves_them()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var store = new ApplicationStore(storage);
        await store.TryCreateAsync(ApplicationStoreTests.Draft("APP-NEW", Tanaka));
        await StoredBeforeAsync(storage, "APP-OLD", ApplicationStatus.Approved);
        await StoredBeforeAsync(storage, "APP-OLD2", ApplicationStatus.Submitted);

        Assert.Equal(["APP-OLD"], await store.ListByStatusAsync(ApplicationStatus.Approved).Select(a => a.Id).ToArrayAsync());
        Assert.Equal(["APP-NEW"], await store.ListByStatusAsync(ApplicationStatus.Draft).Select(a => a.Id).ToArrayAsync());
        Assert.Equal(["APP-NEW", "APP-OLD", "APP-OLD2"], (await store.ListAllAsync()).Select(a => a.Id).Order());

        // Saved with the same status, and with a new one: each ends with one row, in the status partition.
        await store.UpdateAsync("APP-OLD", a => a with { PaidMonths = 1 });
        await store.UpdateAsync("APP-OLD2", a => a with { Status = ApplicationStatus.AwaitingApproval });

        Assert.Equal(["status ~Approved|APP-OLD"], await StatusRowsAsync(storage, "APP-OLD"));
        Assert.Equal(["status ~AwaitingApproval|APP-OLD2"], await StatusRowsAsync(storage, "APP-OLD2"));
        Assert.Equal(1, Assert.Single(await store.ListByStatusAsync(ApplicationStatus.Approved).ToListAsync()).PaidMonths);
        Assert.Empty(await store.ListByStatusAsync(ApplicationStatus.Submitted).ToListAsync());
        Assert.Equal(["APP-OLD2"], await store.ListByStatusAsync(ApplicationStatus.AwaitingApproval).Select(a => a.Id).ToArrayAsync());
        Assert.Equal(3, (await store.ListAllAsync()).Count);
    }

    [Fact]
    public async Task A_status_change_is_one_request_to_the_index_partition()
    {
        var counter = new RequestCounter();
        var storage = await counter.StorageAsync();
        var store = new ApplicationStore(storage);
        await store.TryCreateAsync(ApplicationStoreTests.Draft("APP-1", Tanaka));

        var read = (await store.GetAsync("APP-1"))!;
        counter.Reset();
        await store.ReplaceAsync(read, read.Value with { Status = ApplicationStatus.Submitted, SubmissionCount = 1 });

        // The application's row, then one transaction of the index partition: its status row and its applicant's move together.
        Assert.Equal(2, counter.Count);
        Assert.Equal(["status ~Submitted|APP-1"], await StatusRowsAsync(storage, "APP-1"));
    }

    [Fact]
    public async Task Old_copies_moved_on_start_are_listed_from_the_one_partition_and_a_stale_one_goes()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var store = new ApplicationStore(storage);
        await StoredBeforeAsync(storage, "APP-1", ApplicationStatus.AwaitingApproval);
        await StoredBeforeAsync(storage, "APP-2", ApplicationStatus.Rejected);

        // A copy an interrupted save left behind: APP-3 is approved, its copy still says awaiting approval.
        await StoredBeforeAsync(storage, "APP-3", ApplicationStatus.Approved, listedAs: ApplicationStatus.AwaitingApproval);

        await new OldStatusCopiesMove(store).StartAsync(CancellationToken.None);

        // Moving again (a second instance starting) finds nothing left to move.
        await store.MoveOldStatusCopiesAsync();

        Assert.Equal(["status ~AwaitingApproval|APP-1"], await StatusRowsAsync(storage, "APP-1"));
        Assert.Equal(["status ~Rejected|APP-2"], await StatusRowsAsync(storage, "APP-2"));
        Assert.Empty(await StatusRowsAsync(storage, "APP-3"));
        Assert.Equal(["APP-1"], await store.ListByStatusAsync(ApplicationStatus.AwaitingApproval).Select(a => a.Id).ToArrayAsync());
        Assert.Equal(["APP-1", "APP-2"], (await store.ListAllAsync()).Select(a => a.Id).Order());

        // The next save of a moved application finds its row where it expects it.
        await store.UpdateAsync("APP-1", a => a with { Status = ApplicationStatus.Approved });
        Assert.Equal(["status ~Approved|APP-1"], await StatusRowsAsync(storage, "APP-1"));
    }

    [Fact]
    public async Task Removing_copies_under_former_statuses_removes_new_and_old_rows()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var store = new ApplicationStore(storage);
        await store.TryCreateAsync(ApplicationStoreTests.Draft("APP-1", Tanaka));
        await storage.ApplicationIndex.UpsertAsync("status|Returned", "APP-1", ApplicationStoreTests.Draft("APP-1", Tanaka, ApplicationStatus.Returned));

        await store.RemoveCopiesUnderAsync("APP-1", [ApplicationStatus.Draft, ApplicationStatus.Returned]);

        Assert.Empty(await StatusRowsAsync(storage, "APP-1"));
        Assert.Empty(await store.ListAllAsync());
    }

    [Fact]
    public async Task Person_copies_in_the_old_partitions_are_listed_then_moved_on_start_and_a_stale_one_gives_way()
    {
        var counter = new RequestCounter();
        var storage = await counter.StorageAsync();
        var store = new ApplicationStore(storage);

        // Before this layout: a status-keyed row in the applicant's own partition, a row keyed by id alone, an endorser's row,
        // and a copy an interrupted save left stale (APP-3 is submitted; its applicant's row still says draft).
        var one = ApplicationStoreTests.Draft("APP-1", Tanaka, ApplicationStatus.Approved) with { EndorserId = Sato };
        var two = ApplicationStoreTests.Draft("APP-2", Tanaka, ApplicationStatus.Rejected);
        var three = ApplicationStoreTests.Draft("APP-3", Tanaka, ApplicationStatus.Submitted);
        foreach (var application in new[] { one, two, three })
        {
            await storage.Applications.TryInsertAsync(application.Id, "application", application);
            await storage.ApplicationIndex.UpsertAsync($"status|{application.Status}", application.Id, application);
        }

        await storage.ApplicationIndex.UpsertAsync($"applicant|{Tanaka}", "~Approved|APP-1", one);
        await storage.ApplicationIndex.UpsertAsync($"endorser|{Sato}", "~Approved|APP-1", one);
        await storage.ApplicationIndex.UpsertAsync($"applicant|{Tanaka}", "APP-2", two);
        await storage.ApplicationIndex.UpsertAsync($"applicant|{Tanaka}", "~Draft|APP-3", three with { Status = ApplicationStatus.Draft });

        Assert.Equal(["APP-1", "APP-2", "APP-3"], await store.ListByApplicantAsync(Tanaka).Select(a => a.Id).ToArrayAsync());
        Assert.Equal(["APP-1"], (await store.ListByEndorserAsync(Sato, ApplicationStatus.Approved)).Select(a => a.Id));

        await new OldStatusCopiesMove(store).StartAsync(CancellationToken.None);
        await Task.WhenAll(store.MoveOldStatusCopiesAsync(), new ApplicationStore(storage).MoveOldStatusCopiesAsync());

        Assert.Equal(
            [$"status applicant|{Tanaka}|~Approved|APP-1", $"status applicant|{Tanaka}|~Rejected|APP-2", $"status applicant|{Tanaka}|~Submitted|APP-3", $"status endorser|{Sato}|~Approved|APP-1"],
            await storage.ApplicationIndex.Client.QueryAsync<TableEntity>().Where(e => !e.RowKey.StartsWith('~')).Select(e => $"{e.PartitionKey} {e.RowKey}").OrderBy(k => k, StringComparer.Ordinal).ToListAsync());

        // Moved: a person's list, or one status of it, is one query of one range.
        counter.Reset();
        Assert.Equal(["APP-1", "APP-2", "APP-3"], await store.ListByApplicantAsync(Tanaka).Select(a => a.Id).ToArrayAsync());
        Assert.Equal(["APP-3"], (await store.ListByApplicantAsync(Tanaka, ApplicationStatus.Submitted)).Select(a => a.Id));
        Assert.Equal(2, counter.Count);

        // The next save of a moved application finds its rows where it expects them: one request for the record, one for the copies.
        var read = (await store.GetAsync("APP-3"))!;
        counter.Reset();
        await store.ReplaceAsync(read, read.Value with { Status = ApplicationStatus.AwaitingApproval });
        Assert.Equal(2, counter.Count);
        Assert.Equal(["APP-3"], (await store.ListByApplicantAsync(Tanaka, ApplicationStatus.AwaitingApproval)).Select(a => a.Id));
        Assert.Empty(await store.ListByApplicantAsync(Tanaka, ApplicationStatus.Submitted));
    }

    [Fact]
    public async Task A_new_endorser_takes_the_rows_over_in_the_same_transaction_and_one_persons_range_never_holds_anothers()
    {
        var counter = new RequestCounter();
        var storage = await counter.StorageAsync();
        var store = new ApplicationStore(storage);

        // "a|b" would share "a"'s range were "|" not escaped in a person's key.
        await store.TryCreateAsync(ApplicationStoreTests.Draft("APP-1", "a") with { EndorserId = Sato });
        await store.TryCreateAsync(ApplicationStoreTests.Draft("APP-2", "a|b"));
        await store.TryCreateAsync(ApplicationStoreTests.Draft("APP-3", "a|~Draft"));
        Assert.Equal(["APP-1"], await store.ListByApplicantAsync("a").Select(a => a.Id).ToArrayAsync());
        Assert.Equal(["APP-1"], (await store.ListByApplicantAsync("a", ApplicationStatus.Draft)).Select(a => a.Id));
        Assert.Equal(["APP-2"], await store.ListByApplicantAsync("a|b").Select(a => a.Id).ToArrayAsync());

        var read = (await store.GetAsync("APP-1"))!;
        counter.Reset();
        await store.ReplaceAsync(read, read.Value with { Status = ApplicationStatus.Submitted, EndorserId = "kato@example.ac.jp" });

        Assert.Equal(2, counter.Count);
        Assert.Empty(await store.ListByEndorserAsync(Sato).ToListAsync());
        Assert.Equal(["APP-1"], (await store.ListByEndorserAsync("kato@example.ac.jp", ApplicationStatus.Submitted)).Select(a => a.Id));
        Assert.Equal(["APP-1"], (await store.ListByStatusAsync(ApplicationStatus.Submitted).Select(a => a.Id).ToArrayAsync()));
        Assert.Equal(["APP-2", "APP-3"], await store.ListByStatusAsync(ApplicationStatus.Draft).Select(a => a.Id).ToArrayAsync());
        Assert.Equal(3, (await store.ListAllAsync()).Count);
    }

    [Fact]
    public async Task A_repair_deletes_the_stale_row_of_a_person_whose_id_is_escaped_in_its_key()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var store = new ApplicationStore(storage);
        await store.TryCreateAsync(ApplicationStoreTests.Draft("APP-1", "x|y%z"));

        // The record moved on to submitted, but the process stopped before its copies were written; the retried step heals them.
        var read = (await storage.Applications.GetAsync("APP-1", "application"))!;
        await storage.Applications.ReplaceAsync("APP-1", "application", read.Value with { Status = ApplicationStatus.Submitted }, read.ETag);
        await store.UpdateAsync("APP-1", a => a with { Status = ApplicationStatus.Submitted });

        Assert.Empty(await store.ListByApplicantAsync("x|y%z", ApplicationStatus.Draft));
        Assert.Equal(["APP-1"], (await store.ListByApplicantAsync("x|y%z", ApplicationStatus.Submitted)).Select(a => a.Id));
    }
}
