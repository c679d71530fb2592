using System.ComponentModel.DataAnnotations;
using BadgeForge.Api.Features.Auth;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.Organisations;

/// Who belongs to an organisation and in which roles. Only the organisation's admins (and platform admins) manage it.
public static class MembersEndpoints
{
    public static IEndpointRouteBuilder MapMembersEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/organisations/{orgId:guid}/members").WithTags("Organisations");

        group.MapGet("/", List).RequirePolicy(Policies.OrganisationAdmin)
            .WithName("ListMembers")
            .WithSummary("List the organisation's members and their roles");

        group.MapPost("/", Add).RequirePolicy(Policies.OrganisationAdmin).AcceptsJsonBody()
            .WithName("AddMember")
            .WithSummary("Give a person roles in the organisation, creating their account if needed")
            .WithDescription("A new account gets a generated password, returned once in this response; the person must change it at first sign-in.");

        group.MapDelete("/{accountId:guid}", Remove).RequirePolicy(Policies.OrganisationAdmin)
            .WithName("RemoveMember")
            .WithSummary("Remove all of a person's roles in the organisation");

        return app;
    }

    public sealed record AddMemberRequest(
        [Required, MaxLength(320), Email] string Email,
        [Required, MaxLength(200)] string DisplayName,
        [Required, MinLength(1)] OrganisationRole[] Roles,
        [RegularExpression("^(sl|en)$", ErrorMessage = "The language must be 'sl' or 'en'.")] string? PreferredLanguage);

    /// <param name="AccountId">The person's account.</param>
    /// <param name="Email">Sign-in email.</param>
    /// <param name="DisplayName">Name shown to colleagues.</param>
    /// <param name="Roles">Roles in this organisation.</param>
    public sealed record MemberResponse(Guid AccountId, string Email, string DisplayName, OrganisationRole[] Roles);

    /// <param name="Member">The membership as it is now.</param>
    /// <param name="TemporaryPassword">Only for a newly created account: hand it over securely; it must be changed at first sign-in.</param>
    public sealed record AddMemberResponse(MemberResponse Member, string? TemporaryPassword);

    private static async Task<Results<Ok<List<MemberResponse>>, ProblemHttpResult>> List(
        Guid orgId, BadgeForgeDbContext db, CancellationToken ct)
    {
        if (!await db.Organisations.AnyAsync(o => o.Id == orgId, ct))
        {
            return Problems.NotFound($"There is no organisation {orgId}.");
        }
        var rows = await db.Memberships.AsNoTracking()
            .Where(m => m.OrganisationId == orgId)
            .Select(m => new { m.AccountId, m.Account!.Email, m.Account.DisplayName, m.Role })
            .ToListAsync(ct);
        var members = rows.GroupBy(r => r.AccountId)
            .Select(g => new MemberResponse(g.Key, g.First().Email, g.First().DisplayName, [.. g.Select(r => r.Role).Order()]))
            .OrderBy(m => m.Email, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(members);
    }

    private static async Task<Results<Ok<AddMemberResponse>, ProblemHttpResult>> Add(
        Guid orgId, AddMemberRequest request, BadgeForgeDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!await db.Organisations.AnyAsync(o => o.Id == orgId, ct))
        {
            return Problems.NotFound($"There is no organisation {orgId}.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var email = EmailAddress.Normalise(request.Email);
        var account = await db.Accounts.Include(a => a.Memberships).SingleOrDefaultAsync(a => a.Email == email, ct);
        string? temporaryPassword = null;
        if (account is null)
        {
            temporaryPassword = Passwords.Generate();
            account = Passwords.NewAccount(email, request.DisplayName.Trim(), temporaryPassword, now, mustChangePassword: true);
            account.PreferredLanguage = request.PreferredLanguage ?? "sl";
            db.Accounts.Add(account);
        }

        foreach (var role in request.Roles.Distinct())
        {
            if (!account.Memberships.Any(m => m.OrganisationId == orgId && m.Role == role))
            {
                account.Memberships.Add(new Membership { AccountId = account.Id, OrganisationId = orgId, Role = role, CreatedAt = now });
            }
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Problems.Conflict("The membership changed at the same time; repeat the request.");
        }

        var roles = account.Memberships.Where(m => m.OrganisationId == orgId).Select(m => m.Role).Order().ToArray();
        return TypedResults.Ok(new AddMemberResponse(new MemberResponse(account.Id, account.Email, account.DisplayName, roles), temporaryPassword));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Remove(
        Guid orgId, Guid accountId, BadgeForgeDbContext db, CancellationToken ct)
    {
        var memberships = await db.Memberships.Where(m => m.OrganisationId == orgId && m.AccountId == accountId).ToListAsync(ct);
        if (memberships.Count == 0)
        {
            return Problems.NotFound($"Account {accountId} has no role in organisation {orgId}.");
        }
        var removesAnAdmin = memberships.Any(m => m.Role == OrganisationRole.OrganisationAdmin);
        if (removesAnAdmin && !await db.Memberships.AnyAsync(
                m => m.OrganisationId == orgId && m.Role == OrganisationRole.OrganisationAdmin && m.AccountId != accountId, ct))
        {
            return Problems.Conflict("This is the organisation's last admin; make someone else an admin first.");
        }
        db.Memberships.RemoveRange(memberships);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
