using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace BadgeForge.Api.Infrastructure.Email;

/// <summary>
/// Delivers mail through SMTP (MailKit) when <see cref="EmailOptions.Host"/> is set, otherwise writes each message as
/// an .eml file (RFC 5322, as MimeKit writes it) into the pick-up folder, where a mail client or a test can read it.
/// </summary>
public sealed class MailKitEmailSender(IOptions<EmailOptions> options, IHostEnvironment environment, ILogger<MailKitEmailSender> logger)
    : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        var settings = options.Value;
        using var mime = Build(message, settings);
        if (string.IsNullOrWhiteSpace(settings.Host))
        {
            var folder = PickupFolder(settings, environment);
            Directory.CreateDirectory(folder);
            // Time first so a folder listing reads in sending order; the GUID keeps parallel messages apart.
            var path = Path.Combine(folder, $"{DateTime.UtcNow:yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}.eml");
            await using (var file = File.Create(path))
            {
                await mime.WriteToAsync(file, ct);
            }
            // Neither the body (sign-in links) nor the address (personal data) reaches the log.
            logger.LogInformation("Mail ({Subject}) written to {Path}", message.Subject, path);
            return;
        }

        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(settings.Host, settings.Port, ToMailKit(settings.Security), ct);
        if (!string.IsNullOrEmpty(settings.Username))
        {
            await smtp.AuthenticateAsync(settings.Username, settings.Password ?? "", ct);
        }
        await smtp.SendAsync(mime, ct);
        await smtp.DisconnectAsync(quit: true, ct);
        logger.LogInformation("Mail ({Subject}) sent through {Host}", message.Subject, settings.Host);
    }

    /// The absolute pick-up folder: relative paths are under the content root, like the SQLite database.
    public static string PickupFolder(EmailOptions settings, IHostEnvironment environment) =>
        Path.GetFullPath(settings.PickupDirectory, environment.ContentRootPath);

    private static MimeMessage Build(EmailMessage message, EmailOptions settings)
    {
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(settings.FromName, settings.FromAddress));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        mime.Body = new BodyBuilder { TextBody = message.Text, HtmlBody = message.Html }.ToMessageBody();
        if (message.Language is { } language)
        {
            // A Content-* header belongs to the top-level entity (RFC 2045); it is written in the message header block.
            mime.Body.Headers.Add(HeaderId.ContentLanguage, language);
        }
        return mime;
    }

    private static SecureSocketOptions ToMailKit(MailSecurity security) => security switch
    {
        MailSecurity.None => SecureSocketOptions.None,
        MailSecurity.StartTls => SecureSocketOptions.StartTls,
        MailSecurity.StartTlsWhenAvailable => SecureSocketOptions.StartTlsWhenAvailable,
        MailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}
