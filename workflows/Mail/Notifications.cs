using System.Text;
using Grants.Workflows.Applications;
using Grants.Workflows.Orchestration;
using Grants.Workflows.People;

namespace Grants.Workflows.Mail;

/// <summary>Who hears about each moment of an application, and what they read (Japanese first, then English).</summary>
public static class Notifications
{
    /// <summary>The people a notice may go to, resolved from the directory.</summary>
    public sealed record Audience(Person Applicant, Person? Approver, Person? EscalationContact, Person? Endorser = null);

    public static IReadOnlyList<OutgoingMail> Compose(Notice notice, Application application, Audience audience)
    {
        var step = $"s{notice.Submission}-{notice.Kind}-{notice.Sequence}";
        OutgoingMail To(Person person, string titleJa, string titleEn, string bodyJa, string bodyEn) =>
            new(application.Id, step, person.Email, person.Name, $"[Grants] {titleJa} / {titleEn} ({application.Id})", Body(application, bodyJa, bodyEn));

        var applicant = audience.Applicant;
        var approvers = audience.Approver is null ? [] : new[] { audience.Approver };
        var comment = application.Decision?.Comment ?? "";
        var endorsers = audience.Endorser is null ? [] : new[] { audience.Endorser };
        return notice.Kind switch
        {
            NotificationKind.Ineligible =>
            [
                To(applicant, "申請は要件を満たしていません", "Your application is not eligible",
                    "以下の理由により、申請は受け付けられませんでした。\n" + string.Join("\n", (application.EligibilityReasons ?? []).Select(r => "・" + (r.MessageJa ?? r.Message))),
                    "Your application was not accepted, for these reasons:\n" + string.Join("\n", (application.EligibilityReasons ?? []).Select(r => "- " + r.Message))),
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
            NotificationKind.OverCap => [.. approvers.Select(a => To(a, "上限超過", "Over the program's cap",
                $"上限を超えるため承認を反映できませんでした。{notice.ReasonJa}\n却下または差し戻しをお願いします。",
                $"The approval could not be recorded: {notice.Reason} Reject or return the application."))],
            NotificationKind.Approved => [To(applicant, "申請が承認されました", "Your application was approved",
                $"承認されました。{comment}", $"Your application was approved; {application.Total} will be paid. {comment}")],
            NotificationKind.Rejected => [To(applicant, "申請は不採択となりました", "Your application was not approved",
                $"不採択となりました。{comment}", $"Your application was not approved. {comment}")],
            NotificationKind.Returned => [To(applicant, "申請の修正をお願いします", "Please revise your application",
                $"修正のうえ再提出してください。{comment}", $"Your application was returned for changes. Revise it and submit it again. {comment}")],
            NotificationKind.Withdrawn => [To(applicant, "申請を取り下げました", "Application withdrawn",
                "申請の取り下げを受け付けました。", "Your application has been withdrawn.")],
            NotificationKind.EndorsementRequested => [.. endorsers.Select(e => To(e, notice.Sequence == 0 ? "推薦のお願い" : $"推薦のお願い（再送{notice.Sequence}）", "Endorsement requested",
                $"{applicant.Name} さんがあなたを推薦者として申請しました。推薦または辞退をお願いします。", $"{applicant.Name} named you to endorse this application. Please endorse or decline it."))],
            NotificationKind.EndorsementDeclined => [To(applicant, "推薦が得られませんでした", "Endorsement declined",
                "推薦者が推薦を辞退しました。内容を見直して再提出できます。", "Your endorser declined. You can revise the application and submit it again.")],
            NotificationKind.MonthlyPayout => [To(applicant, $"{notice.Sequence}か月目の支援", $"Month {notice.Sequence} of your support",
                $"{notice.Sequence}か月目の支給を手配しました。", $"The payout for month {notice.Sequence} has been created.")],
            NotificationKind.ArrivalRecorded => [.. new[] { applicant }.Concat(approvers).Select(p => To(p, "来日を記録しました", "Arrival recorded",
                $"来日日 {application.ArrivedOn:yyyy-MM-dd} を記録しました。以後は来日後の支援額になります。", $"Arrival on {application.ArrivedOn:yyyy-MM-dd} is recorded; support continues at the post-arrival rate."))],
            NotificationKind.ExtensionApproved => [.. new[] { applicant }.Concat(endorsers).Select(p => To(p, "支援期間の延長", "Support extended",
                $"支援期間が延長されました（合計 {notice.Sequence} か月）。", $"Your support has been extended to {notice.Sequence} months in all."))],
            NotificationKind.ReportReminder => [To(applicant, "論文掲載の報告のお願い", "Please report your published paper",
                "掲載された論文のDOIをご報告ください。", "Please report the DOI of your published paper.")],
            NotificationKind.ReportOverdue => [To(applicant, "論文掲載の報告期限を過ぎています", "Paper report overdue",
                "報告期限を過ぎました。遅れての報告も受け付けます。", "The report is past its due date. A late report is still welcome.")],
            NotificationKind.ReportReceived => [To(applicant, "ご報告ありがとうございました", "Report received",
                "ご報告を受け付けました。", "Thank you: your report has been recorded.")],
            NotificationKind.SupportEnded => [.. new[] { applicant }.Concat(endorsers).Select(p => To(p, "支援が終了しました", "Support ended",
                $"支援が終了しました（{application.PaidMonths} か月）。", $"The monthly support has ended after {application.PaidMonths} months."))],
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
