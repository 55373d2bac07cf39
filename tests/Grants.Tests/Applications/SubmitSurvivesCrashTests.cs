using System.Text;
using System.Text.RegularExpressions;
using Azure;
using Grants.Tests.Infrastructure;
using Grants.Workflows.Applications;
using Grants.Workflows.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Grants.Tests.Orchestration.WorkflowHarness;

namespace Grants.Tests.Applications;

/// <summary>
/// A submit cut off at any of its writes — before storage applied it, or after and its answer lost, as a crash cuts it —
/// is finished by submitting again: the workflow starts once, the submitted version and the audit line are there once, and
/// the lists find the application where it is and nowhere else.
/// </summary>
[Trait("Kind", "Orchestration")]
public sealed class SubmitSurvivesCrashTests
{
    public static TheoryData<string, bool> Cuts => new()
    {
        // The application, its submitted version and its audit line are one transaction of the applications table.
        { "applications", false },
        { "applications", true },
        { "applicationindex", false },
        { "applicationindex", true },
    };

    [Theory]
    [MemberData(nameof(Cuts))]
    public async Task A_submit_cut_off_at_a_write_is_finished_by_submitting_again(string table, bool afterApplied)
    {
        var faults = new StorageFaults();
        await using var harness = await StartAsync(storage: await faults.StorageAsync(await Azurite.SharedAsync()));
        var (draft, _) = Ok(await harness.Drafts.CreateDraftAsync(Researcher, Draft(), idempotencyKey: null));
        await harness.AttachInvoiceAsync(Researcher, draft.Id);

        faults.Arm(new Random(1), probability: 1, failures: 1, request => StorageFaults.IsWrite(request) && TableOf(request).EndsWith(table, StringComparison.Ordinal), afterApplied);
        await Assert.ThrowsAnyAsync<RequestFailedException>(() => harness.Submission.SubmitAsync(Researcher, draft.Id));
        Assert.Equal(1, faults.Injected);
        faults.Disarm();

        var submitted = Ok(await harness.Submission.SubmitAsync(Researcher, draft.Id));
        Assert.Equal((ApplicationStatus.Submitted, 1), (submitted.Status, submitted.SubmissionCount));
        await harness.WaitForStatusAsync(draft.Id, ApplicationStatus.AwaitingApproval);

        Assert.Single(await harness.Applications.ListSubmittedVersionsAsync(draft.Id).ToListAsync());
        var trail = await harness.Host.Services.GetRequiredService<AuditTrail>().ReadAsync(draft.Id).ToListAsync();
        Assert.Single(trail, e => e.Action == "submitted");
        foreach (var status in new[] { ApplicationStatus.Draft, ApplicationStatus.Submitted })
        {
            Assert.False(await harness.Applications.ListByStatusAsync(status).AnyAsync(a => a.Id == draft.Id), $"still listed as {status}");
            Assert.Empty(await harness.Applications.ListByApplicantAsync(Researcher.Id, status));
        }

        Assert.Single(await harness.Applications.ListByApplicantAsync(Researcher.Id, ApplicationStatus.AwaitingApproval));
        Assert.Equal(ApplicationStatus.AwaitingApproval, (await harness.Applications.ListByApplicantAsync(Researcher.Id).SingleAsync()).Status);
    }

    /// <summary>The table a request writes to, with its storage prefix: the last path segment, without an entity's keys; for a transaction, the table its body names.</summary>
    static string TableOf(Azure.Core.Request request)
    {
        var last = request.Uri.Path.Split('/')[^1];
        if (last != "$batch" || request.Content is null)
        {
            return last.Split('(')[0];
        }

        using var body = new MemoryStream();
        request.Content.WriteTo(body, CancellationToken.None);
        return Regex.Match(Encoding.UTF8.GetString(body.ToArray()), @"/(\w+)\(PartitionKey").Groups[1].Value;
    }
}
