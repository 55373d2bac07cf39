using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Grants.Tests.Infrastructure;
using Grants.Workflows;
using Grants.Workflows.Applications;
using Grants.Workflows.Money;
using Grants.Workflows.Orchestration.Activities;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;

namespace Grants.Tests.Storage;

[Trait("Kind", "Storage")]
public sealed class ApplicationStoreTests
{
    static readonly DateTimeOffset At = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);

    internal static Application Draft(string id, string applicantId, ApplicationStatus status = ApplicationStatus.Draft) =>
        new(id, applicantId, "ima-ga-taisetsu", 1, new Paper("酸化物薄膜の界面磁性", "Physical Review Materials", false),
            [new ExpenseLine(ExpenseKind.SubmissionFee, new Yen(80_000), "投稿料")], [], status, 0, At, At);

    static string Json(Application application) => JsonSerializer.Serialize(application, GrantsJson.Options);

    /// <summary>The index rows of one application: keyed by its id (status partitions) or by status then id (a person's partitions).</summary>
    static async Task<List<TableEntity>> IndexRowsAsync(GrantsStorage storage, string id) =>
        await storage.ApplicationIndex.Client.QueryAsync<TableEntity>().Where(e => e.RowKey == id || e.RowKey.EndsWith("|" + id, StringComparison.Ordinal)).ToListAsync();

    [Fact]
    public async Task Creates_once_and_reads_back_what_was_stored()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var store = new ApplicationStore(storage);
        var draft = Draft("APP-1", "tanaka@example.ac.jp");

        Assert.True(await store.TryCreateAsync(draft));
        Assert.False(await store.TryCreateAsync(draft with { Paper = draft.Paper with { Title = "Another" } }));

        var stored = await store.GetAsync("APP-1");
        Assert.NotNull(stored);
        Assert.Equal(Json(draft), Json(stored.Value));
        Assert.NotEqual(default, stored.ETag);
        Assert.Null(await store.GetAsync("APP-missing"));
    }

    [Fact]
    public async Task Replace_with_a_stale_ETag_throws_412_and_changes_nothing()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var store = new ApplicationStore(storage);
        await store.TryCreateAsync(Draft("APP-1", "tanaka@example.ac.jp"));
        var read = (await store.GetAsync("APP-1"))!;

        var saved = await store.ReplaceAsync(read, read.Value with { Paper = read.Value.Paper with { Title = "First edit" } });
        Assert.NotEqual(read.ETag, saved.ETag);

        var stale = await Assert.ThrowsAsync<RequestFailedException>(() => store.ReplaceAsync(read, read.Value with { Paper = read.Value.Paper with { Title = "Lost edit" } }));
        Assert.Equal(412, stale.Status);
        Assert.Equal("First edit", (await store.GetAsync("APP-1"))!.Value.Paper.Title);

        // The ETag returned by a save guards the next save.
        var again = await store.ReplaceAsync(saved, saved.Value with { Paper = saved.Value.Paper with { Title = "Second edit" } });
        Assert.Equal("Second edit", (await store.GetAsync("APP-1"))!.Value.Paper.Title);
        Assert.Equal(again.ETag, (await store.GetAsync("APP-1"))!.ETag);
    }

    [Fact]
    public async Task Lists_by_applicant_and_by_status_from_index_partitions_that_follow_status_changes()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var store = new ApplicationStore(storage);
        await store.TryCreateAsync(Draft("APP-1", "tanaka@example.ac.jp"));
        await store.TryCreateAsync(Draft("APP-2", "tanaka@example.ac.jp"));
        await store.TryCreateAsync(Draft("APP-3", "suzuki@example.ac.jp"));

        Assert.Equal(["APP-1", "APP-2"], await store.ListByApplicantAsync("tanaka@example.ac.jp").Select(a => a.Id).ToArrayAsync());
        Assert.Equal(["APP-3"], await store.ListByApplicantAsync("suzuki@example.ac.jp").Select(a => a.Id).ToArrayAsync());
        Assert.Empty(await store.ListByApplicantAsync("nobody@example.ac.jp").ToListAsync());
        Assert.Equal(["APP-1", "APP-2", "APP-3"], await store.ListByStatusAsync(ApplicationStatus.Draft).Select(a => a.Id).ToArrayAsync());

        // Each list is one range of the one index partition: a row in the applicant's range, one in the status's.
        Assert.Equal(
            new HashSet<string> { "status applicant|tanaka@example.ac.jp|~Draft|APP-1", "status ~Draft|APP-1" },
            (await IndexRowsAsync(storage, "APP-1")).Select(e => $"{e.PartitionKey} {e.RowKey}").ToHashSet());

        var read = (await store.GetAsync("APP-1"))!;
        await store.ReplaceAsync(read, read.Value with { Status = ApplicationStatus.Submitted, SubmissionCount = 1 });

        Assert.Equal(["APP-2", "APP-3"], await store.ListByStatusAsync(ApplicationStatus.Draft).Select(a => a.Id).ToArrayAsync());
        var submitted = await store.ListByStatusAsync(ApplicationStatus.Submitted).ToListAsync();
        Assert.Equal("APP-1", Assert.Single(submitted).Id);
        Assert.Equal(ApplicationStatus.Submitted, submitted[0].Status);
        var mine = await store.ListByApplicantAsync("tanaka@example.ac.jp").ToListAsync();
        Assert.Equal(ApplicationStatus.Submitted, mine.Single(a => a.Id == "APP-1").Status);
        Assert.Equal(
            new HashSet<string> { "status applicant|tanaka@example.ac.jp|~Submitted|APP-1", "status ~Submitted|APP-1" },
            (await IndexRowsAsync(storage, "APP-1")).Select(e => $"{e.PartitionKey} {e.RowKey}").ToHashSet());

        await store.UpdateAsync("APP-1", a => a with { Status = ApplicationStatus.AwaitingApproval });
        Assert.Empty(await store.ListByStatusAsync(ApplicationStatus.Submitted).ToListAsync());
        Assert.Equal("APP-1", Assert.Single(await store.ListByStatusAsync(ApplicationStatus.AwaitingApproval).ToListAsync()).Id);
    }

    [Fact]
    public async Task Concurrent_updates_are_retried_so_no_change_is_lost()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var store = new ApplicationStore(storage);
        await store.TryCreateAsync(Draft("APP-1", "tanaka@example.ac.jp"));

        var documents = Enumerable.Range(0, 8)
            .Select(i => new ApplicationDocument($"DOC-{i}", DocumentKind.Invoice, $"invoice{i}.pdf", "application/pdf", 10, new string('0', 64), At))
            .ToList();
        await Task.WhenAll(documents.Select(d => store.UpdateAsync("APP-1", a => a with { Documents = [.. a.Documents, d] })));

        var stored = (await store.GetAsync("APP-1"))!.Value;
        Assert.Equal(documents.Select(d => d.Id).Order(), stored.Documents.Select(d => d.Id).Order());
        Assert.Equal(documents.Count, Assert.Single(await store.ListByApplicantAsync("tanaka@example.ac.jp").ToListAsync()).Documents.Count);
    }

    [Fact]
    public async Task An_applicant_lists_one_status_as_one_range_that_follows_status_changes()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var store = new ApplicationStore(storage);
        await store.TryCreateAsync(Draft("APP-1", "tanaka@example.ac.jp") with { EndorserId = "sato@example.ac.jp" });
        await store.TryCreateAsync(Draft("APP-2", "tanaka@example.ac.jp"));
        await store.UpdateAsync("APP-2", a => a with { Status = ApplicationStatus.Submitted });

        Assert.Equal(["APP-1"], (await store.ListByApplicantAsync("tanaka@example.ac.jp", ApplicationStatus.Draft)).Select(a => a.Id));
        Assert.Equal(["APP-2"], (await store.ListByApplicantAsync("tanaka@example.ac.jp", ApplicationStatus.Submitted)).Select(a => a.Id));
        Assert.Equal(["APP-1"], (await store.ListByEndorserAsync("sato@example.ac.jp", ApplicationStatus.Draft)).Select(a => a.Id));

        await store.UpdateAsync("APP-1", a => a with { Status = ApplicationStatus.Submitted, EndorserId = "kato@example.ac.jp" });
        Assert.Empty(await store.ListByApplicantAsync("tanaka@example.ac.jp", ApplicationStatus.Draft));
        Assert.Equal(["APP-1", "APP-2"], (await store.ListByApplicantAsync("tanaka@example.ac.jp", ApplicationStatus.Submitted)).Select(a => a.Id).Order());
        Assert.Equal(["APP-1", "APP-2"], await store.ListByApplicantAsync("tanaka@example.ac.jp").Select(a => a.Id).ToArrayAsync());
        Assert.Empty(await store.ListByEndorserAsync("sato@example.ac.jp").ToListAsync());
        Assert.Equal("APP-1", Assert.Single(await store.ListByEndorserAsync("kato@example.ac.jp", ApplicationStatus.Submitted)).Id);

        // One row per application in each person's range, whatever it went through.
        Assert.Single(await IndexRowsAsync(storage, "APP-1"), e => e.RowKey.StartsWith("applicant|tanaka@example.ac.jp|", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Index_rows_written_before_status_keys_are_still_listed_and_the_next_save_replaces_them()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var store = new ApplicationStore(storage);
        var old = Draft("APP-OLD", "tanaka@example.ac.jp", ApplicationStatus.Approved);
        await storage.Applications.TryInsertAsync(old.Id, "application", old);
        await storage.ApplicationIndex.UpsertAsync("applicant|tanaka@example.ac.jp", old.Id, old);
        await store.TryCreateAsync(Draft("APP-NEW", "tanaka@example.ac.jp"));

        Assert.Equal(["APP-NEW", "APP-OLD"], await store.ListByApplicantAsync("tanaka@example.ac.jp").Select(a => a.Id).ToArrayAsync());
        Assert.Equal("APP-OLD", Assert.Single(await store.ListByApplicantAsync("tanaka@example.ac.jp", ApplicationStatus.Approved)).Id);
        Assert.Equal("APP-NEW", Assert.Single(await store.ListByApplicantAsync("tanaka@example.ac.jp", ApplicationStatus.Draft)).Id);

        // Saved again with the same status (its rows are not where expected: the old row goes as the new are written), then a new one.
        await store.UpdateAsync("APP-OLD", a => a with { PaidMonths = 1 });
        await store.UpdateAsync("APP-OLD", a => a with { Status = ApplicationStatus.Completed });

        var rows = (await IndexRowsAsync(storage, "APP-OLD")).Where(e => e.RowKey.StartsWith("applicant|", StringComparison.Ordinal) || e.PartitionKey.StartsWith("applicant|", StringComparison.Ordinal)).ToList();
        Assert.Equal("status applicant|tanaka@example.ac.jp|~Completed|APP-OLD", string.Join(",", rows.Select(e => $"{e.PartitionKey} {e.RowKey}")));
        Assert.Empty(await store.ListByApplicantAsync("tanaka@example.ac.jp", ApplicationStatus.Approved));
        Assert.Equal(1, Assert.Single(await store.ListByApplicantAsync("tanaka@example.ac.jp", ApplicationStatus.Completed)).PaidMonths);
    }

    [Fact]
    public async Task A_save_whose_index_write_was_lost_is_healed_by_the_retried_step()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var store = new ApplicationStore(storage);
        await store.TryCreateAsync(Draft("APP-1", "tanaka@example.ac.jp"));

        // The record moved on to submitted, but the process stopped before its index copies were written.
        var read = (await storage.Applications.GetAsync("APP-1", "application"))!;
        await storage.Applications.ReplaceAsync("APP-1", "application", read.Value with { Status = ApplicationStatus.Submitted }, read.ETag);
        await store.UpdateAsync("APP-1", a => a with { Status = ApplicationStatus.Submitted });

        Assert.Empty(await store.ListByApplicantAsync("tanaka@example.ac.jp", ApplicationStatus.Draft));
        Assert.Equal("APP-1", Assert.Single(await store.ListByApplicantAsync("tanaka@example.ac.jp", ApplicationStatus.Submitted)).Id);
        Assert.Single(await IndexRowsAsync(storage, "APP-1"), e => e.RowKey.StartsWith("applicant|tanaka@example.ac.jp|", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_step_starting_from_what_this_process_last_saved_loses_no_change_saved_elsewhere()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var here = new ApplicationStore(storage);
        var elsewhere = new ApplicationStore(storage);
        await here.TryCreateAsync(Draft("APP-1", "tanaka@example.ac.jp"));
        Assert.Equal(ApplicationStatus.Draft, here.FindRecent("APP-1")!.Value.Status);
        Assert.Null(elsewhere.FindRecent("APP-1"));
        var saved = await here.UpdateAsync("APP-1", a => a with { Status = ApplicationStatus.Submitted, SubmissionCount = 1 });
        Assert.Equal(saved, here.FindRecent("APP-1"));

        // Another process saves meanwhile; this one still holds its own last save, and a step starts from it.
        await elsewhere.UpdateAsync("APP-1", a => a with { PaidMonths = 3 });
        var read = await here.RequireRecentAsync("APP-1", submission: 1);
        Assert.Equal(0, read.Value.PaidMonths);
        await here.ChangeAsync(read, a => a with { Status = ApplicationStatus.AwaitingApproval });

        // Its save failed that copy's ETag and was made again on what the other process saved: neither change is lost.
        var stored = (await here.GetAsync("APP-1"))!.Value;
        Assert.Equal((ApplicationStatus.AwaitingApproval, 3), (stored.Status, stored.PaidMonths));
        Assert.Equal(stored, here.FindRecent("APP-1")!.Value);

        // A copy of another submission is never used: the step reads what is stored.
        await elsewhere.UpdateAsync("APP-1", a => a with { PaidMonths = 5 });
        Assert.Equal(5, (await here.RequireRecentAsync("APP-1", submission: 2)).Value.PaidMonths);
    }

    [Fact]
    public async Task Update_of_a_missing_application_throws()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var store = new ApplicationStore(storage);

        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.UpdateAsync("APP-none", a => a));
    }
}
