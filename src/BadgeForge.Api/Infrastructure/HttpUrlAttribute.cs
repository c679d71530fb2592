using System.ComponentModel.DataAnnotations;

namespace BadgeForge.Api.Infrastructure;

/// An absolute http or https URL: what Open Badges documents may link to (no javascript:, data: or relative links).
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
public sealed class HttpUrlAttribute() : ValidationAttribute("The {0} field must be an absolute http or https URL.")
{
    public override bool IsValid(object? value) =>
        value is null || (value is string s && IsHttpUrl(s));

    public static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && !string.IsNullOrEmpty(uri.Host);
}
