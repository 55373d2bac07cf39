using Azure.Core;
using Grants.Tests.Infrastructure;
using Grants.Tests.Storage;
using Grants.Workflows.Applications;
using Grants.Workflows.Orchestration;
using Grants.Workflows.Orchestration.Activities;
using Grants.Workflows.Storage;

namespace Grants.Tests.Orchestration;

/// <summary>
/// A notice that tells of the save the step before it made quotes the application as that save left it in this process,
/// without reading it; any other notice, or one on another instance, or after a later save it did not see, reads it.
/// </summary>
[Trait("Kind", "Storage")]
public sealed class NoticeReadsTests
{
    [Fact]
    public async Task A_notice_of_the_save_just_made_here_reads_nothing_and_every_other_reads_the_application()
    {
        // Point reads of the applications table.
        var counter = new RequestCounter(r => r.Method == RequestMethod.Get && Uri.UnescapeDataString(r.Uri.ToString()).Contains("applications(PartitionKey=", StringComparison.Ordinal));
        var storage = await counter.StorageAsync();
        var here = new ApplicationStore(storage);
        var submittedAt = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
        var savedAt = submittedAt.AddMinutes(1);
        await here.TryCreateAsync(ApplicationStoreTests.Draft("APP-1", "tanaka@example.ac.jp", ApplicationStatus.Submitted) with { SubmissionCount = 1, UpdatedAt = submittedAt });
        var read = (await here.GetAsync("APP-1"))!;
        var routed = await here.ReplaceAsync(read, read.Value with { Status = ApplicationStatus.AwaitingApproval, UpdatedAt = savedAt });
        Notice Of(DateTimeOffset? saved, int submission = 1) => new("APP-1", submission, NotificationKind.ApprovalRequested, 0, savedAt.AddSeconds(1)) { RecordedInTrail = true, SavedAt = saved };

        counter.Reset();
        Assert.Equal(ApplicationStatus.AwaitingApproval, (await here.RequireSavedAsync(Of(savedAt))).Status);
        Assert.Equal(0, counter.Count);

        // A reminder (no save before it), a notice of another save, of another submission, or on another instance: read.
        Assert.Equal(ApplicationStatus.AwaitingApproval, (await here.RequireSavedAsync(Of(null))).Status);
        Assert.Equal(1, counter.Count);
        Assert.Equal(ApplicationStatus.AwaitingApproval, (await here.RequireSavedAsync(Of(submittedAt))).Status);
        Assert.Equal(2, counter.Count);
        await here.RequireSavedAsync(Of(savedAt, submission: 2));
        Assert.Equal(3, counter.Count);
        var elsewhere = new ApplicationStore(storage);
        Assert.Equal(ApplicationStatus.AwaitingApproval, (await elsewhere.RequireSavedAsync(Of(savedAt))).Status);
        Assert.Equal(4, counter.Count);

        // Saved again elsewhere after the save the notice tells of: this process's copy (older) is not quoted; the store is.
        var later = savedAt.AddMinutes(5);
        await elsewhere.ReplaceAsync(routed, routed.Value with { Status = ApplicationStatus.Approved, UpdatedAt = later });
        Assert.Equal(ApplicationStatus.Approved, (await here.RequireSavedAsync(Of(later))).Status);
        Assert.Equal(5, counter.Count);
    }
}
