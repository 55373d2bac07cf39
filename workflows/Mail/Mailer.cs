using Grants.Workflows.Storage;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace Grants.Workflows.Mail;

/// <summary>Where mail comes from, how SendGrid is reached, and where the portal its links lead to is.</summary>
public sealed class MailOptions
{
    public string ApiKey { get; set; } = "";

    /// <summary>SendGrid's API base address; locally, the capture endpoint of the local runtime.</summary>
    public string? Host { get; set; }

    public string FromEmail { get; set; } = "grants@example.ac.jp";

    public string FromName { get; set; } = "Grants";

    /// <summary>The portal's public address (scheme and host, e.g. https://grants.example.ac.jp); every mail links to a page under it.</summary>
    public string PortalUrl { get; set; } = "http://127.0.0.1:7071";
}

/// <summary>
/// One message to one person, as plain text and as HTML. <see cref="Subject"/> (what it is about, e.g. an application)
/// and <see cref="Step"/> identify it, so it is sent once.
/// </summary>
public sealed record OutgoingMail(string Subject, string Step, string ToEmail, string ToName, string Title, string Text, string Html);

/// <summary>The mail could not be handed to SendGrid; the activity fails and the engine retries it.</summary>
public sealed class MailNotSentException(string message) : Exception(message);

/// <summary>Sends mail through the SendGrid client and records each message it sent, so a retried step does not send it again.</summary>
public sealed class Mailer(ISendGridClient client, GrantsStorage storage, MailOptions options)
{
    public async Task SendAsync(OutgoingMail mail, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var rowKey = $"{mail.Step}|{mail.ToEmail}";
        if (await storage.SentMail.GetAsync(mail.Subject, rowKey, cancellationToken) is not null)
        {
            return;
        }

        await SendUnrecordedAsync(mail, cancellationToken);
        await storage.SentMail.TryInsertAsync(mail.Subject, rowKey, new SentMail(mail.ToEmail, mail.Title, at), cancellationToken);
    }

    /// <summary>Hands the mail to SendGrid and records nothing: for a caller whose own last write says the mail went (a notice's audit row).</summary>
    public async Task SendUnrecordedAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        // Plain text first, HTML second (multipart/alternative): a reader that cannot show HTML reads the text.
        var message = MailHelper.CreateSingleEmail(
            new EmailAddress(options.FromEmail, options.FromName),
            new EmailAddress(mail.ToEmail, mail.ToName),
            mail.Title,
            mail.Text,
            mail.Html);
        message.AddCustomArg("grants-subject", mail.Subject);
        message.AddCustomArg("grants-step", mail.Step);
        var response = await client.SendEmailAsync(message, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new MailNotSentException($"SendGrid answered {(int)response.StatusCode} for {mail.Subject}/{mail.Step}.");
        }
    }
}
