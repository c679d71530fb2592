using BadgeForge.Api.Features.Auth;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.Accounts;

public static class AccountsEndpoints
{
    public static IEndpointRouteBuilder MapAccountsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me", GetMe).WithTags("Accounts")
            .RequirePolicy(Policies.SignedIn)
            .WithName("GetMe")
            .WithSummary("The signed-in account, its roles and whether it must change its password");
        return app;
    }

    /// <param name="OrganisationId">Organisation of the roles.</param>
    /// <param name="Slug">Its slug.</param>
    /// <param name="Roles">Roles held there.</param>
    public sealed record MembershipResponse(Guid OrganisationId, string Slug, OrganisationRole[] Roles);

    /// <param name="Id">Account id.</param>
    /// <param name="Email">Sign-in email.</param>
    /// <param name="DisplayName">Display name.</param>
    /// <param name="PreferredLanguage">"sl" or "en".</param>
    /// <param name="IsPlatformAdmin">Platform administrator.</param>
    /// <param name="MustChangePassword">A generated password is still in use.</param>
    /// <param name="Memberships">Roles per organisation.</param>
    public sealed record MeResponse(
        Guid Id, string Email, string DisplayName, string PreferredLanguage, bool IsPlatformAdmin, bool MustChangePassword,
        List<MembershipResponse> Memberships);

    private static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> GetMe(HttpContext http, BadgeForgeDbContext db, CancellationToken ct)
    {
        var accountId = http.User.RequiredAccountId();
        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null)
        {
            return Problems.Unauthorized("The account of this token no longer exists.");
        }
        var rows = await db.Memberships.AsNoTracking().Where(m => m.AccountId == accountId)
            .Select(m => new { m.OrganisationId, m.Organisation!.Slug, m.Role }).ToListAsync(ct);
        var memberships = rows.GroupBy(r => (r.OrganisationId, r.Slug))
            .Select(g => new MembershipResponse(g.Key.OrganisationId, g.Key.Slug, [.. g.Select(r => r.Role).Order()]))
            .OrderBy(m => m.Slug, StringComparer.Ordinal).ToList();
        return TypedResults.Ok(new MeResponse(account.Id, account.Email, account.DisplayName, account.PreferredLanguage,
            account.IsPlatformAdmin, account.MustChangePassword, memberships));
    }
}
