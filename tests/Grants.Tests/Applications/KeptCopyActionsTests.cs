using Azure.Core;
using Grants.Tests.Infrastructure;
using Grants.Tests.Programs;
using Grants.Workflows.Applications;
using Grants.Workflows.Storage;
using static Grants.Tests.Orchestration.WorkflowHarness;

namespace Grants.Tests.Applications;

/// <summary>
/// Submit and decide start from the application as this process last read or saved it, so they read nothing themselves;
/// both save under that copy's ETag. A copy another instance changed since (a 412) or one that would refuse what the
/// stored application allows is judged again on a fresh read: nothing it changed is lost and nothing allowed is refused.
/// </summary>
[Trait("Kind", "Orchestration")]
public sealed class KeptCopyActionsTests
{
    /// <summary>Set around the one call whose reads a test counts (the workflow's own steps run beside it and are not counted).</summary>
    static readonly AsyncLocal<bool> Counting = new();

    static RequestCounter ApplicationReads() => new(r => Counting.Value && r.Method == RequestMethod.Get && Uri.UnescapeDataString(r.Uri.ToString()).Contains("applications(PartitionKey=", StringComparison.Ordinal));

    static async Task<T> CountedAsync<T>(Func<Task<T>> call)
    {
        Counting.Value = true;
        try
        {
            return await call();
        }
        finally
        {
            Counting.Value = false;
        }
    }

    [Fact]
    public async Task Submit_and_decide_on_what_this_process_kept_read_no_application()
    {
        var reads = ApplicationReads();
        await using var harness = await StartAsync(storage: await reads.StorageAsync());
        var (draft, _) = Ok(await harness.Drafts.CreateDraftAsync(Researcher, Draft(), idempotencyKey: null));
        await harness.AttachInvoiceAsync(Researcher, draft.Id);

        var submitted = Ok(await CountedAsync(() => harness.Submission.SubmitAsync(Researcher, draft.Id)));
        Assert.Equal((ApplicationStatus.Submitted, 1), (submitted.Status, submitted.SubmissionCount));
        Assert.Equal(0, reads.Count);

        await harness.WaitForStatusAsync(draft.Id, ApplicationStatus.AwaitingApproval);
        Ok(await CountedAsync(() => harness.Decisions.DecideAsync(Director, draft.Id, new DecisionRequest("approve", ""))));
        Assert.Equal(0, reads.Count);
        await harness.WaitForStatusAsync(draft.Id, ApplicationStatus.Approved);
    }

    [Fact]
    public async Task A_kept_copy_changed_elsewhere_since_is_submitted_and_decided_from_a_fresh_read_keeping_the_change()
    {
        await using var harness = await StartAsync();
        var elsewhere = new ApplicationStore(harness.Storage);
        var (draft, _) = Ok(await harness.Drafts.CreateDraftAsync(Researcher, Draft(), idempotencyKey: null));
        await harness.AttachInvoiceAsync(Researcher, draft.Id);

        // Another instance saves the draft after this process kept it: the copy's ETag is out of date.
        var arrival = new DateOnly(2031, 4, 1);
        await elsewhere.UpdateAsync(draft.Id, a => a with { ExpectedArrival = arrival });
        var submitted = Ok(await harness.Submission.SubmitAsync(Researcher, draft.Id));
        Assert.Equal((ApplicationStatus.Submitted, arrival), (submitted.Status, submitted.ExpectedArrival));
        Assert.Equal(arrival, (await harness.CurrentAsync(draft.Id)).ExpectedArrival);

        await harness.WaitForStatusAsync(draft.Id, ApplicationStatus.AwaitingApproval);
        var later = new DateOnly(2031, 10, 1);
        await elsewhere.UpdateAsync(draft.Id, a => a with { ExpectedArrival = later });
        Ok(await harness.Decisions.DecideAsync(Director, draft.Id, new DecisionRequest("approve", "")));
        var approved = await harness.WaitForStatusAsync(draft.Id, ApplicationStatus.Approved);
        Assert.Equal(later, approved.ExpectedArrival);
    }

    [Fact]
    public async Task A_kept_copy_that_would_refuse_is_judged_again_on_the_stored_application()
    {
        await using var harness = await StartAsync();
        var elsewhere = new ApplicationStore(harness.Storage);
        var (draft, _) = Ok(await harness.Drafts.CreateDraftAsync(Researcher, Draft(), idempotencyKey: null));
        await harness.AttachInvoiceAsync(Researcher, draft.Id);

        // This process last saw the application withdrawn; another instance has since put it back as a draft.
        var read = (await harness.Applications.GetAsync(draft.Id))!;
        var kept = await harness.Applications.ReplaceAsync(read, read.Value with { Status = ApplicationStatus.Withdrawn });
        await elsewhere.ReplaceAsync((await elsewhere.GetAsync(draft.Id))!, kept.Value with { Status = ApplicationStatus.Draft });
        Assert.Equal(ApplicationStatus.Withdrawn, harness.Applications.FindRecent(draft.Id)!.Value.Status);
        Assert.Equal(ApplicationStatus.Submitted, Ok(await harness.Submission.SubmitAsync(Researcher, draft.Id)).Status);

        // This process last saw it submitted (no decision possible); the stored one awaits approval.
        await harness.WaitForStatusAsync(draft.Id, ApplicationStatus.AwaitingApproval);
        var waiting = (await harness.Applications.GetAsync(draft.Id))!;
        var stale = await harness.Applications.ReplaceAsync(waiting, waiting.Value with { Status = ApplicationStatus.Submitted });
        await elsewhere.ReplaceAsync((await elsewhere.GetAsync(draft.Id))!, stale.Value with { Status = ApplicationStatus.AwaitingApproval });
        Assert.Equal(ApplicationStatus.Submitted, harness.Applications.FindRecent(draft.Id)!.Value.Status);
        Ok(await harness.Decisions.DecideAsync(Director, draft.Id, new DecisionRequest("approve", "")));
        await harness.WaitForStatusAsync(draft.Id, ApplicationStatus.Approved);
    }
}
