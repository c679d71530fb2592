using System.Collections.Concurrent;
using BadgeForge.Data;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.Organisations;

/// <summary>
/// Organisation ids to slugs, for building the public URLs of an organisation's documents. A slug never changes (the
/// update endpoint refuses it: every issued badge's URLs contain it) and organisations are never deleted, so a slug
/// read once holds for the life of the process, on every instance, and awarding a badge needs no query for it.
/// </summary>
public sealed class OrganisationSlugs
{
    private readonly ConcurrentDictionary<Guid, string> _slugs = new();

    /// The organisation's slug, or null when there is no such organisation (which is not remembered: it may be created).
    public async ValueTask<string?> FindAsync(BadgeForgeDbContext db, Guid organisationId, CancellationToken ct)
    {
        if (_slugs.TryGetValue(organisationId, out var known))
        {
            return known;
        }
        var slug = await db.Organisations.AsNoTracking().Where(o => o.Id == organisationId).Select(o => o.Slug).SingleOrDefaultAsync(ct);
        if (slug is not null)
        {
            _slugs.TryAdd(organisationId, slug);
        }
        return slug;
    }
}
