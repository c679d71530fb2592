namespace BadgeForge.Api.Infrastructure;

public static class EmailAddress
{
    /// Trimmed and lower-cased: the one form stored and compared, so "Ana@Example.org" and "ana@example.org" are one account.
    public static string Normalise(string email) => email.Trim().ToLowerInvariant();
}
