namespace BadgeForge.Api.Infrastructure;

/// <summary>
/// The public Open Badges URLs. They are permanent — issued badges point at them — so they are built in this one
/// place, from <see cref="PublicUrls"/>, and the routes that serve them use the same shapes.
/// </summary>
public sealed class BadgeUrls(PublicUrls urls)
{
    public Uri Issuer(string slug) => new(urls.For($"/issuers/{slug}"));
    public Uri IssuerKey(string slug, Guid keyId) => new(urls.For($"/issuers/{slug}/keys/{keyId:N}"));
    public Uri RevocationList(string slug) => new(urls.For($"/issuers/{slug}/revocations"));

    public Uri BadgeClass(string slug, string modelId, string version, string badgeId) =>
        new(urls.For($"/issuers/{slug}/badges/{modelId}/{version}/{Uri.EscapeDataString(badgeId)}"));

    public Uri BadgeImage(string slug, string modelId, string version, string badgeId, string extension) =>
        new($"{BadgeClass(slug, modelId, version, badgeId)}/image.{extension}");

    public Uri Criteria(string slug, string modelId, string version, string badgeId) =>
        new($"{BadgeClass(slug, modelId, version, badgeId)}/criteria");

    public Uri Assertion(string id) => new(urls.For($"/assertions/{id}"));

    /// The hosted assertion baked into an image: "png" or "svg".
    public Uri AssertionImage(string id, string extension) => new($"{Assertion(id)}/image.{extension}");

    /// The signed variant: the JWS itself, or an image with the JWS baked in.
    public Uri AssertionJws(string id) => new($"{Assertion(id)}/jws");
    public Uri SignedAssertionImage(string id, string extension) => new($"{Assertion(id)}/signed.{extension}");

    public Uri AssertionQr(string id, string extension) => new($"{Assertion(id)}/qr.{extension}");
}
