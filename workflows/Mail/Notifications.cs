using System.Text;
using Grants.Workflows.Applications;
using Grants.Workflows.Orchestration;
using Grants.Workflows.People;

namespace Grants.Workflows.Mail;

/// <summary>Who hears about each moment of an application, and what they read (Japanese first, then English).</summary>
public static class Notifications
{
    /// <summary>The people a notice may go to, resolved from the directory.</summary>
    public sealed record Audience(Person Applicant, Person? Approver, Person? EscalationContact);

    public static IReadOnlyList<OutgoingMail> Compose(Notice notice, Application application, Audience audience)
    {
        var step = $"s{notice.Submission}-{notice.Kind}-{notice.Sequence}";
        OutgoingMail To(Person person, string titleJa, string titleEn, string bodyJa, string bodyEn) =>
            new(application.Id, step, person.Email, person.Name, $"[Grants] {titleJa} / {titleEn} ({application.Id})", Body(application, bodyJa, bodyEn));

        var applicant = audience.Applicant;
        var approvers = audience.Approver is null ? [] : new[] { audience.Approver };
        var comment = application.Decision?.Comment ?? "";
        return notice.Kind switch
        {
            NotificationKind.Ineligible =>
            [
                To(applicant, "申請は要件を満たしていません", "Your application is not eligible",
                    "以下の理由により、申請は受け付けられませんでした。", "Your application was not accepted, for these reasons:\n" + string.Join("\n", (application.EligibilityReasons ?? []).Select(r => "- " + r.Message))),
            ],
            NotificationKind.ApprovalRequested => [.. approvers.Select(a => To(a, "承認依頼", "Approval requested",
                $"{applicant.Name} さんの申請が承認を待っています。", $"An application by {applicant.Name} awaits your approval."))],
            NotificationKind.ApprovalReminder => [.. approvers.Select(a => To(a, $"承認のお願い（{notice.Sequence}回目）", $"Reminder {notice.Sequence}: approval pending",
                "承認待ちの申請があります。", "An application is still waiting for your decision."))],
            NotificationKind.Escalated =>
            [
                .. new[] { audience.EscalationContact }.Concat(approvers).OfType<Person>().Select(p => To(p, "承認期限超過", "Approval overdue",
                    "承認期限を過ぎた申請があります。", "An application has waited past its approval deadline and is escalated.")),
            ],
            NotificationKind.BudgetInsufficient => [.. approvers.Select(a => To(a, "予算残額不足", "Not enough budget left",
                "予算残額が不足しているため承認を反映できませんでした。", "The approval could not be recorded: the fund does not have enough budget left. Reject or return the application, or add budget and approve again."))],
            NotificationKind.Approved => [To(applicant, "申請が承認されました", "Your application was approved",
                $"承認されました。{comment}", $"Your application was approved; {application.Total} will be paid. {comment}")],
            NotificationKind.Rejected => [To(applicant, "申請は不採択となりました", "Your application was not approved",
                $"不採択となりました。{comment}", $"Your application was not approved. {comment}")],
            NotificationKind.Returned => [To(applicant, "申請の修正をお願いします", "Please revise your application",
                $"修正のうえ再提出してください。{comment}", $"Your application was returned for changes. Revise it and submit it again. {comment}")],
            NotificationKind.Withdrawn => [To(applicant, "申請を取り下げました", "Application withdrawn",
                "申請の取り下げを受け付けました。", "Your application has been withdrawn.")],
            _ => [],
        };
    }

    static string Body(Application application, string ja, string en)
    {
        var text = new StringBuilder();
        text.AppendLine(ja).AppendLine();
        text.AppendLine(en).AppendLine();
        text.AppendLine($"申請 / Application: {application.Id}");
        text.AppendLine($"論文 / Paper: {application.Paper.Title}");
        text.AppendLine($"金額 / Amount: {application.Total}");
        return text.ToString();
    }
}
