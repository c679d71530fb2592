using System.Text.Json;
using BadgeForge.Api.Features.Assertions;
using BadgeForge.Api.Features.Auth;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.Demo;

/// <summary>
/// <c>dotnet run --project src/BadgeForge.Api -- demo</c>: seeds a demo organisation, a trainer, learners and awards from
/// the shipped models through the same services the API uses, and prints (as JSON) the URLs of one hosted assertion,
/// its JWS, baked PNG and QR code, so a newcomer sees a real badge within a minute. Running it again adds new awards
/// to the same demo organisation.
/// </summary>
public static class DemoCommand
{
    public const string Name = "demo";
    private const string Slug = "demo-zavod";
    private const string TrainerEmail = "trener@demo-zavod.si";

    private static readonly (string Email, string Name, string Badge)[] Awards =
    [
        ("ana.novak@example.org", "Ana Novak", "initiative-leader@1.0.0/vdp.b.mladi-pobudnik"),
        ("luka.kranjc@example.org", "Luka Kranjc", "initiative-leader@1.0.0/vdp.b.mladi-pobudnik"),
        ("maja.horvat@example.org", "Maja Horvat", "as-aktiviraj-se@1.0.0/as.b.m1"),
    ];

    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken ct)
    {
        await services.GetRequiredService<DatabaseSetup.DatabaseInitializer>().EnsureInitializedAsync();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BadgeForgeDbContext>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var urls = scope.ServiceProvider.GetRequiredService<BadgeUrls>();
        var now = clock.GetUtcNow().UtcDateTime;

        var organisation = await db.Organisations.SingleOrDefaultAsync(o => o.Slug == Slug, ct);
        if (organisation is null)
        {
            organisation = new Organisation
            {
                Id = Guid.NewGuid(),
                Slug = Slug,
                Name = new("Zavod Demo", "Demo Institute"),
                Description = new("Predstavitvena organizacija BadgeForge.", "BadgeForge demonstration organisation."),
                Url = "https://example.org/demo-zavod",
                Email = "info@demo-zavod.si",
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Organisations.Add(organisation);
        }

        var trainer = await db.Accounts.SingleOrDefaultAsync(a => a.Email == TrainerEmail, ct);
        string? trainerPassword = null;
        if (trainer is null)
        {
            trainerPassword = Passwords.Generate();
            trainer = Passwords.NewAccount(TrainerEmail, "Demo trener", trainerPassword, now, mustChangePassword: true);
            trainer.Memberships.Add(new Membership { OrganisationId = organisation.Id, AccountId = trainer.Id, Role = OrganisationRole.Trainer, CreatedAt = now });
            db.Accounts.Add(trainer);
        }
        await db.SaveChangesAsync(ct);

        var issuer = scope.ServiceProvider.GetRequiredService<AwardIssuer>();
        var issued = new List<Award>();
        foreach (var (email, name, badge) in Awards)
        {
            var outcome = await issuer.IssueAsync(organisation.Id, trainer.Id,
                new IssueAwardRequest(badge, email, name, ShowRecipientName: true, IssuedOn: null, Expires: null, Evidence: null,
                    Narrative: "Demo award / predstavitvena podelitev"), ct);
            if (outcome is not IssueOutcome.Issued { Award: var award })
            {
                throw new StartupException($"The demo could not award {badge}: {outcome}");
            }
            issued.Add(award);
        }

        var first = issued[0];
        await output.WriteLineAsync(JsonSerializer.Serialize(new
        {
            organisation = new { id = organisation.Id, slug = organisation.Slug, issuer = urls.Issuer(Slug).ToString() },
            trainer = new { email = TrainerEmail, oneTimePassword = trainerPassword },
            awards = issued.Select(a => urls.Assertion(a.Id).ToString()),
            assertion = new
            {
                url = urls.Assertion(first.Id).ToString(),
                jws = urls.AssertionJws(first.Id).ToString(),
                bakedPng = urls.AssertionImage(first.Id, "png").ToString(),
                bakedSvg = urls.AssertionImage(first.Id, "svg").ToString(),
                qrPng = urls.AssertionQr(first.Id, "png").ToString(),
            },
        }, new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }
}
