using System.Collections.Concurrent;
using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Grants.Workflows.Orchestration;
using Grants.Workflows.Orchestration.Activities;
using Grants.Workflows.Storage;
using static Grants.Tests.Orchestration.WorkflowHarness;

namespace Grants.Tests.Mail;

/// <summary>
/// The eligibility step and the reservation send the notice of their own save themselves: a run that has just made the save
/// sends without looking for the notice's record, a rerun looks first, so each mail still goes once (at least once after a crash).
/// </summary>
[Trait("Kind", "Orchestration")]
public sealed class NoticeInStepTests
{
    [Fact]
    public async Task An_approval_sends_the_approver_and_the_applicant_one_notice_each_with_no_notice_step_of_its_own()
    {
        var runs = new ConcurrentQueue<string>();
        await using var harness = await StartAsync(tasks: Recorded(runs));
        var submitted = await harness.SubmitNewAsync(Researcher);
        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);
        await harness.WaitForMailAsync(DemoData.Director.Email, "承認依頼");

        Ok(await harness.Decisions.DecideAsync(Director, submitted.Id, new DecisionRequest("approve", null)));
        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.Approved);
        await harness.WaitForMailAsync(DemoData.Researcher.Email, "申請が承認されました");

        Assert.DoesNotContain(nameof(SendNotification), runs);
        Assert.Single(harness.Mail.To(DemoData.Director.Email), m => m.Subject.Contains("承認依頼", StringComparison.Ordinal));
        Assert.Single(harness.Mail.To(DemoData.Researcher.Email), m => m.Subject.Contains("申請が承認されました", StringComparison.Ordinal));
        var trail = await new AuditTrail(harness.Storage).ReadAsync(submitted.Id).Select(e => e.Action).ToListAsync();
        Assert.Equal(["eligible", "approval-requested", "notified-approvalrequested"], trail.Where(a => a is "eligible" or "approval-requested" or "notified-approvalrequested"));
        Assert.Equal(["approved", "notified-approved"], trail.Where(a => a is "approved" or "notified-approved"));
    }
}
