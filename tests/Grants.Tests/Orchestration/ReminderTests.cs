using Grants.Tests.Infrastructure;
using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using static Grants.Tests.Orchestration.WorkflowHarness;

namespace Grants.Tests.Orchestration;

/// <summary>Durable timers while the director has not decided: reminders to the approver, then escalation.</summary>
[Trait("Kind", "Orchestration")]
public sealed class ReminderTests
{
    [Fact]
    public async Task The_director_is_reminded_while_the_application_waits()
    {
        await using var harness = await StartAsync(new WorkflowOptions { ReminderEvery = TimeSpan.FromSeconds(2), EscalateAfter = TimeSpan.FromHours(1) });
        var submitted = await harness.SubmitNewAsync(Researcher);

        var reminder = await MailInJapaneseAsync(harness, DemoData.Director.Email, "Reminder 1", "承認のお願い（1回目）", "承認待ちの申請があります。");
        Assert.Contains(submitted.Id, reminder.Subject, StringComparison.Ordinal);
        Assert.Equal(ApplicationStatus.AwaitingApproval, (await harness.Applications.GetAsync(submitted.Id))!.Value.Status);

        Ok(await harness.Decisions.DecideAsync(Director, submitted.Id, new DecisionRequest("approve", null)));

        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.Approved);
        Assert.Empty(harness.Mail.To(DemoData.Admin.Email));
        var reminders = harness.Mail.To(DemoData.Director.Email).Where(m => m.Subject.Contains("Reminder", StringComparison.Ordinal)).Select(m => m.Subject).ToList();
        Assert.Equal(reminders.Distinct().Count(), reminders.Count);
    }

    [Fact]
    public async Task An_overdue_approval_is_escalated_to_the_fund_escalation_contact()
    {
        await using var harness = await StartAsync(new WorkflowOptions { ReminderEvery = TimeSpan.FromHours(1), EscalateAfter = TimeSpan.FromSeconds(2) });
        var submitted = await harness.SubmitNewAsync(Researcher);

        await MailInJapaneseAsync(harness, DemoData.Admin.Email, "Approval overdue", "承認期限超過", "承認期限を過ぎた申請があります。");
        await harness.WaitForMailAsync(DemoData.Director.Email, "Approval overdue");
        Assert.Equal(ApplicationStatus.AwaitingApproval, (await harness.Applications.GetAsync(submitted.Id))!.Value.Status);

        Ok(await harness.Decisions.DecideAsync(Director, submitted.Id, new DecisionRequest("reject", "期限切れのため不採択とします。")));

        Assert.Equal(ApplicationStatus.Rejected, await harness.WaitForCompletionAsync(Application.InstanceIdFor(submitted.Id, 1)));
        Assert.Single(harness.Mail.To(DemoData.Admin.Email));
        Assert.DoesNotContain(harness.Mail.To(DemoData.Director.Email), m => m.Subject.Contains("Reminder", StringComparison.Ordinal));
    }

    /// <summary>Waits for the mail to <paramref name="to"/> whose subject has <paramref name="subject"/>, and checks its Japanese subject and body.</summary>
    static async Task<SentMessage> MailInJapaneseAsync(WorkflowHarness harness, string to, string subject, string japaneseSubject, string japaneseBody)
    {
        var mail = await harness.WaitForMailAsync(to, subject);
        Assert.Contains(japaneseSubject, mail.Subject, StringComparison.Ordinal);
        Assert.Contains(japaneseBody, mail.Body, StringComparison.Ordinal);
        return mail;
    }
}
