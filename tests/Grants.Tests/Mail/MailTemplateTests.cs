using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Grants.Workflows.Mail;
using Grants.Workflows.Money;
using Grants.Workflows.Orchestration;
using Grants.Workflows.Programs;

namespace Grants.Tests.Mail;

/// <summary>Every moment that is mailed has its template, and each writes a subject, text and HTML in both languages.</summary>
[Trait("Kind", "Unit")]
public sealed class MailTemplateTests
{
    public static TheoryData<NotificationKind> Kinds => [.. Enum.GetValues<NotificationKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_mailed_moment_writes_both_languages_with_a_link_and_a_subject(NotificationKind kind)
    {
        var mails = Compose(kind, hasBankAccount: false);

        // Asking for an extension is answered in the portal, not by mail.
        if (kind == NotificationKind.ExtensionRequested)
        {
            Assert.Empty(mails);
            return;
        }

        Assert.NotEmpty(mails);
        Assert.All(mails, mail =>
        {
            Assert.Matches(@"^\[Grants\] \S.* / \S.* — Strain & <magnetism>$", mail.Title);
            Assert.Contains("https://p.test/#/", mail.Text, StringComparison.Ordinal);
            Assert.Contains("<a href=\"https://p.test/#/", mail.Html, StringComparison.Ordinal);
            Assert.Contains("Strain &amp; &lt;magnetism&gt;", mail.Html, StringComparison.Ordinal);
            Assert.True(mail.Text.IndexOf(" 様", StringComparison.Ordinal) < mail.Text.IndexOf("Dear ", StringComparison.Ordinal));
        });
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Only_the_moments_that_tell_of_the_bank_account_read_differently_with_one(NotificationKind kind)
    {
        string Text(bool hasAccount) => string.Join("\n", Compose(kind, hasAccount).Select(m => m.Text + m.Html));

        // SendNotification looks the account up only for these moments; for any other the answer must not matter.
        Assert.Equal(Notifications.TellsOfBankAccount(kind), Text(true) != Text(false));
    }

    static IReadOnlyList<OutgoingMail> Compose(NotificationKind kind, bool hasBankAccount)
    {
        var now = DateTimeOffset.UtcNow;
        var application = new Application(
            "APP-TEMPLATE", DemoData.Researcher.Id, DemoData.ImaGaTaisetsu, 1, new Paper("Strain & <magnetism>", "PRM", false),
            [new ExpenseLine(ExpenseKind.SubmissionFee, new Yen(80_000), "fee")], [], ApplicationStatus.Approved, 1, now, now);
        var notice = new Notice(application.Id, 1, kind, 1, now) { Reason = "over the cap.", ReasonJa = "上限を超えます。" };
        var audience = new Notifications.Audience(DemoData.Researcher, DemoData.Director, DemoData.Admin, DemoData.Supervisor);
        return Notifications.Compose(notice, application, audience, new Notifications.Facts(DemoData.DirectorDiscretionary, hasBankAccount, new PortalLinks(new MailOptions { PortalUrl = "https://p.test/" })));
    }
}
