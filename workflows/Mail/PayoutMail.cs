using Grants.Workflows.Payouts;
using Grants.Workflows.People;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Mail;

/// <summary>What a payee reads when their money is sent or comes back: the paper or purpose, the fund, the amount, what to do.</summary>
public sealed class PayoutMail(ApplicationStore applications, FundStore funds, BankAccountStore bankAccounts, PortalLinks links)
{
    public async Task<OutgoingMail> PaidAsync(Payout payout, Person payee, DateOnly transferDate, CancellationToken cancellationToken = default)
    {
        var values = await ValuesAsync(payout, payee, cancellationToken);
        values["transfer_date_ja"] = MailValues.JapaneseDate(transferDate);
        values["transfer_date_en"] = MailValues.EnglishDate(transferDate);
        return Mail(payout, payee, $"paid-{payout.BatchId}", MailTemplates.Write("PayoutPaid", values));
    }

    public async Task<OutgoingMail> ReturnedAsync(Payout payout, Person payee, PayoutReturn returned, CancellationToken cancellationToken = default)
    {
        var values = await ValuesAsync(payout, payee, cancellationToken);
        values["return_reason"] = returned.Reason;
        return Mail(payout, payee, $"returned-{returned.BatchId}", MailTemplates.Write("PayoutReturned", values));
    }

    static OutgoingMail Mail(Payout payout, Person payee, string step, WrittenMail written) =>
        new(payout.Id, step, payee.Email, payee.Name, written.Title, written.Text, written.Html);

    /// <summary>The application's values, with the money of this payout in place of the application's plan.</summary>
    async Task<Dictionary<string, object?>> ValuesAsync(Payout payout, Person payee, CancellationToken cancellationToken)
    {
        var application = (await applications.GetAsync(payout.ApplicationId, cancellationToken))?.Value;
        var fund = await funds.GetRecentFundAsync(payout.FundId, cancellationToken);
        var hasAccount = await bankAccounts.GetAsync(payee.Id, cancellationToken) is not null;
        // Money already on its way is still told about should its application's record be missing.
        var values = application is null
            ? new Dictionary<string, object?> { ["recipient"] = payee.Name, ["fund_ja"] = fund?.NameJa, ["fund_en"] = fund?.NameEn, ["links"] = links.For(payout.ApplicationId) }
            : MailValues.For(application, payee, payee, fund, hasAccount, links);
        values["amount_paid"] = payout.Amount.ToString();
        values["amounts"] = new List<Dictionary<string, object?>> { new() { ["amount"] = payout.Amount.ToString(), ["monthly"] = false } };
        values["reference"] = $"{payout.ApplicationId} / {payout.Id}";
        return values;
    }
}
