using Azure;
using Grants.Tests.Infrastructure;
using Grants.Workflows.Applications;
using Grants.Workflows.Storage;

namespace Grants.Tests.Storage;

/// <summary>What a save records (its audit lines, a submission's version) lives in the application's own partition, written in the save's transaction.</summary>
[Trait("Kind", "Storage")]
public sealed class SaveRecordsTests
{
    const string Tanaka = "tanaka@example.ac.jp";

    static readonly DateTimeOffset At = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    static SaveRecords Submitted(Application submitted) =>
        new([($"s{submitted.SubmissionCount}-submitted", new AuditEntry(At, Tanaka, "submitted", $"Submission {submitted.SubmissionCount}."))], Version: submitted);

    [Fact]
    public async Task A_submission_its_version_and_its_line_are_one_request_and_its_copies_one_more()
    {
        var counter = new RequestCounter();
        var storage = await counter.StorageAsync();
        var store = new ApplicationStore(storage);
        await store.TryCreateAsync(ApplicationStoreTests.Draft("APP-1", Tanaka));
        var read = (await store.GetAsync("APP-1"))!;
        var submitted = read.Value with { Status = ApplicationStatus.Submitted, SubmissionCount = 1 };

        counter.Reset();
        var saved = await store.ReplaceAsync(read, submitted, Submitted(submitted));

        Assert.Equal(2, counter.Count);
        Assert.Equal(saved.ETag, (await store.GetAsync("APP-1"))!.ETag);
        Assert.Equal(["submitted"], await new AuditTrail(storage).ReadAsync("APP-1").Select(e => e.Action).ToArrayAsync());
        Assert.Equal(new[] { 1 }, await store.ListSubmittedVersionsAsync("APP-1").Select(v => v.SubmissionCount).ToArrayAsync());
    }

    [Fact]
    public async Task A_save_that_loses_its_etag_writes_neither_the_application_nor_its_lines()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var store = new ApplicationStore(storage);
        await store.TryCreateAsync(ApplicationStoreTests.Draft("APP-1", Tanaka));
        var read = (await store.GetAsync("APP-1"))!;
        await new ApplicationStore(storage).UpdateAsync("APP-1", a => a with { PaidMonths = 2 });

        var submitted = read.Value with { Status = ApplicationStatus.Submitted, SubmissionCount = 1 };
        var lost = await Assert.ThrowsAnyAsync<RequestFailedException>(() => store.ReplaceAsync(read, submitted, Submitted(submitted)));

        Assert.Equal(412, lost.Status);
        Assert.Equal(ApplicationStatus.Draft, (await store.GetAsync("APP-1"))!.Value.Status);
        Assert.Empty(await new AuditTrail(storage).ReadAsync("APP-1").ToListAsync());
        Assert.Empty(await store.ListSubmittedVersionsAsync("APP-1").ToListAsync());
    }

    [Fact]
    public async Task Lines_and_versions_from_before_are_read_beside_the_new_ones_in_time_order_and_a_repeated_line_is_not_written_twice()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var store = new ApplicationStore(storage);
        var audit = new AuditTrail(storage);
        await store.TryCreateAsync(ApplicationStoreTests.Draft("APP-1", Tanaka));

        // Before: the first submission's version in the versions table, its line and a later notice's in the audit table.
        var first = (await store.GetAsync("APP-1"))!.Value with { Status = ApplicationStatus.Submitted, SubmissionCount = 1 };
        await storage.ApplicationVersions.TryInsertAsync("APP-1", "s0001", first);
        await audit.AppendAsync("APP-1", "s1-submitted", new AuditEntry(At, Tanaka, "submitted", "Submission 1."));
        await audit.AppendAsync("APP-1", "mail-s1-Returned-0", new AuditEntry(At.AddMinutes(2), "system", "notified-returned", ""));

        // Now: the second submission, and a step saved by a version that wrote its line in the audit table, run again.
        var read = (await store.GetAsync("APP-1"))!;
        var second = read.Value with { Status = ApplicationStatus.Submitted, SubmissionCount = 2 };
        await store.ReplaceAsync(read, second, new SaveRecords([("s2-submitted", new AuditEntry(At.AddMinutes(3), Tanaka, "submitted", "Submission 2."))], Version: second));
        await audit.AppendAsync("APP-1", "s2-eligibility", new AuditEntry(At.AddMinutes(4), "system", "eligible", ""));
        await store.RecordAsync("APP-1", new SaveRecords([("s2-eligibility", new AuditEntry(At.AddMinutes(4), "system", "eligible", ""))]));
        await store.RecordAsync("APP-1", new SaveRecords([("s2-eligibility", new AuditEntry(At.AddMinutes(4), "system", "eligible", ""))]));

        Assert.Equal(["submitted", "notified-returned", "submitted", "eligible"], await audit.ReadAsync("APP-1").Select(e => e.Action).ToArrayAsync());
        Assert.Equal(new[] { 1, 2 }, await store.ListSubmittedVersionsAsync("APP-1").Select(v => v.SubmissionCount).ToArrayAsync());
    }

    [Fact]
    public async Task An_application_and_its_history_are_read_in_two_requests_at_the_same_time()
    {
        var counter = new RequestCounter();
        var storage = await counter.StorageAsync();
        var store = new ApplicationStore(storage);
        var audit = new AuditTrail(storage);
        await store.TryCreateAsync(ApplicationStoreTests.Draft("APP-1", Tanaka));
        await audit.AppendAsync("APP-1", "created", new AuditEntry(At.AddMinutes(-1), Tanaka, "created", ""));
        var read = (await store.GetAsync("APP-1"))!;
        var submitted = read.Value with { Status = ApplicationStatus.Submitted, SubmissionCount = 1 };
        var saved = await store.ReplaceAsync(read, submitted, Submitted(submitted));

        counter.Reset();
        var (application, history) = await audit.ReadWithApplicationAsync("APP-1");

        Assert.Equal(2, counter.Count);
        Assert.Equal((ApplicationStatus.Submitted, saved.ETag), (application!.Value.Status, application.ETag));
        Assert.Equal(["created", "submitted"], history.Select(e => e.Action));
        Assert.Null((await audit.ReadWithApplicationAsync("APP-none")).Application);
    }
}
