using System.Net;
using System.Net.Http.Json;
using System.Text;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;

namespace BadgeForge.Api.Tests;

/// Malformed, oversized and misdirected requests each get a precise RFC 9457 problem, never a 500.
public sealed class ProblemDetailsTests
{
    [Fact]
    public async Task Post_BrokenJson_NamesLineAndPosition()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);

        var response = await app.ClientFor(null).PostAsync("/api/auth/token",
            new StringContent("{\n  \"email\": \"a@b.si\",\n  \"password\": }", Encoding.UTF8, "application/json"));

        var detail = (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Detail();
        detail.Should().Contain("not valid JSON").And.Contain("line 3").And.Contain("$.password");
    }

    [Fact]
    public async Task Post_WrongJsonType_NamesTheField()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);

        var response = await app.ClientFor(null).PostAsync("/api/auth/token",
            new StringContent("{\"email\": 42, \"password\": \"x\"}", Encoding.UTF8, "application/json"));

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Detail().Should().Contain("$.email");
    }

    [Fact]
    public async Task Post_MissingAndInvalidFields_EachFieldNamedInCamelCase()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);
        var admin = await app.CreateAccountAsync(platformAdmin: true);

        var response = await app.ClientFor(admin).PostAsJsonAsync("/api/organisations", new
        {
            slug = "Not A Slug",
            name = new { sl = "Zavod" },
            description = new { sl = "Opis", en = "Description" },
            url = "javascript:alert(1)",
            email = "not-an-email",
        });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.FieldErrors("slug").Should().ContainSingle(m => m.Contains("lower-case"));
        problem.FieldErrors("name.en").Should().ContainSingle(m => m.Contains("required"));
        problem.FieldErrors("url").Should().ContainSingle(m => m.Contains("http or https"));
        problem.FieldErrors("email").Should().ContainSingle();
    }

    [Fact]
    public async Task Post_EmptyBody_IsBadRequest()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);

        var response = await app.ClientFor(null).PostAsync("/api/auth/token", new StringContent("", Encoding.UTF8, "application/json"));

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Detail().Should().NotBeEmpty();
    }

    [Fact]
    public async Task Post_WrongContentType_Is415WithHint()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);

        var response = await app.ClientFor(null).PostAsync("/api/auth/token", new StringContent("email=a", Encoding.UTF8, "text/plain"));

        (await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType)).Detail().Should().Contain("application/json");
    }

    [Fact]
    public async Task Post_BodyOverLimit_Is413()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);
        var huge = "{\"email\":\"" + new string('a', 2 * 1024 * 1024) + "\"}";

        var response = await app.ClientFor(null).PostAsync("/api/auth/token", new StringContent(huge, Encoding.UTF8, "application/json"));

        (await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge)).Detail().Should().Contain("at most 1048576");
    }

    [Fact]
    public async Task Get_UnknownRoute_Is404Problem()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);

        var response = await app.ClientFor(null).GetAsync("/api/no-such-thing");

        (await response.ShouldBeProblemAsync(HttpStatusCode.NotFound)).Detail().Should().Contain("/api/no-such-thing");
    }

    [Fact]
    public async Task Get_OnPostOnlyRoute_Is405Problem()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);

        var response = await app.ClientFor(null).GetAsync("/api/auth/token");

        await response.ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Get_OrganisationIdNotAGuid_Is404NotA500()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);
        var admin = await app.CreateAccountAsync(platformAdmin: true);

        var response = await app.ClientFor(admin).GetAsync("/api/organisations/'%20OR%201=1");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
