using System.Text.Json;
using BadgeForge.Api.Features.CompetencyModels;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Core.CompetencyModels;
using BadgeForge.Core.Schools;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.Schools;

/// The school's elective catalogue (courses with recognition rules) and its classes of students, per school year.
public static class SchoolCatalogue
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<Results<Created<CourseResponse>, ValidationProblem>> CreateCourse(
        Guid orgId, CreateCourseRequest request, BadgeForgeDbContext db, ModelRegistry registry, TimeProvider clock, CancellationToken ct)
    {
        if (!SchoolHours.HourLengths.Contains(request.HourMinutes))
        {
            return Problems.Invalid("hourMinutes", "The hour length must be 45 (school hours) or 60 (clock hours).");
        }
        var course = new SchoolCourse
        {
            Id = Guid.NewGuid(),
            OrganisationId = orgId,
            SchoolYear = request.SchoolYear,
            Title = request.Title.ToLocalized(),
            Category = request.Category,
            RequiredHours = request.RequiredHours,
            HourMinutes = request.HourMinutes,
            MaxOutsidePercent = request.MaxOutsidePercent,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var rules = request.Rules ?? [];
        for (var i = 0; i < rules.Length; i++)
        {
            var (rule, error) = ToRule(rules[i], $"rules[{i}]", registry);
            if (error is { } e)
            {
                return Problems.Invalid(e.Field, e.Message);
            }
            rule!.Id = Guid.NewGuid();
            rule.CourseId = course.Id;
            rule.Position = i;
            course.Rules.Add(rule);
        }
        db.SchoolCourses.Add(course);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/organisations/{orgId}/school/courses/{course.Id}", course.ToResponse());
    }

    public static async Task<Ok<List<CourseResponse>>> ListCourses(Guid orgId, string? schoolYear, BadgeForgeDbContext db, CancellationToken ct)
    {
        var courses = await db.SchoolCourses.AsNoTracking().Include(c => c.Rules)
            .Where(c => c.OrganisationId == orgId && (schoolYear == null || c.SchoolYear == schoolYear))
            .OrderBy(c => c.SchoolYear).ThenBy(c => c.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(courses.Select(c => c.ToResponse()).ToList());
    }

    public static async Task<Results<Created<ClassResponse>, ValidationProblem, ProblemHttpResult>> CreateClass(
        Guid orgId, CreateClassRequest request, BadgeForgeDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (request.ClassTeacherId is { } teacher && !await db.Memberships.AnyAsync(m => m.OrganisationId == orgId && m.AccountId == teacher
                && (m.Role == OrganisationRole.SchoolStaff || m.Role == OrganisationRole.OrganisationAdmin), ct))
        {
            return Problems.Invalid("classTeacherId", $"Account {teacher} is not school staff of this school.");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var students = new List<SchoolStudent>();
        for (var i = 0; i < request.Students.Length; i++)
        {
            var email = EmailAddress.Normalise(request.Students[i].Email);
            if (!seen.Add(email))
            {
                return Problems.Invalid($"students[{i}].email", $"{email} is listed twice.");
            }
            students.Add(new SchoolStudent { Id = Guid.NewGuid(), Email = email, Name = request.Students[i].Name.Trim() });
        }
        var name = request.Name.Trim();
        if (await db.SchoolClasses.AnyAsync(c => c.OrganisationId == orgId && c.SchoolYear == request.SchoolYear && c.Name == name, ct))
        {
            return Problems.Conflict($"Class {name} already exists in {request.SchoolYear}.");
        }
        var schoolClass = new SchoolClass
        {
            Id = Guid.NewGuid(),
            OrganisationId = orgId,
            SchoolYear = request.SchoolYear,
            Name = name,
            ClassTeacherAccountId = request.ClassTeacherId,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            Students = students,
        };
        db.SchoolClasses.Add(schoolClass);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another request created the same class between the check and the insert.
            return Problems.Conflict($"Class {name} already exists in {request.SchoolYear}.");
        }
        return TypedResults.Created($"/api/organisations/{orgId}/school/classes/{schoolClass.Id}", schoolClass.ToResponse());
    }

    public static async Task<Ok<List<ClassResponse>>> ListClasses(Guid orgId, string? schoolYear, BadgeForgeDbContext db, CancellationToken ct)
    {
        var classes = await db.SchoolClasses.AsNoTracking().Include(c => c.Students)
            .Where(c => c.OrganisationId == orgId && (schoolYear == null || c.SchoolYear == schoolYear))
            .OrderBy(c => c.SchoolYear).ThenBy(c => c.Name).ToListAsync(ct);
        return TypedResults.Ok(classes.Select(c => c.ToResponse()).ToList());
    }

    private static (SchoolRecognitionRule? Rule, (string Field, string Message)? Error) ToRule(RuleRequest r, string path, ModelRegistry registry)
    {
        var given = new object?[] { r.Badge, r.BadgeClassUrl, r.Competences, r.AttendedHoursOf }.Count(v => v is not null);
        if (given != 1)
        {
            return (null, ($"{path}.badge", "Give exactly one of badge, badgeClassUrl, competences or attendedHoursOf."));
        }
        if (!SchoolHours.HourLengths.Contains(r.HourMinutes))
        {
            return (null, ($"{path}.hourMinutes", "State the hour length of the credit: 45 (school hours) or 60 (clock hours)."));
        }
        var rule = new SchoolRecognitionRule { Minutes = SchoolHours.ToMinutes(r.Hours, r.HourMinutes), HourMinutes = r.HourMinutes };
        if (r.BadgeClassUrl is not null)
        {
            rule.Kind = SchoolRuleKind.Badge;
            rule.BadgeClassUrl = r.BadgeClassUrl;
            return (rule, null);
        }
        if (r.Badge is not null)
        {
            if (ParseBadge(r.Badge, registry) is not { } badge)
            {
                return (null, ($"{path}.badge",
                    $"'{r.Badge}' is not a known badge: write model@version/badge for one version or model/badge for any version, e.g. initiative-leader/vdp.b.mladi-pobudnik."));
            }
            rule.Kind = SchoolRuleKind.Badge;
            (rule.ModelId, rule.ModelVersion, rule.BadgeId) = badge;
            return (rule, null);
        }
        if (r.AttendedHoursOf is not null)
        {
            if (ParseBadge(r.AttendedHoursOf, registry) is not { } attended)
            {
                return (null, ($"{path}.attendedHoursOf", $"'{r.AttendedHoursOf}' is not a known badge: write model@version/badge or model/badge."));
            }
            var hasAttendance = registry.Catalog.Models.Where(m => m.Id == attended.Model && (attended.Version == null || m.Version.ToString() == attended.Version))
                .Select(m => m.FindBadge(attended.Badge)).OfType<BadgeDefinition>().Any(b => SubmittedBadge.AttendanceCriteria(b).Count > 0);
            if (!hasAttendance)
            {
                return (null, ($"{path}.attendedHoursOf", $"'{r.AttendedHoursOf}' is not an attendance badge: its criteria count no attended hours."));
            }
            rule.Kind = SchoolRuleKind.AttendedHours;
            (rule.ModelId, rule.ModelVersion, rule.BadgeId) = attended;
            return (rule, null);
        }
        if (r.Competences!.Length == 0)
        {
            return (null, ($"{path}.competences", "List at least one competence."));
        }
        for (var i = 0; i < r.Competences.Length; i++)
        {
            var c = r.Competences[i];
            if (!registry.Catalog.Models.Any(m => m.Id == c.ModelId && m.FindCompetence(c.CompetenceId) is not null))
            {
                return (null, ($"{path}.competences[{i}].competenceId", $"No version of model '{c.ModelId}' has a competence '{c.CompetenceId}'."));
            }
        }
        rule.Kind = SchoolRuleKind.Competences;
        rule.CompetencesJson = JsonSerializer.Serialize(r.Competences.Select(c => new RequiredCompetence(c.ModelId, c.CompetenceId, c.MinLevel)), Json);
        return (rule, null);
    }

    /// "model@version/badge" (that version) or "model/badge" (any version) of a badge that exists.
    private static (string Model, string? Version, string Badge)? ParseBadge(string reference, ModelRegistry registry)
    {
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return null;
        }
        var badgeId = reference[(slash + 1)..];
        var modelPart = reference[..slash];
        if (modelPart.Contains('@', StringComparison.Ordinal))
        {
            return ModelReference.TryParse(modelPart, out var modelReference)
                   && registry.Catalog.Find(modelReference)?.FindBadge(badgeId) is not null
                ? (modelReference.Id, modelReference.Version.ToString(), badgeId)
                : null;
        }
        return registry.Catalog.Models.Any(m => m.Id == modelPart && m.FindBadge(badgeId) is not null) ? (modelPart, null, badgeId) : null;
    }

    internal static RecognitionRule ToCore(this SchoolRecognitionRule r) => r.Kind switch
    {
        SchoolRuleKind.Competences => new RecognitionRule.Competences(r.Id, r.CourseId, Hours(r), r.HourMinutes,
            JsonSerializer.Deserialize<List<RequiredCompetence>>(r.CompetencesJson ?? "[]", Json) ?? []),
        SchoolRuleKind.AttendedHours => new RecognitionRule.AttendedHours(r.Id, r.CourseId, Hours(r), r.HourMinutes, r.ModelId!, r.ModelVersion, r.BadgeId!),
        _ => new RecognitionRule.Badge(r.Id, r.CourseId, Hours(r), r.HourMinutes, r.ModelId, r.ModelVersion, r.BadgeId, r.BadgeClassUrl),
    };

    private static decimal Hours(SchoolRecognitionRule r) => (decimal)r.Minutes / r.HourMinutes;

    internal static CourseResponse ToResponse(this SchoolCourse c) => new(
        c.Id, c.SchoolYear, c.Title, c.Category, c.RequiredHours, c.HourMinutes, c.MaxOutsidePercent,
        [.. c.Rules.OrderBy(r => r.Position).Select(r => new RuleResponse(
            r.Id, r.Kind,
            r.ModelId is null ? null : r.ModelVersion is null ? $"{r.ModelId}/{r.BadgeId}" : $"{r.ModelId}@{r.ModelVersion}/{r.BadgeId}",
            r.BadgeClassUrl,
            r.Kind == SchoolRuleKind.Competences ? JsonSerializer.Deserialize<List<RequiredCompetence>>(r.CompetencesJson ?? "[]", Json) : null,
            SchoolHours.ToHours(r.Minutes, r.HourMinutes), r.HourMinutes))]);

    internal static ClassResponse ToResponse(this SchoolClass c) => new(
        c.Id, c.SchoolYear, c.Name, c.ClassTeacherAccountId,
        [.. c.Students.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => new StudentResponse(s.Id, s.Email, s.Name))]);
}
