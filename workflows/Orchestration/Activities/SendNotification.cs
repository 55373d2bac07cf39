using Grants.Workflows.Mail;
using Grants.Workflows.People;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>
/// Mails the people a notice concerns; each message is sent once even when this activity runs again: a notice of one mail is
/// recorded by its audit row alone (one read before, one write after), others also by a sent-mail row per mail. People and the fund
/// come from the copies in memory (a name, an address, who approves); the application as the step before saved it in this
/// process when the notice tells of that save (<see cref="Notice.SavedAt"/>), else fresh.
/// </summary>
public sealed class SendNotification(ApplicationStore applications, PeopleSnapshot people, FundStore funds, ProgramCatalog programs, BankAccountStore bankAccounts, PortalLinks links, Mailer mailer, AuditTrail audit)
    : TaskActivity<Notice, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, Notice input)
    {
        var application = await applications.RequireSavedAsync(input);
        var applicant = await people.FindAsync(application.ApplicantId)
            ?? throw new InvalidOperationException($"{application.ApplicantId} is not in the directory.");
        var fundId = application.FundId;
        if (fundId is null && await programs.FindAsync(application.ProgramId, application.ProgramVersion) is { } program)
        {
            fundId = program.FundFor(application.Paper.JointUseResearch);
        }

        var fund = fundId is null ? null : await funds.GetRecentFundAsync(fundId);
        var approver = fund is null ? null : await people.FindAsync(fund.ApproverId);
        var escalation = fund is null ? null : await people.FindAsync(fund.EscalationContactId);

        var endorser = application.EndorserId is null ? null : await people.FindAsync(application.EndorserId);
        var hasAccount = Notifications.TellsOfBankAccount(input.Kind) && await bankAccounts.GetAsync(applicant.Id) is not null;
        var mails = Notifications.Compose(input, application, new Notifications.Audience(applicant, approver, escalation, endorser), new Notifications.Facts(fund, hasAccount, links));

        // Reminders and escalations are part of the application's history, with who was told, by name (the timeline is read by people).
        var step = $"mail-s{input.Submission}-{input.Kind}-{input.Sequence}";
        var told = new AuditEntry(input.At, "system", $"notified-{input.Kind}".ToLowerInvariant(), string.Join(", ", mails.Select(m => m.ToName.Length > 0 ? m.ToName : m.ToEmail)));
        if (input.RecordedInTrail && mails.Count > 0 && await audit.HasAsync(application.Id, step, input.At))
        {
            // A rerun of a notice that finished: its audit row is written once every mail went.
            return mails.Count;
        }

        if (input.RecordedInTrail && mails.Count == 1)
        {
            // One mail: the audit row written next is its only record, so it needs no sent-mail row of its own.
            await mailer.SendUnrecordedAsync(mails[0]);
        }
        else
        {
            foreach (var mail in mails)
            {
                await mailer.SendAsync(mail, input.At);
            }
        }

        await audit.AppendAsync(application.Id, step, told);
        return mails.Count;
    }
}
