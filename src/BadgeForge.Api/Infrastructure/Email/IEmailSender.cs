namespace BadgeForge.Api.Infrastructure.Email;

/// Sends one message; features build the text, the sender only delivers it.
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken ct);
}

/// <param name="To">Recipient address.</param>
/// <param name="Subject">Subject line (both languages).</param>
/// <param name="Text">Plain-text body.</param>
/// <param name="Html">HTML body, the same content.</param>
/// <param name="Language">The body's language ("sl", "en") for the Content-Language header; null for a bilingual message.</param>
public sealed record EmailMessage(string To, string Subject, string Text, string Html, string? Language = null);
