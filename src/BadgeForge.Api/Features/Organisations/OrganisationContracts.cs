using System.ComponentModel.DataAnnotations;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Core;
using BadgeForge.Data.Entities;

namespace BadgeForge.Api.Features.Organisations;

/// A short bilingual text (a name), Slovenian and English both required.
public sealed record ShortText([Required, MaxLength(200)] string Sl, [Required, MaxLength(200)] string En)
{
    public LocalizedText ToLocalized() => new(Sl.Trim(), En.Trim());
}

/// A long bilingual text (a description), Slovenian and English both required.
public sealed record LongText([Required, MaxLength(4000)] string Sl, [Required, MaxLength(4000)] string En)
{
    public LocalizedText ToLocalized() => new(Sl.Trim(), En.Trim());
}

public sealed record OrganisationRequest(
    [Required, MaxLength(64), RegularExpression("^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$",
        ErrorMessage = "The slug must be 1 to 64 lower-case letters, digits or inner hyphens, e.g. 'zavod-bob'.")]
    string Slug,
    [Required] ShortText Name,
    [Required] LongText Description,
    [Required, MaxLength(2048), HttpUrl] string Url,
    [Required, MaxLength(320), Email] string Email,
    [MaxLength(2048), HttpUrl] string? LogoUrl);

/// <param name="Id">Organisation id, used in every organisation route.</param>
/// <param name="Slug">URL-safe unique name.</param>
/// <param name="Name">Bilingual name.</param>
/// <param name="Description">Bilingual description.</param>
/// <param name="Url">Home page.</param>
/// <param name="Email">Contact email.</param>
/// <param name="LogoUrl">Logo image URL.</param>
/// <param name="Self">Canonical API URL of this organisation, built from PublicBaseUrl.</param>
public sealed record OrganisationResponse(
    Guid Id, string Slug, LocalizedText Name, LocalizedText Description, string Url, string Email, string? LogoUrl, string Self);

internal static class OrganisationMapping
{
    public static OrganisationResponse ToResponse(this Organisation o, PublicUrls urls) =>
        new(o.Id, o.Slug, o.Name, o.Description, o.Url, o.Email, o.LogoUrl, urls.For($"/api/organisations/{o.Id}"));

    public static void Apply(this Organisation o, OrganisationRequest request)
    {
        o.Slug = request.Slug;
        o.Name = request.Name.ToLocalized();
        o.Description = request.Description.ToLocalized();
        o.Url = request.Url;
        o.Email = EmailAddress.Normalise(request.Email);
        o.LogoUrl = request.LogoUrl;
    }
}
