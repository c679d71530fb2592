using System.ComponentModel.DataAnnotations;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BadgeForge.Api.Features.Auth;

public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Auth");

        group.MapPost("/token", IssueToken)
            .AllowAnonymous()
            .AcceptsJsonBody()
            .WithName("IssueToken")
            .WithSummary("Sign in with email and password")
            .WithDescription("Returns a short-lived JWT access token and a one-time refresh token. Repeated failures lock the account for a while.");

        group.MapPost("/refresh", Refresh)
            .AllowAnonymous()
            .AcceptsJsonBody()
            .WithName("RefreshToken")
            .WithSummary("Exchange a refresh token for a new token pair")
            .WithDescription("Each refresh token works once. Presenting a used one revokes every token descended from the same sign-in.");

        group.MapPost("/logout", Logout)
            .RequirePolicy(Policies.SignedIn)
            .WithName("Logout")
            .WithSummary("Revoke all refresh tokens of the signed-in account");

        group.MapPost("/password", ChangePassword)
            .RequirePolicy(Policies.SignedIn)
            .AcceptsJsonBody()
            .WithName("ChangePassword")
            .WithSummary("Change the password (required after a generated one)")
            .WithDescription("Revokes all earlier refresh tokens and returns a fresh token pair.");

        return app;
    }

    public sealed record TokenRequest(
        [property: Required, Email, MaxLength(320)] string Email,
        [property: Required, MaxLength(Passwords.MaxLength)] string Password);

    public sealed record RefreshRequest([property: Required, MaxLength(200)] string RefreshToken);

    public sealed record ChangePasswordRequest(
        [property: Required, MaxLength(Passwords.MaxLength)] string CurrentPassword,
        [property: Required, MaxLength(Passwords.MaxLength)] string NewPassword);

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> IssueToken(
        TokenRequest request, BadgeForgeDbContext db, TokenService tokens, IOptions<AuthOptions> options,
        TimeProvider clock, CancellationToken ct)
    {
        switch (await PasswordSignIn.CheckAsync(db, request.Email, request.Password, options.Value, clock.GetUtcNow().UtcDateTime, ct))
        {
            case SignInCheck.Locked locked:
                return Problems.Unauthorized($"Too many failed sign-ins: this account is locked until {locked.Until:yyyy-MM-dd HH:mm} UTC.");
            case SignInCheck.Passed passed:
                return TypedResults.Ok(await tokens.IssueAsync(passed.Account, familyId: null, ct));
            default:
                return Problems.Unauthorized("The email or password is wrong.");
        }
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Refresh(
        RefreshRequest request, TokenService tokens, CancellationToken ct)
    {
        var issued = await tokens.RotateAsync(request.RefreshToken, ct);
        return issued is null
            ? Problems.Unauthorized("The refresh token is unknown, expired, revoked or already used; sign in again.")
            : TypedResults.Ok(issued);
    }

    private static async Task<NoContent> Logout(HttpContext http, TokenService tokens, CancellationToken ct)
    {
        await tokens.RevokeAllAsync(http.User.RequiredAccountId(), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> ChangePassword(
        ChangePasswordRequest request, HttpContext http, BadgeForgeDbContext db, TokenService tokens, CancellationToken ct)
    {
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == http.User.RequiredAccountId(), ct);
        if (account is null)
        {
            return Problems.Unauthorized("The account of this token no longer exists.");
        }
        if (!Passwords.Verify(account, request.CurrentPassword))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["currentPassword"] = ["The current password is wrong."] });
        }
        var problems = Passwords.Check(request.NewPassword, account.Email).ToList();
        if (request.NewPassword == request.CurrentPassword)
        {
            problems.Add("The new password must differ from the current one.");
        }
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["newPassword"] = [.. problems] });
        }

        account.PasswordHash = Passwords.Hash(account, request.NewPassword);
        account.MustChangePassword = false;
        await db.SaveChangesAsync(ct);
        await tokens.RevokeAllAsync(account.Id, ct);
        return TypedResults.Ok(await tokens.IssueAsync(account, familyId: null, ct));
    }
}
