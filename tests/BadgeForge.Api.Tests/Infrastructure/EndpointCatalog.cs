using BadgeForge.Data.Entities;
using static BadgeForge.Api.Tests.Infrastructure.EndpointAccess;

namespace BadgeForge.Api.Tests.Infrastructure;

/// <summary>
/// Every endpoint under /api with who may call it. A new endpoint that is not listed here fails
/// AuthorizationMatrixTests.EveryApiEndpoint_IsInTheCatalog, so no endpoint ships without wrong-role and
/// wrong-organisation tests.
/// </summary>
public static class EndpointCatalog
{
    private static object OrganisationBody(AccessScenario s) => new
    {
        slug = "org-" + Guid.NewGuid().ToString("N")[..10],
        name = new { sl = "Zavod", en = "Institute" },
        description = new { sl = "Opis", en = "Description" },
        url = "https://example.org",
        email = "info@example.org",
    };

    private static object AwardBody(AccessScenario s) => new
    {
        badge = "initiative-leader@1.0.0/vdp.b.mladi-pobudnik",
        recipientEmail = $"learner-{Guid.NewGuid():N}@example.org",
    };

    private static readonly InOrganisation Issuers = new(OrganisationRole.OrganisationAdmin, OrganisationRole.Trainer);

    private static object TrainingRunBody(AccessScenario s) => new
    {
        model = "initiative-leader@1.0.0",
        trainingId = "vdp.t.motivacija",
        title = "Gimnazija, jesen",
        startsOn = "2026-10-01",
    };

    private static readonly InOrganisation SchoolStaffRoles = new(OrganisationRole.OrganisationAdmin, OrganisationRole.SchoolStaff);

    public static readonly IReadOnlyList<EndpointCase> All =
    [
        new("POST", "/api/auth/token", new Anonymous()),
        new("POST", "/api/auth/refresh", new Anonymous()),
        new("POST", "/api/auth/logout", new SignedIn()),
        new("POST", "/api/auth/password", new SignedIn()),
        new("GET", "/api/me", new SignedIn()),
        new("GET", "/api/organisations/", new Active()),
        new("POST", "/api/organisations/", new PlatformAdmin(), OrganisationBody),
        new("GET", "/api/organisations/{orgId:guid}", new InOrganisation(Enum.GetValues<OrganisationRole>())),
        new("PUT", "/api/organisations/{orgId:guid}", new InOrganisation(OrganisationRole.OrganisationAdmin), OrganisationBody),
        new("GET", "/api/organisations/{orgId:guid}/members/", new InOrganisation(OrganisationRole.OrganisationAdmin)),
        new("POST", "/api/organisations/{orgId:guid}/members/", new InOrganisation(OrganisationRole.OrganisationAdmin),
            _ => new { email = $"new-{Guid.NewGuid():N}@example.org", displayName = "New", roles = new[] { "Trainer" } }),
        new("DELETE", "/api/organisations/{orgId:guid}/members/{accountId:guid}", new InOrganisation(OrganisationRole.OrganisationAdmin)),
        new("GET", "/api/models/", new Anonymous()),
        new("GET", "/api/models/{modelId}/versions/{version}", new Anonymous()),
        new("GET", "/api/models/{modelId}/diff", new Anonymous()),
        new("POST", "/api/organisations/{orgId:guid}/models", new InOrganisation(OrganisationRole.OrganisationAdmin)),
        new("POST", "/api/organisations/{orgId:guid}/assertions/", new InOrganisation(OrganisationRole.OrganisationAdmin, OrganisationRole.Trainer), AwardBody),
        new("GET", "/api/organisations/{orgId:guid}/assertions/", new InOrganisation(OrganisationRole.OrganisationAdmin, OrganisationRole.Trainer)),
        new("GET", "/api/organisations/{orgId:guid}/assertions/{assertionId}", new InOrganisation(OrganisationRole.OrganisationAdmin, OrganisationRole.Trainer)),
        new("POST", "/api/organisations/{orgId:guid}/assertions/{assertionId}/revoke", new InOrganisation(OrganisationRole.OrganisationAdmin, OrganisationRole.Trainer),
            _ => new { reason = "Issued by mistake" }),
        new("POST", "/api/verify/", new Anonymous(), _ => new { jws = "a.b.c" }),
        new("POST", "/api/verify/image", new Anonymous()),
        new("POST", "/api/organisations/{orgId:guid}/trainings/", Issuers, TrainingRunBody),
        new("GET", "/api/organisations/{orgId:guid}/trainings/", Issuers),
        new("GET", "/api/organisations/{orgId:guid}/trainings/{runId:guid}", Issuers),
        new("POST", "/api/organisations/{orgId:guid}/trainings/{runId:guid}/sessions", Issuers,
            _ => new { startsAt = "2026-10-01T08:00:00Z", plannedMinutes = 90 }),
        new("POST", "/api/organisations/{orgId:guid}/trainings/{runId:guid}/enrolments", Issuers,
            _ => new { learners = new[] { new { email = $"learner-{Guid.NewGuid():N}@example.org" } } }),
        new("POST", "/api/organisations/{orgId:guid}/trainings/{runId:guid}/attendance", Issuers,
            _ => new { records = new[] { new { sessionId = Guid.NewGuid(), email = "ana@example.org", status = "Present" } } }),
        new("POST", "/api/organisations/{orgId:guid}/trainings/{runId:guid}/attendance.csv", Issuers),
        new("POST", "/api/organisations/{orgId:guid}/trainings/{runId:guid}/assessments", Issuers,
            _ => new { email = "ana@example.org", competenceId = "vdp.ip.potrebe", indicatorIds = new[] { "1a" }, method = "Observation" }),
        new("POST", "/api/organisations/{orgId:guid}/trainings/{runId:guid}/evidence", Issuers,
            _ => new { email = "ana@example.org", kind = "reflection" }),
        new("POST", "/api/organisations/{orgId:guid}/trainings/{runId:guid}/practice", Issuers,
            _ => new { email = "ana@example.org", kind = "volunteering", startsOn = "2026-10-01", minutes = 120 }),
        new("GET", "/api/organisations/{orgId:guid}/trainings/{runId:guid}/preview", Issuers),
        new("POST", "/api/organisations/{orgId:guid}/trainings/{runId:guid}/preview/award", Issuers),
        // Trainings: run settings and the learner's own records (issue 5).
        new("PUT", "/api/organisations/{orgId:guid}/trainings/{runId:guid}/settings", Issuers, _ => new { autoAward = false }),
        new("GET", "/api/backpack/trainings", new Active()),
        // Trainings: corrections of runs, sessions, enrolments and assessments (issue 5, follow-up).
        new("PUT", "/api/organisations/{orgId:guid}/trainings/{runId:guid}", Issuers,
            _ => new { title = "Popravljeno", startsOn = "2026-10-01" }),
        new("DELETE", "/api/organisations/{orgId:guid}/trainings/{runId:guid}", Issuers),
        new("PUT", "/api/organisations/{orgId:guid}/trainings/{runId:guid}/sessions/{sessionId:guid}", Issuers,
            _ => new { startsAt = "2026-10-01T14:00:00Z", plannedMinutes = 60 }),
        new("DELETE", "/api/organisations/{orgId:guid}/trainings/{runId:guid}/sessions/{sessionId:guid}", Issuers),
        new("POST", "/api/organisations/{orgId:guid}/trainings/{runId:guid}/enrolments/{learnerId:guid}/leave", Issuers, _ => new { }),
        new("DELETE", "/api/organisations/{orgId:guid}/trainings/{runId:guid}/assessments/{assessmentId:guid}", Issuers),
        new("GET", "/api/organisations/{orgId:guid}/keys/", new InOrganisation(OrganisationRole.OrganisationAdmin)),
        new("POST", "/api/organisations/{orgId:guid}/keys/rotate", new InOrganisation(OrganisationRole.OrganisationAdmin)),
        new("POST", "/api/backpack/login-link", new Anonymous(), _ => new { email = $"nobody-{Guid.NewGuid():N}@example.org" }),
        // Like /api/auth/refresh: an empty body, since an unknown token is rightly 401 (the matrix checks access, not tokens).
        new("POST", "/api/backpack/login", new Anonymous()),
        new("GET", "/api/backpack/badges", new Active()),
        new("PUT", "/api/backpack/badges/{assertionId}/visibility", new Active(), _ => new { @public = false }),
        new("POST", "/api/backpack/badges/{assertionId}/shares", new Active(), _ => new { showName = false, showEvidence = false, expiresInDays = 7 }),
        new("GET", "/api/backpack/badges/{assertionId}/shares", new Active()),
        new("DELETE", "/api/backpack/shares/{shareId:guid}", new Active()),
        new("GET", "/api/backpack/export", new Active()),
        // Without ?confirm= the allowed callers get 400, so the matrix never deletes its own accounts.
        new("DELETE", "/api/backpack/account", new Active()),
        // Correction (supersession) of awards
        new("POST", "/api/organisations/{orgId:guid}/assertions/{assertionId}/correct", new InOrganisation(OrganisationRole.OrganisationAdmin),
            _ => new { narrative = "Corrected" }),
        // Expiry: renewal by the earner (own badges only, else 404) and by the issuing organisation's staff
        new("POST", "/api/backpack/badges/{assertionId}/renew", new Active()),
        new("POST", "/api/organisations/{orgId:guid}/assertions/{assertionId}/renew", new InOrganisation(OrganisationRole.OrganisationAdmin, OrganisationRole.Trainer)),
        new("PUT", "/api/backpack/language", new Active(), _ => new { language = "sl" }),
        // Schools (OIV): staff routes need SchoolStaff or OrganisationAdmin; student routes any account (404 unless enrolled).
        new("POST", "/api/organisations/{orgId:guid}/school/courses", SchoolStaffRoles, _ => new
        {
            schoolYear = "2026/27", title = new { sl = "Prosta izbira", en = "Free choice" }, category = "ProstaIzbira", requiredHours = 60, hourMinutes = 45,
        }),
        new("GET", "/api/organisations/{orgId:guid}/school/courses", SchoolStaffRoles),
        new("POST", "/api/organisations/{orgId:guid}/school/classes", SchoolStaffRoles, _ => new
        {
            schoolYear = "2026/27", name = "c-" + Guid.NewGuid().ToString("N")[..8], students = new[] { new { email = $"s-{Guid.NewGuid():N}@example.org", name = "S" } },
        }),
        new("GET", "/api/organisations/{orgId:guid}/school/classes", SchoolStaffRoles),
        new("GET", "/api/organisations/{orgId:guid}/school/submissions", SchoolStaffRoles),
        new("POST", "/api/organisations/{orgId:guid}/school/submissions/{submissionId:guid}/decision", SchoolStaffRoles, _ => new { approve = false, comment = "No" }),
        new("POST", "/api/organisations/{orgId:guid}/school/submissions/decisions", SchoolStaffRoles,
            _ => new { submissionIds = new[] { Guid.NewGuid() }, approve = false, comment = "No" }),
        new("GET", "/api/organisations/{orgId:guid}/school/reports", SchoolStaffRoles),
        new("GET", "/api/organisations/{orgId:guid}/school/reports.csv", SchoolStaffRoles),
        new("POST", "/api/schools/{orgId:guid}/submissions/", new Active(), _ => new { awardId = "no-such-award" }),
        new("POST", "/api/schools/{orgId:guid}/submissions/image", new Active()),
        new("GET", "/api/schools/{orgId:guid}/submissions/", new Active()),
        // Schools: staff editing of the catalogue and classes, and withdrawal of decisions (issue 8, staff follow-up).
        // Unknown ids are 404 for allowed callers.
        new("PUT", "/api/organisations/{orgId:guid}/school/courses/{courseId:guid}", SchoolStaffRoles, _ => new
        {
            schoolYear = "2026/27", title = new { sl = "Prosta izbira", en = "Free choice" }, category = "ProstaIzbira", requiredHours = 60, hourMinutes = 45,
        }),
        new("DELETE", "/api/organisations/{orgId:guid}/school/courses/{courseId:guid}", SchoolStaffRoles),
        new("PUT", "/api/organisations/{orgId:guid}/school/classes/{classId:guid}", SchoolStaffRoles, _ => new
        {
            schoolYear = "2026/27", name = "c-" + Guid.NewGuid().ToString("N")[..8], students = new[] { new { email = $"s-{Guid.NewGuid():N}@example.org", name = "S" } },
        }),
        new("DELETE", "/api/organisations/{orgId:guid}/school/classes/{classId:guid}", SchoolStaffRoles),
        new("POST", "/api/organisations/{orgId:guid}/school/submissions/{submissionId:guid}/decision/withdraw", SchoolStaffRoles, _ => new { reason = "Mistake" }),
        // Bulk issuance: like awarding, for the organisation's admins and trainers; rolling back a batch for its admins.
        // Unknown batch ids are 404 for allowed callers, an empty upload 400.
        new("POST", "/api/organisations/{orgId:guid}/bulk-batches/", Issuers),
        new("GET", "/api/organisations/{orgId:guid}/bulk-batches/{batchId:guid}", Issuers),
        new("POST", "/api/organisations/{orgId:guid}/bulk-batches/{batchId:guid}/confirm", Issuers),
        new("GET", "/api/organisations/{orgId:guid}/bulk-batches/{batchId:guid}/results.csv", Issuers),
        new("POST", "/api/organisations/{orgId:guid}/bulk-batches/{batchId:guid}/cancel", Issuers),
        new("POST", "/api/organisations/{orgId:guid}/bulk-batches/{batchId:guid}/rollback", new InOrganisation(OrganisationRole.OrganisationAdmin),
            _ => new { reason = "Wrong list" }),
        // Bulk issuance, listing and deleting dry runs: like the other bulk endpoints.
        new("GET", "/api/organisations/{orgId:guid}/bulk-batches/", Issuers),
        new("DELETE", "/api/organisations/{orgId:guid}/bulk-batches/{batchId:guid}", Issuers),
    ];
}
