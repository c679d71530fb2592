using System.Net;
using System.Net.Http.Json;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BadgeForge.Api.Tests;

/// <summary>
/// Every endpoint of <see cref="EndpointCatalog"/> refuses the anonymous caller, every role that is not allowed,
/// the allowed roles of another organisation, and accounts that must change a generated password; and lets the
/// allowed callers through.
/// </summary>
public sealed class AuthorizationMatrixTests
{
    private static readonly SemaphoreSlim ScenarioLock = new(1, 1);
    private static AccessScenario? _scenario;

    public static TheoryData<string> Endpoints()
    {
        var data = new TheoryData<string>();
        foreach (var endpoint in EndpointCatalog.All)
        {
            data.Add(endpoint.ToString());
        }
        return data;
    }

    [Fact]
    public async Task EveryApiEndpoint_IsInTheCatalog()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);
        var mapped = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(method => $"{method} {e.RoutePattern.RawText}"))
            .ToList();

        mapped.Should().NotBeEmpty();
        mapped.Should().BeSubsetOf(EndpointCatalog.All.Select(e => e.ToString()),
            "every /api endpoint needs an entry in EndpointCatalog, which tests its roles and organisations");
        EndpointCatalog.All.Select(e => e.ToString()).Should().BeSubsetOf(mapped, "the catalog lists only real endpoints");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Endpoint_Anonymous_IsUnauthorizedUnlessPublic(string name)
    {
        var (app, scenario, endpoint) = await ArrangeAsync(name);

        var response = await SendAsync(app.ClientFor(null), endpoint, scenario);

        if (endpoint.Access is EndpointAccess.Anonymous)
        {
            response.StatusCode.Should().NotBe(HttpStatusCode.Unauthorized).And.NotBe(HttpStatusCode.Forbidden);
            return;
        }
        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Should().ContainSingle(h => h.Scheme == "Bearer");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Endpoint_WrongRoleInOrganisation_IsForbidden(string name)
    {
        var (app, scenario, endpoint) = await ArrangeAsync(name);
        var refused = endpoint.Access switch
        {
            EndpointAccess.InOrganisation allowed => scenario.RoleInOrganisation.Where(r => !allowed.Roles.Contains(r.Key)).Select(r => r.Value),
            EndpointAccess.PlatformAdmin => scenario.RoleInOrganisation.Values,
            _ => [],
        };

        foreach (var account in refused.Append(scenario.NoMemberships).Where(_ => endpoint.Access is EndpointAccess.InOrganisation or EndpointAccess.PlatformAdmin))
        {
            var response = await SendAsync(app.ClientFor(account), endpoint, scenario);
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
            problem.Detail().Should().NotBeNullOrWhiteSpace();
        }
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Endpoint_AllowedRoleOfOtherOrganisation_IsForbidden(string name)
    {
        var (app, scenario, endpoint) = await ArrangeAsync(name);
        if (endpoint.Access is not EndpointAccess.InOrganisation allowed)
        {
            return;
        }

        foreach (var role in allowed.Roles)
        {
            var response = await SendAsync(app.ClientFor(scenario.RoleInOtherOrganisation[role]), endpoint, scenario);
            (await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Detail().Should().Contain(scenario.Organisation.ToString());
        }
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Endpoint_AccountWithGeneratedPassword_IsForbiddenUnlessSignedInSuffices(string name)
    {
        var (app, scenario, endpoint) = await ArrangeAsync(name);
        if (endpoint.Access is EndpointAccess.Anonymous or EndpointAccess.SignedIn)
        {
            return;
        }

        var response = await SendAsync(app.ClientFor(scenario.MustChangePassword), endpoint, scenario);

        (await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Detail().Should().Contain("/api/auth/password");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Endpoint_AllowedCallers_AreLetThrough(string name)
    {
        var (app, scenario, endpoint) = await ArrangeAsync(name);
        IEnumerable<TestAccount?> allowed = endpoint.Access switch
        {
            EndpointAccess.Anonymous => [null],
            EndpointAccess.SignedIn => [scenario.NoMemberships, scenario.MustChangePassword],
            EndpointAccess.Active => [scenario.NoMemberships, scenario.PlatformAdmin],
            EndpointAccess.PlatformAdmin => [scenario.PlatformAdmin],
            EndpointAccess.InOrganisation roles => [scenario.PlatformAdmin, .. roles.Roles.Select(r => scenario.RoleInOrganisation[r])],
            _ => throw new InvalidOperationException(endpoint.Access.ToString()),
        };

        foreach (var account in allowed)
        {
            // A fresh token per call: logout and password changes must not spoil the next caller.
            var token = account is null ? null : await app.IssueTokenAsync(account.Id);
            var response = await SendAsync(app.ClientWithToken(token), endpoint, scenario);
            response.StatusCode.Should().NotBe(HttpStatusCode.Unauthorized, "{0} may call {1}", account?.Email ?? "anyone", endpoint)
                .And.NotBe(HttpStatusCode.Forbidden, "{0} may call {1}: {2}", account?.Email ?? "anyone", endpoint,
                    await response.Content.ReadAsStringAsync());
            ((int)response.StatusCode).Should().BeLessThan(500);
        }
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Endpoint_UnknownOrganisation_IsNotFoundEvenForPlatformAdmins(string name)
    {
        var (app, scenario, endpoint) = await ArrangeAsync(name);
        if (endpoint.Access is not EndpointAccess.InOrganisation)
        {
            return;
        }
        var unknown = scenario with { Organisation = Guid.NewGuid() };

        var response = await SendAsync(app.ClientWithToken(await app.IssueTokenAsync(scenario.PlatformAdmin.Id)), endpoint, unknown);

        (await response.ShouldBeProblemAsync(HttpStatusCode.NotFound)).Detail().Should().Contain(unknown.Organisation.ToString());
    }

    private static async Task<(TestApp App, AccessScenario Scenario, EndpointCase Endpoint)> ArrangeAsync(string name)
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);
        await ScenarioLock.WaitAsync();
        try
        {
            _scenario ??= await AccessScenario.CreateAsync(app);
        }
        finally
        {
            ScenarioLock.Release();
        }
        return (app, _scenario, EndpointCatalog.All.Single(e => e.ToString() == name));
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, EndpointCase endpoint, AccessScenario scenario)
    {
        var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.UrlFor(scenario));
        if (endpoint.Body is not null)
        {
            request.Content = JsonContent.Create(endpoint.Body(scenario));
        }
        else if (endpoint.Method is "POST" or "PUT")
        {
            request.Content = JsonContent.Create(new { });
        }
        return client.SendAsync(request);
    }
}
