using System.Security.Cryptography;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Identity;

namespace BadgeForge.Api.Features.Auth;

/// Password hashing (ASP.NET Core Identity's PBKDF2 hasher), generation and the password rule.
public static class Passwords
{
    public const int MinLength = 12;
    public const int MaxLength = 128;

    // No look-alikes (0/O, 1/l/I): generated passwords are read off a screen and typed once.
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static readonly PasswordHasher<Account> Hasher = new();

    // A real hash of a random password: verifying against it costs the same as against a real account,
    // so response time does not reveal which emails have accounts.
    private static readonly string DummyHash = Hasher.HashPassword(null!, Generate());

    public static string Generate(int length = 20) =>
        new(RandomNumberGenerator.GetItems<char>(Alphabet, length));

    public static string Hash(Account account, string password) => Hasher.HashPassword(account, password);

    /// <summary>
    /// A new account whose password is the one given (hashed here, the one place that does it). Generated passwords
    /// are handed to a person once and must be changed at first sign-in: <paramref name="mustChangePassword"/>.
    /// </summary>
    public static Account NewAccount(string email, string displayName, string password, DateTime now, bool mustChangePassword)
    {
        var account = new Account
        {
            Id = Guid.NewGuid(),
            Email = email,
            DisplayName = displayName,
            PasswordHash = "",
            MustChangePassword = mustChangePassword,
            CreatedAt = now,
        };
        account.PasswordHash = Hash(account, password);
        return account;
    }

    public static bool Verify(Account? account, string password)
    {
        if (account is null)
        {
            Hasher.VerifyHashedPassword(null!, DummyHash, password);
            return false;
        }
        return Hasher.VerifyHashedPassword(account, account.PasswordHash, password) != PasswordVerificationResult.Failed;
    }

    /// The problems with a proposed password, empty when it is acceptable.
    public static IReadOnlyList<string> Check(string password, string email)
    {
        var problems = new List<string>();
        if (password.Length < MinLength)
        {
            problems.Add($"The password must have at least {MinLength} characters.");
        }
        if (password.Length > MaxLength)
        {
            problems.Add($"The password must have at most {MaxLength} characters.");
        }
        if (string.Equals(password.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            problems.Add("The password must not be the email address.");
        }
        return problems;
    }
}
