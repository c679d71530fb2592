using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Tests;

public sealed class OrganisationsTests
{
    private static object NewOrganisation(string slug) => new
    {
        slug,
        name = new { sl = "Zavod Bob", en = "Bob Institute" },
        description = new { sl = "Mladinski centri in programi aktivacije.", en = "Youth centres and activation programmes." },
        url = "https://www.zavod-bob.si",
        email = "Info@Zavod-Bob.si",
        logoUrl = "https://www.zavod-bob.si/logo.png",
    };

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Create_ByPlatformAdmin_StoresBilingualProfileWithPublicLinks(DatabaseProvider provider)
    {
        var app = await TestApp.For(provider);
        var admin = await app.CreateAccountAsync(platformAdmin: true);
        var slug = "bob-" + Guid.NewGuid().ToString("N")[..8];
        var client = app.ClientFor(admin);
        // Links come from PublicBaseUrl, never from the Host header a client sends.
        client.DefaultRequestHeaders.Host = "evil.example";

        var response = await client.PostAsJsonAsync("/api/organisations", NewOrganisation(slug));

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        response.Headers.Location.Should().Be(new Uri($"{TestApp.PublicBaseUrl}/api/organisations/{id}"));
        created.GetProperty("self").GetString().Should().Be($"{TestApp.PublicBaseUrl}/api/organisations/{id}");
        created.GetProperty("name").GetProperty("sl").GetString().Should().Be("Zavod Bob");
        created.GetProperty("name").GetProperty("en").GetString().Should().Be("Bob Institute");
        created.GetProperty("email").GetString().Should().Be("info@zavod-bob.si");
        var stored = await app.WithDbAsync(db => db.Organisations.SingleAsync(o => o.Id == id));
        stored.Description.En.Should().Be("Youth centres and activation programmes.");
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Create_DuplicateSlug_Conflicts(DatabaseProvider provider)
    {
        var app = await TestApp.For(provider);
        var admin = await app.CreateAccountAsync(platformAdmin: true);
        var existing = await app.CreateOrganisationAsync();

        var response = await app.ClientFor(admin).PostAsJsonAsync("/api/organisations", NewOrganisation(existing.Slug));

        (await response.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Detail().Should().Contain(existing.Slug);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Update_ByOrganisationAdmin_ChangesProfileButNeverTheSlug(DatabaseProvider provider)
    {
        var app = await TestApp.For(provider);
        var organisation = await app.CreateOrganisationAsync();
        var orgAdmin = await app.CreateAccountAsync(roles: (organisation.Id, OrganisationRole.OrganisationAdmin));
        var client = app.ClientFor(orgAdmin);

        var renamed = await client.PutAsJsonAsync($"/api/organisations/{organisation.Id}", NewOrganisation("another-slug"));
        var updated = await client.PutAsJsonAsync($"/api/organisations/{organisation.Id}", NewOrganisation(organisation.Slug));

        (await renamed.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Detail().Should().Contain("never changes");
        updated.StatusCode.Should().Be(HttpStatusCode.OK);
        var stored = await app.WithDbAsync(db => db.Organisations.SingleAsync(o => o.Id == organisation.Id));
        stored.Name.Sl.Should().Be("Zavod Bob");
        stored.Slug.Should().Be(organisation.Slug);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task List_ShowsOnlyOwnOrganisations_AllForPlatformAdmin(DatabaseProvider provider)
    {
        var app = await TestApp.For(provider);
        var mine = await app.CreateOrganisationAsync();
        var theirs = await app.CreateOrganisationAsync();
        var trainer = await app.CreateAccountAsync(roles: (mine.Id, OrganisationRole.Trainer));
        var admin = await app.CreateAccountAsync(platformAdmin: true);

        var forTrainer = await app.ClientFor(trainer).GetFromJsonAsync<JsonElement>("/api/organisations");
        var forAdmin = await app.ClientFor(admin).GetFromJsonAsync<JsonElement>("/api/organisations");

        forTrainer.EnumerateArray().Select(o => o.GetProperty("id").GetGuid()).Should().Equal(mine.Id);
        forAdmin.EnumerateArray().Select(o => o.GetProperty("id").GetGuid()).Should().Contain([mine.Id, theirs.Id]);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AddMember_NewPerson_GetsOneTimePasswordAndRoles(DatabaseProvider provider)
    {
        var app = await TestApp.For(provider);
        var organisation = await app.CreateOrganisationAsync();
        var orgAdmin = await app.CreateAccountAsync(roles: (organisation.Id, OrganisationRole.OrganisationAdmin));
        var email = $"trainer-{Guid.NewGuid():N}@example.org";

        var response = await app.ClientFor(orgAdmin).PostAsJsonAsync($"/api/organisations/{organisation.Id}/members",
            new { email, displayName = "Maja Trenerka", roles = new[] { "Trainer", "SchoolStaff" } });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var added = await response.Content.ReadFromJsonAsync<JsonElement>();
        var password = added.GetProperty("temporaryPassword").GetString()!;
        password.Should().HaveLength(20);
        added.GetProperty("member").GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Equal("Trainer", "SchoolStaff");
        var signIn = await app.ClientFor(null).PostAsJsonAsync("/api/auth/token", new { email, password });
        (await signIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mustChangePassword").GetBoolean().Should().BeTrue();

        var again = await app.ClientFor(orgAdmin).PostAsJsonAsync($"/api/organisations/{organisation.Id}/members",
            new { email, displayName = "Maja", roles = new[] { "Trainer" } });
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("temporaryPassword").ValueKind.Should().Be(JsonValueKind.Null,
            "an existing account keeps its password");
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AddMember_UnknownRole_NamesTheField(DatabaseProvider provider)
    {
        var app = await TestApp.For(provider);
        var organisation = await app.CreateOrganisationAsync();
        var orgAdmin = await app.CreateAccountAsync(roles: (organisation.Id, OrganisationRole.OrganisationAdmin));

        var response = await app.ClientFor(orgAdmin).PostAsJsonAsync($"/api/organisations/{organisation.Id}/members",
            new { email = "x@example.org", displayName = "X", roles = new[] { "Overlord" } });

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Detail().Should().Contain("roles");
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task RemoveMember_LastAdmin_Conflicts_OtherMembersRemoved(DatabaseProvider provider)
    {
        var app = await TestApp.For(provider);
        var organisation = await app.CreateOrganisationAsync();
        var orgAdmin = await app.CreateAccountAsync(roles: (organisation.Id, OrganisationRole.OrganisationAdmin));
        var trainer = await app.CreateAccountAsync(roles: (organisation.Id, OrganisationRole.Trainer));
        var client = app.ClientFor(orgAdmin);

        var lastAdmin = await client.DeleteAsync($"/api/organisations/{organisation.Id}/members/{orgAdmin.Id}");
        var removed = await client.DeleteAsync($"/api/organisations/{organisation.Id}/members/{trainer.Id}");
        var removedAgain = await client.DeleteAsync($"/api/organisations/{organisation.Id}/members/{trainer.Id}");

        (await lastAdmin.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Detail().Should().Contain("last admin");
        removed.StatusCode.Should().Be(HttpStatusCode.NoContent);
        await removedAgain.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        // Roles are read per request: the removed trainer is refused at once, token or not.
        (await app.ClientFor(trainer).GetAsync($"/api/organisations/{organisation.Id}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}
