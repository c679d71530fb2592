using BadgeForge.Api.Features.Auth;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.Accounts;

/// <summary>
/// <c>dotnet run --project src/BadgeForge.Api -- create-admin --email you@example.org [--name "Your Name"]</c>:
/// creates a platform admin with a generated password printed once to standard output (never to the log).
/// The password must be changed at first sign-in. There is no default password anywhere.
/// </summary>
public static class CreateAdminCommand
{
    public const string Name = "create-admin";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, CancellationToken ct)
    {
        var email = Option(args, "--email");
        if (email is null || !new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email))
        {
            throw new StartupException("Usage: create-admin --email <address> [--name <display name>]: a valid email address is required.");
        }
        var displayName = Option(args, "--name") ?? email;

        await services.GetRequiredService<DatabaseSetup.DatabaseInitializer>().EnsureInitializedAsync();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BadgeForgeDbContext>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var normalised = EmailAddress.Normalise(email);
        if (await db.Accounts.AnyAsync(a => a.Email == normalised, ct))
        {
            throw new StartupException($"An account for {normalised} exists already; nothing was changed.");
        }

        var password = Passwords.Generate();
        var account = Passwords.NewAccount(normalised, displayName, password, clock.GetUtcNow().UtcDateTime, mustChangePassword: true);
        account.IsPlatformAdmin = true;
        db.Accounts.Add(account);
        await db.SaveChangesAsync(ct);

        await output.WriteLineAsync($"Platform admin {normalised} created.");
        await output.WriteLineAsync($"One-time password: {password}");
        await output.WriteLineAsync("Sign in with POST /api/auth/token and change it with POST /api/auth/password; it is shown only now.");
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
