using System.Collections.Concurrent;
using System.Net.Http.Headers;
using BadgeForge.Api.Features.Auth;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BadgeForge.Api.Tests.Infrastructure;

/// <summary>
/// The real API over HTTP (TestServer), on a real database migrated by the app's own start-up.
/// One shared instance per provider serves most tests; they stay independent by creating their own
/// organisations and accounts. Tests that need a pristine database start their own with <see cref="StartAsync"/>.
/// </summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    public const string PublicBaseUrl = "https://badges.test";
    private static readonly ConcurrentDictionary<DatabaseProvider, Lazy<Task<TestApp>>> Shared = new();
    private readonly TestDatabase _database;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    private TestApp(TestDatabase database, IReadOnlyDictionary<string, string?>? settings, Action<IServiceCollection>? services = null)
    {
        _database = database;
        _settings = settings ?? new Dictionary<string, string?>();
        _services = services;
    }

    public DatabaseProvider Provider => _database.Provider;

    /// The shared app for a provider (skipped when that provider is unavailable).
    public static Task<TestApp> For(DatabaseProvider provider)
    {
        TestDatabases.SkipIfUnavailable(provider);
        return Shared.GetOrAdd(provider, p => new Lazy<Task<TestApp>>(() => StartAsync(p))).Value;
    }

    /// A fresh app on a fresh database; dispose it at the end of the test. <paramref name="services"/> replaces
    /// services after the app's own registrations (e.g. a movable TimeProvider).
    public static async Task<TestApp> StartAsync(
        DatabaseProvider provider, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var database = await TestDatabases.CreateAsync(provider);
        var app = new TestApp(database, settings, services);
        _ = app.Server; // starts the host: migrations and keys happen here, as in production
        if (settings is null)
        {
            // Shared apps live as long as the test run; only their databases need cleaning up. Dropping with FORCE
            // does not wait for the app's pooled connections.
            AppDomain.CurrentDomain.ProcessExit += (_, _) => database.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        return app;
    }

    /// <summary>
    /// A fresh app on real Kestrel at http://127.0.0.1:{free port}, with PublicBaseUrl set to that address, for
    /// browsers (Playwright) and other real clients that cannot use the in-memory TestServer.
    /// </summary>
    public static async Task<TestApp> StartKestrelAsync(DatabaseProvider provider, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var database = await TestDatabases.CreateAsync(provider);
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["PublicBaseUrl"] = baseUrl };
        var app = new TestApp(database, all) { KestrelBaseUrl = baseUrl };
        app.UseKestrel(port);
        app.StartServer();
        return app;
    }

    /// The real address when started with <see cref="StartKestrelAsync"/>.
    public string? KestrelBaseUrl { get; private init; }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("PublicBaseUrl", PublicBaseUrl);
        builder.UseSetting("Database:Provider", _database.Provider.ToString());
        builder.UseSetting("ConnectionStrings:BadgeForge", _database.ConnectionString);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }

    public async Task<T> WithDbAsync<T>(Func<BadgeForgeDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<BadgeForgeDbContext>());
    }

    /// Creates an account directly in the database (test set-up, not the behaviour under test).
    public async Task<TestAccount> CreateAccountAsync(
        string? email = null, string password = "correct horse battery", bool platformAdmin = false, bool mustChangePassword = false,
        params (Guid OrganisationId, OrganisationRole Role)[] roles)
    {
        email ??= $"user-{Guid.NewGuid():N}@example.org";
        var account = Passwords.NewAccount(email, "Test " + email, password, DateTime.UtcNow, mustChangePassword);
        account.IsPlatformAdmin = platformAdmin;
        foreach (var (organisationId, role) in roles)
        {
            account.Memberships.Add(new Membership { AccountId = account.Id, OrganisationId = organisationId, Role = role, CreatedAt = DateTime.UtcNow });
        }
        await WithDbAsync(async db =>
        {
            db.Accounts.Add(account);
            return await db.SaveChangesAsync();
        });
        return new TestAccount(account.Id, email, password, await IssueTokenAsync(account.Id));
    }

    /// A real access token from the app's own token service, as a sign-in would produce.
    public async Task<string> IssueTokenAsync(Guid accountId)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BadgeForgeDbContext>();
        var account = await db.Accounts.SingleAsync(a => a.Id == accountId);
        var tokens = await scope.ServiceProvider.GetRequiredService<TokenService>().IssueAsync(account, null, CancellationToken.None);
        return tokens.AccessToken;
    }

    public async Task<Organisation> CreateOrganisationAsync(string? slug = null)
    {
        slug ??= "org-" + Guid.NewGuid().ToString("N")[..12];
        var organisation = new Organisation
        {
            Id = Guid.NewGuid(),
            Slug = slug,
            Name = new("Zavod " + slug, "Institute " + slug),
            Description = new("Opis", "Description"),
            Url = "https://example.org/" + slug,
            Email = slug + "@example.org",
            CreatedAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow,
        };
        await WithDbAsync(async db =>
        {
            db.Organisations.Add(organisation);
            return await db.SaveChangesAsync();
        });
        return organisation;
    }

    public HttpClient ClientFor(TestAccount? account) => ClientWithToken(account?.AccessToken);

    public HttpClient ClientWithToken(string? accessToken)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(PublicBaseUrl), AllowAutoRedirect = false });
        if (accessToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }
        return client;
    }
}

public sealed record TestAccount(Guid Id, string Email, string Password, string AccessToken);
