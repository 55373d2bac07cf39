using Grants.Workflows.Applications;
using Grants.Workflows.Funds;
using Grants.Workflows.Orchestration;
using Grants.Workflows.People;

namespace Grants.Workflows.Mail;

/// <summary>
/// Who hears about each moment of an application. What they read is the template named after the moment
/// (Mail/Templates/{kind}.liquid): what happened, what to do next and a link to the page to do it.
/// </summary>
public static class Notifications
{
    /// <summary>The people a notice may go to, resolved from the directory.</summary>
    public sealed record Audience(Person Applicant, Person? Approver, Person? EscalationContact, Person? Endorser = null);

    /// <summary>What the mail says beyond the application itself: its fund, whether the applicant can be paid yet, the portal's links.</summary>
    public sealed record Facts(Fund? Fund, bool ApplicantHasBankAccount, PortalLinks Links);

    /// <summary>Whether the notice's mail says if the applicant's bank account is registered (Approved.liquid, MonthlyPayout.liquid); others need not look it up.</summary>
    public static bool TellsOfBankAccount(NotificationKind kind) => kind is NotificationKind.Approved or NotificationKind.MonthlyPayout;

    public static IReadOnlyList<OutgoingMail> Compose(Notice notice, Application application, Audience audience, Facts facts)
    {
        var kind = notice.Kind.ToString();
        if (!MailTemplates.Has(kind))
        {
            return [];
        }

        var step = $"s{notice.Submission}-{notice.Kind}-{notice.Sequence}";
        return [.. Recipients(notice.Kind, audience).Distinct().Select(person =>
        {
            var values = MailValues.For(application, audience.Applicant, person, facts.Fund, facts.ApplicantHasBankAccount, facts.Links);
            values["sequence"] = notice.Sequence;
            values["month_amount"] = MailValues.AmountForMonth(application, Math.Max(notice.Sequence, 1)).ToString();
            values["reasons"] = (application.EligibilityReasons ?? []).Select(r => new Dictionary<string, object?> { ["ja"] = r.MessageJa ?? r.Message, ["en"] = r.Message }).ToList();
            values["reason_ja"] = notice.ReasonJa;
            values["reason_en"] = notice.Reason;
            var written = MailTemplates.Write(kind, values);
            return new OutgoingMail(application.Id, step, person.Email, person.Name, written.Title, written.Text, written.Html);
        })];
    }

    static IEnumerable<Person> Recipients(NotificationKind kind, Audience audience)
    {
        var applicant = new[] { audience.Applicant };
        var approvers = new[] { audience.Approver }.OfType<Person>();
        var endorsers = new[] { audience.Endorser }.OfType<Person>();
        return kind switch
        {
            NotificationKind.ApprovalRequested or NotificationKind.ApprovalReminder or NotificationKind.BudgetInsufficient or NotificationKind.OverCap => approvers,
            NotificationKind.Escalated => new[] { audience.EscalationContact }.OfType<Person>().Concat(approvers),
            NotificationKind.EndorsementRequested => endorsers,
            NotificationKind.ArrivalRecorded => applicant.Concat(approvers),
            NotificationKind.ExtensionApproved or NotificationKind.SupportEnded => applicant.Concat(endorsers),
            _ => applicant,
        };
    }
}
