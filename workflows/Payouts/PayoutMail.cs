using System.Globalization;
using System.Text;
using Grants.Workflows.Mail;
using Grants.Workflows.People;

namespace Grants.Workflows.Payouts;

/// <summary>What a payee reads when their money is sent or comes back (Japanese first, then English).</summary>
public static class PayoutMail
{
    public static OutgoingMail Paid(Payout payout, Person payee, DateOnly transferDate) => new(
        payout.Id,
        $"paid-{payout.BatchId}",
        payee.Email,
        payee.Name,
        $"[Grants] 振込のお知らせ / Payment sent ({payout.ApplicationId})",
        Body(
            $"{transferDate:yyyy年M月d日}に {payout.Amount} を登録口座へ振り込みました。",
            $"{payout.Amount} was transferred to your registered bank account on {transferDate.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}.",
            payout));

    public static OutgoingMail Returned(Payout payout, Person payee, PayoutReturn returned) => new(
        payout.Id,
        $"returned-{returned.BatchId}",
        payee.Email,
        payee.Name,
        $"[Grants] 振込ができませんでした / Transfer returned by the bank ({payout.ApplicationId})",
        Body(
            $"銀行から振込が返却されました（理由: {returned.Reason}）。登録口座をご確認のうえ、必要なら更新してください。次回の振込で再度お支払いします。",
            $"The bank returned the transfer (reason: {returned.Reason}). Please check your registered bank account and update it if needed; the payment will be sent again with the next batch.",
            payout));

    static string Body(string ja, string en, Payout payout)
    {
        var text = new StringBuilder();
        text.AppendLine(ja).AppendLine();
        text.AppendLine(en).AppendLine();
        text.AppendLine($"申請 / Application: {payout.ApplicationId}");
        text.AppendLine($"支払 / Payout: {payout.Id}");
        text.AppendLine($"金額 / Amount: {payout.Amount}");
        return text.ToString();
    }
}
