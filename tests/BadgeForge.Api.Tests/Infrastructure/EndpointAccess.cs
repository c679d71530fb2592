using BadgeForge.Data.Entities;

namespace BadgeForge.Api.Tests.Infrastructure;

/// <summary>
/// Who may call an endpoint. Every endpoint under /api is listed in <see cref="EndpointCatalog"/> with one of these,
/// and AuthorizationMatrixTests checks it against the anonymous caller, every wrong role, the wrong organisation and
/// an account that still has to change its password.
/// </summary>
public abstract record EndpointAccess
{
    /// No sign-in needed.
    public sealed record Anonymous : EndpointAccess;

    /// Any signed-in account, even one that must still change its generated password.
    public sealed record SignedIn : EndpointAccess;

    /// Any signed-in account whose password is its own.
    public sealed record Active : EndpointAccess;

    /// Platform admins only.
    public sealed record PlatformAdmin : EndpointAccess;

    /// Platform admins, and these roles in the organisation of the route's {orgId}.
    public sealed record InOrganisation(params OrganisationRole[] Roles) : EndpointAccess;
}

/// <param name="Method">HTTP method.</param>
/// <param name="Route">Route pattern exactly as mapped, e.g. "/api/organisations/{orgId:guid}".</param>
/// <param name="Access">Who may call it.</param>
/// <param name="Body">A valid request body for the caller's scenario (null for none).</param>
public sealed record EndpointCase(string Method, string Route, EndpointAccess Access, Func<AccessScenario, object?>? Body = null)
{
    /// A run id nobody has: allowed callers get 404, which is all the matrix needs.
    public static readonly Guid NoSuchRun = Guid.Parse("00000000-0000-4000-8000-00000000d00d");

    public override string ToString() => $"{Method} {Route}";

    /// The concrete URL for a scenario: {orgId} is the scenario's organisation, {accountId} a member that may be changed,
    /// {modelId}@{version} a shipped model.
    public string UrlFor(AccessScenario scenario) => Route
        .Replace("{orgId:guid}", scenario.Organisation.ToString())
        .Replace("{accountId:guid}", scenario.Victim.ToString())
        .Replace("{assertionId}", "no-such-assertion")
        .Replace("{runId:guid}", NoSuchRun.ToString())
        .Replace("{shareId:guid}", Guid.Empty.ToString())
        .Replace("{batchId:guid}", Guid.Empty.ToString())
        .Replace("{sessionId:guid}", Guid.Empty.ToString())
        .Replace("{learnerId:guid}", Guid.Empty.ToString())
        .Replace("{assessmentId:guid}", Guid.Empty.ToString())
        .Replace("{modelId}", "community-worker")
        .Replace("{version}", "1.0.0")
        .Replace("{submissionId:guid}", NoSuchRun.ToString())
        .Replace("{courseId:guid}", Guid.Empty.ToString())
        .Replace("{classId:guid}", Guid.Empty.ToString());
}

/// <summary>Two organisations and one account per role; built once per app.</summary>
public sealed record AccessScenario(
    Guid Organisation,
    Guid OtherOrganisation,
    Guid Victim,
    TestAccount PlatformAdmin,
    IReadOnlyDictionary<OrganisationRole, TestAccount> RoleInOrganisation,
    IReadOnlyDictionary<OrganisationRole, TestAccount> RoleInOtherOrganisation,
    TestAccount NoMemberships,
    TestAccount MustChangePassword)
{
    public static async Task<AccessScenario> CreateAsync(TestApp app)
    {
        var organisation = await app.CreateOrganisationAsync();
        var other = await app.CreateOrganisationAsync();
        var inOrganisation = new Dictionary<OrganisationRole, TestAccount>();
        var inOther = new Dictionary<OrganisationRole, TestAccount>();
        foreach (var role in Enum.GetValues<OrganisationRole>())
        {
            inOrganisation[role] = await app.CreateAccountAsync(roles: (organisation.Id, role));
            inOther[role] = await app.CreateAccountAsync(roles: (other.Id, role));
        }
        return new AccessScenario(
            organisation.Id,
            other.Id,
            (await app.CreateAccountAsync(roles: (organisation.Id, OrganisationRole.Trainer))).Id,
            await app.CreateAccountAsync(platformAdmin: true),
            inOrganisation,
            inOther,
            await app.CreateAccountAsync(),
            await app.CreateAccountAsync(mustChangePassword: true, roles: [.. Enum.GetValues<OrganisationRole>().Select(r => (organisation.Id, r))]));
    }
}
