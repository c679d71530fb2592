using BadgeForge.Api.Features.Auth;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.Organisations;

public static class OrganisationsEndpoints
{
    public static IEndpointRouteBuilder MapOrganisationsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/organisations").WithTags("Organisations");

        group.MapGet("/", List).RequirePolicy(Policies.Active)
            .WithName("ListOrganisations")
            .WithSummary("List the organisations the caller belongs to (all of them for platform admins)");

        group.MapPost("/", Create).RequirePolicy(Policies.PlatformAdmin).AcceptsJsonBody()
            .WithName("CreateOrganisation")
            .WithSummary("Create an issuing organisation (platform admins)");

        group.MapGet("/{orgId:guid}", Get).RequirePolicy(Policies.OrganisationMember)
            .WithName("GetOrganisation")
            .WithSummary("Get one organisation (its members and platform admins)");

        group.MapPut("/{orgId:guid}", Update).RequirePolicy(Policies.OrganisationAdmin).AcceptsJsonBody()
            .WithName("UpdateOrganisation")
            .WithSummary("Update an organisation's profile (its admins)");

        return app;
    }

    private static async Task<Ok<List<OrganisationResponse>>> List(
        HttpContext http, BadgeForgeDbContext db, PublicUrls urls, CancellationToken ct)
    {
        var accountId = http.User.AccountId();
        var isPlatformAdmin = await db.Accounts.AnyAsync(a => a.Id == accountId && a.IsPlatformAdmin, ct);
        var query = db.Organisations.AsNoTracking();
        if (!isPlatformAdmin)
        {
            query = query.Where(o => o.Memberships.Any(m => m.AccountId == accountId));
        }
        var organisations = await query.OrderBy(o => o.Slug).ToListAsync(ct);
        return TypedResults.Ok(organisations.Select(o => o.ToResponse(urls)).ToList());
    }

    private static async Task<Results<Created<OrganisationResponse>, ProblemHttpResult>> Create(
        OrganisationRequest request, BadgeForgeDbContext db, PublicUrls urls, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Organisations.AnyAsync(o => o.Slug == request.Slug, ct))
        {
            return Problems.Conflict($"The slug '{request.Slug}' is taken by another organisation.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var organisation = new Organisation
        {
            Id = Guid.NewGuid(),
            Slug = request.Slug,
            Name = request.Name.ToLocalized(),
            Description = request.Description.ToLocalized(),
            Url = request.Url,
            Email = EmailAddress.Normalise(request.Email),
            LogoUrl = request.LogoUrl,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Organisations.Add(organisation);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Lost a race with a concurrent create of the same slug (the unique index decided).
            return Problems.Conflict($"The slug '{request.Slug}' is taken by another organisation.");
        }
        var response = organisation.ToResponse(urls);
        return TypedResults.Created(response.Self, response);
    }

    private static async Task<Results<Ok<OrganisationResponse>, ProblemHttpResult>> Get(
        Guid orgId, BadgeForgeDbContext db, PublicUrls urls, CancellationToken ct)
    {
        var organisation = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orgId, ct);
        return organisation is null
            ? Problems.NotFound($"There is no organisation {orgId}.")
            : TypedResults.Ok(organisation.ToResponse(urls));
    }

    private static async Task<Results<Ok<OrganisationResponse>, ProblemHttpResult>> Update(
        Guid orgId, OrganisationRequest request, BadgeForgeDbContext db, PublicUrls urls, TimeProvider clock, CancellationToken ct)
    {
        var organisation = await db.Organisations.SingleOrDefaultAsync(o => o.Id == orgId, ct);
        if (organisation is null)
        {
            return Problems.NotFound($"There is no organisation {orgId}.");
        }
        if (request.Slug != organisation.Slug)
        {
            // Public issuer URLs contain the slug and badges already issued point to them.
            return Problems.Conflict($"The slug of an organisation never changes (it is '{organisation.Slug}').");
        }
        organisation.Apply(request);
        organisation.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(organisation.ToResponse(urls));
    }
}
