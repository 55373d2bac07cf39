using Grants.Workflows.Applications;
using Grants.Workflows.Mail;
using Grants.Workflows.People;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>
/// Mails the people a notice concerns, each message once however often the step that sends it runs: a notice of one mail is
/// recorded by its audit row alone (written after the mail), others also by a sent-mail row per mail. Before sending, the
/// audit row is read, so a rerun of a notice that finished sends nothing, unless the caller knows the notice was never sent:
/// a step whose own save the notice tells of, that just made that save (the notice goes only after it), is such a caller.
/// People and the fund come from the copies in memory (a name, an address, who approves).
/// </summary>
public sealed class NoticeSender(PeopleSnapshot people, FundStore funds, ProgramCatalog programs, BankAccountStore bankAccounts, PortalLinks links, Mailer mailer, AuditTrail audit)
{
    /// <summary>Sends the notice about <paramref name="application"/> (as the save it tells of left it); <paramref name="unsent"/>: no run before this one can have sent it. Returns how many mails it has.</summary>
    public async Task<int> SendAsync(Notice input, Application application, bool unsent)
    {
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
        if (!unsent && input.RecordedInTrail && mails.Count > 0 && await audit.HasAsync(application.Id, step, input.At))
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

    /// <summary>
    /// The notice a step sends of its own save, made at the step's time: its line two ticks after the step's, so the trail (in
    /// time order) reads the step's lines (a routing's is one tick after its judgement), then who was told.
    /// </summary>
    public static Notice Of(StepInput step, NotificationKind kind) =>
        new(step.ApplicationId, step.Submission, kind, 0, step.At.AddTicks(2)) { RecordedInTrail = true };
}
