using Grants.Workflows.Applications;
using Grants.Workflows.BankAccounts;
using Grants.Workflows.Demo;
using Grants.Workflows.People;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Grants.Tests.Orchestration.WorkflowHarness;
using static Grants.Tests.Programs.ProgramHarness;

namespace Grants.Tests.Mail;

/// <summary>
/// What people read, as the real SendGrid client sends it: a plain-text part and an HTML part, each Japanese first,
/// then English, with people, papers and funds by name, what to do next, and a link to the exact page of the portal
/// built from the portal's public address; values are escaped in the HTML.
/// </summary>
[Trait("Kind", "Orchestration")]
public sealed class MailContentTests
{
    const string HostileTitle = "<script>alert('x')</script> 界面磁性の歪み制御";

    [Fact]
    public async Task The_approval_mail_is_text_and_html_in_both_languages_and_says_to_register_a_bank_account_when_none_is()
    {
        await using var harness = await StartAsync();
        var submitted = await harness.SubmitNewAsync(Researcher, Draft(title: HostileTitle));
        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);
        Ok(await harness.Decisions.DecideAsync(Director, submitted.Id, new DecisionRequest("approve", "重要な成果です。<b>")));
        var mail = await harness.WaitForMailAsync(DemoData.Researcher.Email, "申請が承認されました");

        Assert.Equal(["text/plain", "text/html"], mail.Parts.Select(p => p.Type));
        Assert.Contains(HostileTitle, mail.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain(submitted.Id, mail.Subject, StringComparison.Ordinal);
        // The HTML's <title> names both languages; what is read starts at <body>.
        var html = mail.Html!;
        foreach (var part in new[] { mail.Body, html[html.IndexOf("<body", StringComparison.Ordinal)..] })
        {
            var japanese = part.IndexOf("承認されました。", StringComparison.Ordinal);
            var english = part.IndexOf("Your application was approved", StringComparison.Ordinal);
            Assert.True(japanese >= 0 && english > japanese, "Japanese first, then English:\n" + part);
            Assert.Contains("振込先の口座が登録されていません。お支払いを受けるには、振込先口座を登録してください。", part, StringComparison.Ordinal);
            Assert.Contains("register a bank account to be paid", part, StringComparison.Ordinal);
            Assert.Contains($"{PortalUrl}/#/bank-account", part, StringComparison.Ordinal);
            Assert.Contains($"{PortalUrl}/#/applications/{submitted.Id}", part, StringComparison.Ordinal);
            Assert.Contains("¥80,000", part, StringComparison.Ordinal);
            Assert.Contains(DemoData.Researcher.Name, part, StringComparison.Ordinal);
            Assert.DoesNotContain(DemoData.Researcher.Email, part, StringComparison.Ordinal);
            Assert.Contains("所長裁量経費", part, StringComparison.Ordinal);
        }

        // The plain text says the title as it is; the HTML escapes it and the comment, and runs no script.
        Assert.Contains(HostileTitle, mail.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", mail.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", mail.Html, StringComparison.Ordinal);
        Assert.Contains("重要な成果です。&lt;b&gt;", mail.Html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{PortalUrl}/#/bank-account\"", mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_bank_account_registered_the_approval_mail_says_nothing_is_needed_and_links_to_the_payments()
    {
        await using var harness = await StartAsync();
        await harness.Host.Services.GetRequiredService<BankAccountStore>().SaveAsync(
            new PayeeBankAccount(DemoData.Researcher.Id, new BankAccount("0001", "100", "ordinary", "1234567", "タナカ ハナコ"), DateTimeOffset.UtcNow, "test"));
        var submitted = await harness.SubmitNewAsync(Researcher);
        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);
        Ok(await harness.Decisions.DecideAsync(Director, submitted.Id, new DecisionRequest("approve", null)));
        var mail = await harness.WaitForMailAsync(DemoData.Researcher.Email, "申請が承認されました");

        Assert.DoesNotContain("register a bank account", mail.Body, StringComparison.Ordinal);
        Assert.Contains("the money is sent to your registered bank account", mail.Body, StringComparison.Ordinal);
        Assert.Contains($"{PortalUrl}/#/payouts/mine", mail.Body, StringComparison.Ordinal);
        Assert.Contains($"{PortalUrl}/#/payouts/mine", mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Monthly_support_mails_say_the_amount_of_the_first_payout_and_the_endorser_is_asked_by_name_with_a_link()
    {
        await using var harness = await StartAsync();
        var submitted = await harness.SubmitWithAsync(InternationalStudent, InternationalDraft(months: 2), DocumentKind.Nomination, DocumentKind.AdmissionPapers);
        var request = await harness.WaitForMailAsync(DemoData.Supervisor.Email, "推薦のお願い");
        Assert.Contains($"{DemoData.InternationalStudent.Name} さんがあなたを推薦者として申請しました。", request.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoData.InternationalStudent.Email, request.Body, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{PortalUrl}/#/applications/{submitted.Id}\"", request.Html, StringComparison.Ordinal);
        Assert.Contains(">Endorse</a>", request.Html, StringComparison.Ordinal);

        Ok(await harness.Endorsements.EndorseAsync(Supervisor, submitted.Id, new EndorsementRequest("endorse", "推薦します。")));
        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);
        Ok(await harness.Decisions.DecideAsync(Director, submitted.Id, new DecisionRequest("approve", null)));
        var first = await harness.WaitForPayoutAsync(submitted.Id, 1);

        var approved = await harness.WaitForMailAsync(DemoData.InternationalStudent.Email, "申請が承認されました");
        Assert.Contains($"毎月 {first.Amount} をお支払いします", approved.Body, StringComparison.Ordinal);
        Assert.Contains($"{first.Amount} will be paid for the first month", approved.Body, StringComparison.Ordinal);
        var month1 = await harness.WaitForMailAsync(DemoData.InternationalStudent.Email, "1か月目の支援");
        Assert.Contains($"1か月目の支給 {first.Amount} を手配しました。", month1.Body, StringComparison.Ordinal);
        Assert.Contains($"The payout for month 1, {first.Amount}, has been created.", month1.Html, StringComparison.Ordinal);
    }
}
