namespace BadgeForge.Api.Infrastructure;

/// <summary>
/// The public Open Badges URLs. They are permanent — issued badges point at them — so they are built in this one
/// place, from <see cref="PublicUrls"/>, and the routes that serve them use the same templates.
/// </summary>
public sealed class BadgeUrls(PublicUrls urls)
{
    public Uri Issuer(string slug) => new(urls.For($"/issuers/{slug}"));
    public Uri IssuerKey(string slug, Guid keyId) => new(urls.For($"/issuers/{slug}/keys/{keyId:N}"));
    public Uri RevocationList(string slug) => new(urls.For($"/issuers/{slug}/revocations"));
}
