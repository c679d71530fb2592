using System.ComponentModel.DataAnnotations;

namespace BadgeForge.Api.Infrastructure.Email;

/// <summary>
/// The "Email" section. Without a <see cref="Host"/> no SMTP server is used: each message is written as an .eml
/// file to <see cref="PickupDirectory"/>, so a first run and the tests need no mail server and nothing is lost.
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// SMTP server; empty means "write .eml files to the pick-up folder".
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// How the connection is secured: Auto, None, StartTls, StartTlsWhenAvailable or SslOnConnect.
    public MailSecurity Security { get; set; } = MailSecurity.StartTls;

    public string? Username { get; set; }
    public string? Password { get; set; }

    [Required, EmailAddress, MaxLength(320)]
    public string FromAddress { get; set; } = "badgeforge@localhost";

    [Required, MaxLength(200)]
    public string FromName { get; set; } = "BadgeForge";

    /// Folder for .eml files when no host is set; relative paths are under the content root.
    [Required]
    public string PickupDirectory { get; set; } = Path.Combine("data", "mail");
}

/// Mirrors MailKit's SecureSocketOptions, so configuration does not depend on MailKit's names staying the same.
public enum MailSecurity
{
    Auto,
    None,
    StartTls,
    StartTlsWhenAvailable,
    SslOnConnect,
}
