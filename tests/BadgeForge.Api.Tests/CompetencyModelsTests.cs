using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Tests;

public sealed class CompetencyModelsTests
{
    private const string ValidatorAccept = "application/ld+json, application/json, image/png, image/svg+xml";
    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    internal static string ShippedYaml(string model = "initiative-leader", string version = "1.0.0") =>
        File.ReadAllText(Path.Combine(RepositoryPaths.Root, "competency-models", model, version + ".yaml"));

    /// The shipped initiative-leader model under a new id: a realistic, valid upload.
    internal static string UploadableYaml(string id) =>
        ShippedYaml().Replace("id: initiative-leader\n", $"id: {id}\n", StringComparison.Ordinal);

    [Fact]
    public async Task List_ShowsTheThreeShippedModelsAndTheirVersions()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);

        var models = await app.ClientFor(null).GetFromJsonAsync<JsonElement>("/api/models");

        var byId = models.EnumerateArray().ToDictionary(m => m.GetProperty("id").GetString()!);
        byId.Keys.Should().Contain(["as-aktiviraj-se", "community-worker", "initiative-leader"]);
        byId["community-worker"].GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetString())
            .Should().StartWith(["1.0.0", "2.0.0"]);
        byId["as-aktiviraj-se"].GetProperty("title").GetProperty("sl").GetString().Should().Be("AS – Aktiviraj se!");
        byId["as-aktiviraj-se"].GetProperty("versions")[0].GetProperty("url").GetString()
            .Should().Be($"{TestApp.PublicBaseUrl}/models/as-aktiviraj-se/1.0.0");
    }

    [Fact]
    public async Task GetVersion_ReturnsModelWithTypedCriteria()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);

        var model = await app.ClientFor(null).GetFromJsonAsync<JsonElement>("/api/models/as-aktiviraj-se/versions/1.0.0");

        model.GetProperty("id").GetString().Should().Be("as-aktiviraj-se");
        model.GetProperty("version").GetString().Should().Be("1.0.0");
        var modules = model.GetProperty("trainings")[0].GetProperty("modules").EnumerateArray().Select(m => m.GetProperty("groupHours").GetDecimal());
        modules.Should().Equal(48m, 480m, 48m);
        var rules = model.GetProperty("badges").EnumerateArray().Select(b => b.GetProperty("criteria").GetProperty("rule").GetProperty("type").GetString());
        rules.Should().OnlyContain(t => t == "all" || t == "any" || t == "at_least" || t == "attendance" || t == "competence" || t == "badge" || t == "practice" || t == "evidence");
    }

    [Fact]
    public async Task GetVersion_Unknown_Is404Problem()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);

        var response = await app.ClientFor(null).GetAsync("/api/models/as-aktiviraj-se/versions/9.9.9");

        (await response.ShouldBeProblemAsync(HttpStatusCode.NotFound)).Detail().Should().Contain("as-aktiviraj-se@9.9.9");
    }

    [Fact]
    public async Task Diff_CommunityWorker1To2_ListsCompetenceChanges()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);

        var diff = await app.ClientFor(null).GetFromJsonAsync<JsonElement>("/api/models/community-worker/diff?from=1.0.0&to=2.0.0");
        var missing = await app.ClientFor(null).GetAsync("/api/models/community-worker/diff?from=1.0.0");

        diff.GetProperty("competences").GetArrayLength().Should().BeGreaterThan(0);
        (await missing.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("to").Should().NotBeEmpty();
    }

    [Fact]
    public async Task CompetencePage_Browser_GetsReadableHtmlInRequestedLanguage()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);
        var model = await app.ClientFor(null).GetFromJsonAsync<JsonElement>("/api/models/as-aktiviraj-se/versions/1.0.0");
        var competence = model.GetProperty("areas")[0].GetProperty("competences")[0];
        var id = competence.GetProperty("id").GetString()!;
        var url = $"/models/as-aktiviraj-se/1.0.0/competences/{id}";

        var slovenian = await GetAsync(app, url, BrowserAccept, "sl-SI,sl;q=0.9,en;q=0.8");
        var english = await GetAsync(app, url, BrowserAccept, "en-GB,en;q=0.9");
        var switched = await GetAsync(app, url + "?lang=en", BrowserAccept, "sl");

        slovenian.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var sl = await slovenian.Content.ReadAsStringAsync();
        sl.Should().Contain("<html lang=\"sl\"").And.Contain(competence.GetProperty("title").GetProperty("sl").GetString()!);
        sl.Should().Contain("Raven 1");
        (await english.Content.ReadAsStringAsync()).Should().Contain("<html lang=\"en\"").And.Contain(competence.GetProperty("title").GetProperty("en").GetString()!);
        (await switched.Content.ReadAsStringAsync()).Should().Contain("<html lang=\"en\"");
    }

    [Fact]
    public async Task CompetenceAndLevelUrls_Machines_GetJsonWithPermanentUrls()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);
        var model = await app.ClientFor(null).GetFromJsonAsync<JsonElement>("/api/models/initiative-leader/versions/1.0.0");
        var competence = model.GetProperty("areas")[0].GetProperty("competences")[0];
        var id = competence.GetProperty("id").GetString()!;
        var url = $"/models/initiative-leader/1.0.0/competences/{id}";

        var document = await (await GetAsync(app, url, ValidatorAccept)).Content.ReadFromJsonAsync<JsonElement>();
        var level = await (await GetAsync(app, url + "/levels/1", ValidatorAccept)).Content.ReadFromJsonAsync<JsonElement>();

        document.GetProperty("url").GetString().Should().Be(TestApp.PublicBaseUrl + url);
        document.GetProperty("model").GetString().Should().Be("initiative-leader@1.0.0");
        document.GetProperty("levels")[0].GetProperty("indicators").GetArrayLength().Should().BeGreaterThan(0);
        level.GetProperty("url").GetString().Should().Be(TestApp.PublicBaseUrl + url + "/levels/1");
        level.GetProperty("levels").EnumerateArray().Should().OnlyContain(l => l.GetProperty("level").GetInt32() <= 1);
    }

    [Theory]
    [InlineData("/models/initiative-leader/1.0.0/competences/no-such-competence")]
    [InlineData("/models/initiative-leader/7.0.0")]
    [InlineData("/models/initiative-leader/not-semver")]
    public async Task Pages_Unknown_Are404Problems(string url)
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);

        var response = await GetAsync(app, url, BrowserAccept);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task LevelPage_LevelOutsideCompetence_Is404()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);
        var model = await app.ClientFor(null).GetFromJsonAsync<JsonElement>("/api/models/initiative-leader/versions/1.0.0");
        var id = model.GetProperty("areas")[0].GetProperty("competences")[0].GetProperty("id").GetString();

        var response = await GetAsync(app, $"/models/initiative-leader/1.0.0/competences/{id}/levels/99", ValidatorAccept);

        (await response.ShouldBeProblemAsync(HttpStatusCode.NotFound)).Detail().Should().Contain("no level 99");
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Upload_ValidNewModel_IsAddedOnceAndOwnedByTheUploader(DatabaseProvider provider)
    {
        var app = await TestApp.For(provider);
        var organisation = await app.CreateOrganisationAsync();
        var other = await app.CreateOrganisationAsync();
        var admin = await app.CreateAccountAsync(roles: (organisation.Id, OrganisationRole.OrganisationAdmin));
        var otherAdmin = await app.CreateAccountAsync(roles: (other.Id, OrganisationRole.OrganisationAdmin));
        var id = "upload-" + Guid.NewGuid().ToString("N")[..8];

        var created = await PostYamlAsync(app.ClientFor(admin), organisation.Id, UploadableYaml(id));
        var again = await PostYamlAsync(app.ClientFor(admin), organisation.Id, UploadableYaml(id));
        var hijack = await PostYamlAsync(app.ClientFor(otherAdmin), other.Id, UploadableYaml(id).Replace("version: \"1.0.0\"", "version: \"1.1.0\""));

        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        created.Headers.Location.Should().Be(new Uri($"{TestApp.PublicBaseUrl}/models/{id}/1.0.0"));
        (await app.ClientFor(null).GetAsync($"/api/models/{id}/versions/1.0.0")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await again.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Detail().Should().Contain("never change");
        (await hijack.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Detail().Should().Contain("another owner");
        var record = await app.WithDbAsync(db => db.ModelVersions.SingleAsync(m => m.ModelId == id));
        record.UploadedByOrganisationId.Should().Be(organisation.Id);
        record.Yaml.Should().Contain($"id: {id}");
    }

    [Fact]
    public async Task Upload_InvalidModel_ListsEveryProblemWithLineAndColumn_AndStoresNothing()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);
        var organisation = await app.CreateOrganisationAsync();
        var admin = await app.CreateAccountAsync(roles: (organisation.Id, OrganisationRole.OrganisationAdmin));
        var id = "broken-" + Guid.NewGuid().ToString("N")[..8];
        var yaml = UploadableYaml(id).Replace("status: published", "statuss: published").Replace("version: \"1.0.0\"", "version: \"1.0\"");

        var response = await PostYamlAsync(app.ClientFor(admin), organisation.Id, yaml);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var problems = problem.GetProperty("problems").EnumerateArray().ToList();
        problems.Should().HaveCountGreaterThanOrEqualTo(2);
        problems.Should().Contain(p => p.GetProperty("message").GetString()!.Contains("did you mean", StringComparison.OrdinalIgnoreCase));
        problems.Should().OnlyContain(p => p.GetProperty("line").GetInt32() > 0 && p.GetProperty("column").GetInt32() > 0);
        (await app.WithDbAsync(db => db.ModelVersions.AnyAsync(m => m.ModelId == id))).Should().BeFalse();
    }

    [Theory]
    [InlineData("a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", "anchors")]
    [InlineData("!!python/object:os.system [\"rm -rf /\"]\n", "tag")]
    [InlineData("\u0000\u0001\u0002 binary", "line 1")]
    public async Task Upload_HostileYaml_IsRejectedWithPosition(string yaml, string expected)
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);
        var organisation = await app.CreateOrganisationAsync();
        var admin = await app.CreateAccountAsync(roles: (organisation.Id, OrganisationRole.OrganisationAdmin));

        var response = await PostYamlAsync(app.ClientFor(admin), organisation.Id, yaml);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("problems")[0].GetProperty("line").GetInt32().Should().BeGreaterThan(0);
        problem.Detail().Should().ContainEquivalentOf(expected);
    }

    [Fact]
    public async Task Upload_TooLargeOrWrongType_IsRefusedBeforeParsing()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);
        var organisation = await app.CreateOrganisationAsync();
        var admin = await app.CreateAccountAsync(roles: (organisation.Id, OrganisationRole.OrganisationAdmin));
        var client = app.ClientFor(admin);

        var huge = await PostYamlAsync(client, organisation.Id, "a: " + new string('x', 2 * 1024 * 1024));
        var json = await client.PostAsJsonAsync($"/api/organisations/{organisation.Id}/models", new { id = "x" });

        await huge.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        (await json.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType)).Detail().Should().Contain("application/yaml");
    }

    private static Task<HttpResponseMessage> PostYamlAsync(HttpClient client, Guid organisationId, string yaml) =>
        client.PostAsync($"/api/organisations/{organisationId}/models", new StringContent(yaml, Encoding.UTF8, "application/yaml"));

    private static Task<HttpResponseMessage> GetAsync(TestApp app, string url, string accept, string? language = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd(accept);
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }
        return app.ClientFor(null).SendAsync(request);
    }
}
