using BadgeForge.Api.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.Auth;

/// What checking an email and password came to.
public abstract record SignInCheck
{
    /// The password is right; the account (tracked) has its failure counters reset, saved by the caller's next save.
    public sealed record Passed(Account Account) : SignInCheck;

    /// Too many failures: the account is locked until <paramref name="Until"/> (UTC), whatever the password.
    public sealed record Locked(DateTime Until) : SignInCheck;

    /// Unknown email or wrong password (told apart nowhere, so that answers do not reveal which emails have accounts).
    public sealed record Wrong : SignInCheck;
}

/// <summary>
/// The one password check of every way to sign in (the token endpoint, the school staff page): the same lock-out
/// counters, so no sign-in form is a way around another's lock-out.
/// </summary>
public static class PasswordSignIn
{
    public static async Task<SignInCheck> CheckAsync(
        BadgeForgeDbContext db, string email, string password, AuthOptions options, DateTime now, CancellationToken ct)
    {
        var normalised = EmailAddress.Normalise(email);
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Email == normalised, ct);
        if (account?.LockedUntil is { } until && until > now)
        {
            return new SignInCheck.Locked(until);
        }
        if (!Passwords.Verify(account, password))
        {
            if (account is not null)
            {
                account.FailedSignIns++;
                if (account.FailedSignIns >= options.MaxFailedSignIns)
                {
                    account.LockedUntil = now.AddMinutes(options.LockoutMinutes);
                    account.FailedSignIns = 0;
                }
                await db.SaveChangesAsync(ct);
            }
            return new SignInCheck.Wrong();
        }
        account!.FailedSignIns = 0;
        account.LockedUntil = null;
        return new SignInCheck.Passed(account);
    }
}
