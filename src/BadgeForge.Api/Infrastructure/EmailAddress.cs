using System.ComponentModel.DataAnnotations;
using BadgeForge.Core.OpenBadges;

namespace BadgeForge.Api.Infrastructure;

public static class EmailAddress
{
    /// Trimmed and lower-cased: the one form stored and compared, so "Ana@Example.org" and "ana@example.org" are one account.
    public static string Normalise(string email) => email.Trim().ToLowerInvariant();
}

/// <summary>
/// An e-mail address by the rule Open Badges recipients need (Core's <see cref="RecipientIdentity.TryNormalizeEmail"/>),
/// so an address the API accepts can always become a badge recipient. DataAnnotations' [EmailAddress] lets through
/// addresses with spaces, which would only fail later, deep in issuance.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
public sealed class EmailAttribute() : ValidationAttribute("The {0} field is not a valid e-mail address.")
{
    public override bool IsValid(object? value) => value is null || (value is string s && RecipientIdentity.TryNormalizeEmail(s, out _));
}
