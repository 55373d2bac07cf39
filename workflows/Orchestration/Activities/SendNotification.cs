using Grants.Workflows.Mail;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>
/// Mails the people a notice concerns; each message is sent once even when this activity runs again. People and the fund
/// are read through the short-lived caches (a name, an address, who approves), the application itself fresh.
/// </summary>
public sealed class SendNotification(ApplicationStore applications, PeopleDirectory people, FundStore funds, ProgramCatalog programs, BankAccountStore bankAccounts, PortalLinks links, Mailer mailer, AuditTrail audit)
    : TaskActivity<Notice, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, Notice input)
    {
        var application = await applications.RequireAsync(input.ApplicationId);
        var applicant = await people.FindRecentAsync(application.ApplicantId)
            ?? throw new InvalidOperationException($"{application.ApplicantId} is not in the directory.");
        var fundId = application.FundId;
        if (fundId is null && await programs.FindAsync(application.ProgramId, application.ProgramVersion) is { } program)
        {
            fundId = program.FundFor(application.Paper.JointUseResearch);
        }

        var fund = fundId is null ? null : await funds.GetRecentFundAsync(fundId);
        var approver = fund is null ? null : await people.FindRecentAsync(fund.ApproverId);
        var escalation = fund is null ? null : await people.FindRecentAsync(fund.EscalationContactId);

        var endorser = application.EndorserId is null ? null : await people.FindRecentAsync(application.EndorserId);
        var hasAccount = Notifications.TellsOfBankAccount(input.Kind) && await bankAccounts.GetAsync(applicant.Id) is not null;
        var mails = Notifications.Compose(input, application, new Notifications.Audience(applicant, approver, escalation, endorser), new Notifications.Facts(fund, hasAccount, links));
        foreach (var mail in mails)
        {
            await mailer.SendAsync(mail, input.At);
        }

        // Reminders and escalations are part of the application's history, with who was told, by name (the timeline is read by people).
        await audit.AppendAsync(application.Id, $"mail-s{input.Submission}-{input.Kind}-{input.Sequence}", new AuditEntry(
            input.At, "system", $"notified-{input.Kind}".ToLowerInvariant(), string.Join(", ", mails.Select(m => m.ToName.Length > 0 ? m.ToName : m.ToEmail))));

        return mails.Count;
    }
}
