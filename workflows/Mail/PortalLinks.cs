namespace Grants.Workflows.Mail;

/// <summary>
/// The pages of the portal a mail leads to, by the portal's hash routes (portal/js: <c>#/applications/{id}</c>,
/// <c>#/bank-account</c>, <c>#/payouts/mine</c>), under the portal's public address.
/// </summary>
public sealed class PortalLinks(MailOptions options)
{
    string Root => options.PortalUrl.TrimEnd('/');

    /// <summary>The application's own page: its status, what it needs, endorsing, deciding and reporting on it.</summary>
    public string Application(string applicationId) => $"{Root}/#/applications/{Uri.EscapeDataString(applicationId)}";

    /// <summary>Where a payee registers or changes the bank account money is sent to.</summary>
    public string BankAccount => Root + "/#/bank-account";

    /// <summary>The payee's payouts and their status.</summary>
    public string MyPayouts => Root + "/#/payouts/mine";

    /// <summary>The links as a template reads them (<c>links.application</c>, <c>links.bank_account</c>, <c>links.payouts</c>).</summary>
    public Dictionary<string, object?> For(string applicationId) => new()
    {
        ["application"] = Application(applicationId),
        ["bank_account"] = BankAccount,
        ["payouts"] = MyPayouts,
    };
}
