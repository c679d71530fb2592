using BadgeForge.Api.Features.Auth;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Api.Infrastructure.Email;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.Backpack;

/// <summary>
/// Earners sign in with a one-time link sent to the email their badges were awarded to: owning the mailbox is what
/// proves the badges are theirs, so no password is needed (accounts with a password can use the backpack as well).
/// </summary>
public static class BackpackLogin
{
    public const int LinkValidMinutes = 15;
    public const int MaxLinksPerHour = 5;

    // One answer for every case, worded so that it does not say whether the address has badges.
    private static readonly LoginLinkAccepted Sent = new(new(
        $"Če so na ta naslov izdane značke, smo nanj poslali povezavo za prijavo. Velja {LinkValidMinutes} minut in samo enkrat.",
        $"If badges were awarded to this address, a sign-in link is on its way to it. It works once, for {LinkValidMinutes} minutes."));

    public static IEndpointRouteBuilder MapBackpackLoginEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/backpack").WithTags("Backpack");
        group.MapPost("/login-link", RequestLink).AllowAnonymous().AcceptsJsonBody()
            .WithName("RequestBackpackLoginLink")
            .WithSummary("Email a one-time sign-in link to an earner; always 202, whether or not the address has badges");
        group.MapPost("/login", Exchange).AllowAnonymous().AcceptsJsonBody()
            .WithName("BackpackLogin")
            .WithSummary("Exchange a sign-in link's token for a token pair (creates the earner's account on first use)")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    private static async Task<Accepted<LoginLinkAccepted>> RequestLink(
        LoginLinkRequest request, BadgeForgeDbContext db, IEmailSender mail, PublicUrls urls, TimeProvider clock,
        ILoggerFactory loggers, CancellationToken ct)
    {
        var email = EmailAddress.Normalise(request.Email);
        var now = clock.GetUtcNow().UtcDateTime;
        // Every path answers the same 202: the answer must not tell a stranger whether an address has badges.
        if (!await db.Awards.AnyAsync(a => a.RecipientEmail == email, ct) && !await db.Accounts.AnyAsync(a => a.Email == email, ct))
        {
            return TypedResults.Accepted((string?)null, Sent);
        }
        // Counted in the database, not in memory, so the limit holds across restarts and instances.
        var hourAgo = now.AddHours(-1);
        if (await db.BackpackLoginTokens.CountAsync(t => t.Email == email && t.CreatedAt > hourAgo, ct) >= MaxLinksPerHour)
        {
            loggers.CreateLogger(typeof(BackpackLogin)).LogWarning("Sign-in link not sent: {Max} links in the last hour already", MaxLinksPerHour);
            return TypedResults.Accepted((string?)null, Sent);
        }

        var token = SecretTokens.New();
        db.BackpackLoginTokens.Add(new BackpackLoginToken
        {
            Id = Guid.NewGuid(),
            Email = email,
            TokenHash = SecretTokens.Hash(token),
            CreatedAt = now,
            ExpiresAt = now.AddMinutes(LinkValidMinutes),
        });
        await db.SaveChangesAsync(ct);
        var link = urls.For($"/backpack/login?token={token}");
        try
        {
            await mail.SendAsync(LoginLinkMail.Build(email, link, LinkValidMinutes), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Still 202: a 500 only for addresses that have badges would tell strangers which ones do. The operator
            // sees the failure in the log, and the earner can ask again (the unsent link counts toward the limit).
            loggers.CreateLogger(typeof(BackpackLogin)).LogError(e, "Sign-in link could not be mailed");
        }
        return TypedResults.Accepted((string?)null, Sent);
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Exchange(
        LoginRequest request, BadgeForgeDbContext db, TokenService tokens, TimeProvider clock, CancellationToken ct)
    {
        var account = await RedeemAsync(db, request.Token, clock, ct);
        return account is null
            ? Problems.Unauthorized("This sign-in link is unknown, expired or already used: ask for a new one.")
            : TypedResults.Ok(await tokens.IssueAsync(account, familyId: null, ct));
    }

    /// <summary>
    /// Uses up a sign-in link and returns its account (created for a first-time earner), or null when the link is
    /// unknown, expired or used. Shared by the API exchange and the backpack page.
    /// </summary>
    internal static async Task<Account?> RedeemAsync(BadgeForgeDbContext db, string token, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = SecretTokens.Hash(token);
        var link = await db.BackpackLoginTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash, ct);
        if (link is null || link.UsedAt is not null || link.ExpiresAt <= now)
        {
            return null;
        }
        // The conditional update is the lock: of two concurrent exchanges of one link, only one signs in.
        var claimed = await db.BackpackLoginTokens.Where(t => t.Id == link.Id && t.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), ct);
        if (claimed == 0)
        {
            return null;
        }
        return await db.Accounts.SingleOrDefaultAsync(a => a.Email == link.Email, ct) ?? await CreateEarnerAsync(db, link.Email, now, ct);
    }

    /// <summary>
    /// An account for an earner who has only ever signed in by link. Its password hash is of a random password nobody
    /// knows, so password sign-in is impossible until the earner sets one; nothing is generated to change, hence
    /// MustChangePassword stays false.
    /// </summary>
    private static async Task<Account> CreateEarnerAsync(BadgeForgeDbContext db, string email, DateTime now, CancellationToken ct)
    {
        var name = await db.Awards.Where(a => a.RecipientEmail == email && a.RecipientName != null)
            .OrderByDescending(a => a.IssuedOn).Select(a => a.RecipientName).FirstOrDefaultAsync(ct);
        var account = Passwords.NewAccount(email, name ?? email[..email.IndexOf('@')], Passwords.Generate(40), now, mustChangePassword: false);
        db.Accounts.Add(account);
        await db.SaveChangesAsync(ct);
        return account;
    }

}
