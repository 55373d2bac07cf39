using Grants.Tests.Orchestration;
using Grants.Workflows.Demo;
using Grants.Workflows.Applications;
using Grants.Workflows.Orchestration;
using Grants.Workflows.Orchestration.Activities;
using Grants.Workflows.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Grants.Tests.Orchestration.WorkflowHarness;

namespace Grants.Tests.Mail;

/// <summary>
/// A notice of one mail is recorded by its audit row alone: a rerun after it finished sends nothing, one after a crash before
/// the row sends it; so too when the step whose save it tells of sends it (the eligibility step, the reservation).
/// </summary>
[Trait("Kind", "Orchestration")]
public sealed class NoticeOnceTests
{
    [Fact]
    public async Task A_rerun_of_a_finished_notice_sends_nothing_and_one_cut_short_before_its_record_sends_it()
    {
        await using var harness = await StartAsync();
        var (submitted, told) = await ApprovalRequestedAsync(harness);
        Assert.Equal(DemoData.Director.Name, told.Detail);
        // The audit row is the record: no sent-mail row besides it.
        Assert.Empty(await harness.Storage.SentMail.QueryPartitionAsync(submitted.Id).ToListAsync());

        var step = ActivatorUtilities.CreateInstance<SendNotification>(harness.Host.Services);
        var notice = new Notice(submitted.Id, 1, NotificationKind.ApprovalRequested, 0, told.At) { RecordedInTrail = true };
        Assert.Equal(1, await step.RunAsync(null!, notice));
        Assert.Single(harness.Mail.To(DemoData.Director.Email));

        // As if the first run had crashed after handing the mail to SendGrid: sent again (at least once), then recorded.
        await harness.Storage.Audit.DeleteAsync(submitted.Id, AuditTrail.RowKey("mail-s1-ApprovalRequested-0", told.At));
        Assert.Equal(1, await step.RunAsync(null!, notice));
        await EventuallyAsync(() => Task.FromResult(harness.Mail.To(DemoData.Director.Email).Count == 2), () => "the notice to be sent again");
        Assert.Equal(1, await step.RunAsync(null!, notice));
        Assert.Equal(2, harness.Mail.To(DemoData.Director.Email).Count);
        Assert.True(await new AuditTrail(harness.Storage).HasAsync(submitted.Id, "mail-s1-ApprovalRequested-0", told.At));
    }

    [Fact]
    public async Task A_rerun_of_the_step_after_its_notice_sends_nothing_and_one_cut_short_before_the_notices_record_sends_it()
    {
        await using var harness = await StartAsync();
        var (submitted, told) = await ApprovalRequestedAsync(harness);
        var audit = new AuditTrail(harness.Storage);

        // The step again, as the engine would run it after losing its result: the application is routed, the notice recorded.
        var step = ActivatorUtilities.CreateInstance<CheckEligibility>(harness.Host.Services);
        var judgedAt = (await audit.ReadAsync(submitted.Id).SingleAsync(e => e.Action == "eligible")).At;
        Assert.Equal(judgedAt.AddTicks(2), told.At);
        var input = new StepInput(submitted.Id, 1, judgedAt) { RouteWhenEligible = true, Notify = true };
        Assert.True((await step.RunAsync(null!, input)).Notified);
        Assert.Single(harness.Mail.To(DemoData.Director.Email));

        // As if the first run had crashed after handing the mail to SendGrid: sent again (at least once), then recorded.
        await harness.Storage.Audit.DeleteAsync(submitted.Id, AuditTrail.RowKey("mail-s1-ApprovalRequested-0", told.At));
        Assert.True((await step.RunAsync(null!, input)).Notified);
        await EventuallyAsync(() => Task.FromResult(harness.Mail.To(DemoData.Director.Email).Count == 2), () => "the notice to be sent again");
        Assert.True((await step.RunAsync(null!, input)).Notified);
        Assert.Equal(2, harness.Mail.To(DemoData.Director.Email).Count);
        Assert.True(await audit.HasAsync(submitted.Id, "mail-s1-ApprovalRequested-0", told.At));
    }

    /// <summary>A new application submitted and put before the director, with the line that records the director was told (it follows the mail).</summary>
    static async Task<(Application Submitted, AuditEntry Told)> ApprovalRequestedAsync(WorkflowHarness harness)
    {
        var submitted = await harness.SubmitNewAsync(Researcher);
        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);
        await harness.WaitForMailAsync(DemoData.Director.Email, "承認依頼");
        var audit = new AuditTrail(harness.Storage);
        AuditEntry? told = null;
        await EventuallyAsync(async () => (told = await audit.ReadAsync(submitted.Id).SingleOrDefaultAsync(e => e.Action == "notified-approvalrequested")) is not null, () => "the notice's audit row");
        return (submitted, told!);
    }
}
