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
        var course = new SchoolCourse
        {
            Id = Guid.NewGuid(),
            OrganisationId = orgId,
            SchoolYear = request.SchoolYear,
            Title = request.Title.ToLocalized(),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        if (Apply(request, course, registry) is { } invalid)
        {
            return invalid;
        }
        db.SchoolCourses.Add(course);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/organisations/{orgId}/school/courses/{course.Id}", course.ToResponse());
    }

    /// <summary>
    /// Replaces a course's settings and its whole list of rules. Hours already credited stay as approved (they are kept
    /// in minutes, so a new hour length shows them in the new unit); pending submissions are matched again on approval.
    /// A course with approved recognitions keeps its school year: moving it would move the credited hours to another year.
    /// </summary>
    public static async Task<Results<Ok<CourseResponse>, ValidationProblem, ProblemHttpResult>> UpdateCourse(
        Guid orgId, Guid courseId, CreateCourseRequest request, BadgeForgeDbContext db, ModelRegistry registry, CancellationToken ct)
    {
        var course = await db.SchoolCourses.Include(c => c.Rules).SingleOrDefaultAsync(c => c.Id == courseId && c.OrganisationId == orgId, ct);
        if (course is null)
        {
            return NoSuchCourse(courseId);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Checked under the course's row lock, which an approval also takes: none can credit the old year meanwhile.
        await SchoolLocks.CourseAsync(db, courseId, ct);
        if (request.SchoolYear != course.SchoolYear && await ApprovedInAsync(db, courseId, ct) is > 0 and var approved)
        {
            return Problems.Conflict(
                $"Course {courseId} has {approved} approved recognitions in {course.SchoolYear}: its school year cannot change. Create a course for {request.SchoolYear} instead.");
        }
        db.SchoolRecognitionRules.RemoveRange(course.Rules);
        course.Rules = [];
        course.SchoolYear = request.SchoolYear;
        course.Title = request.Title.ToLocalized();
        if (Apply(request, course, registry) is { } invalid)
        {
            return invalid;
        }
        db.SchoolRecognitionRules.AddRange(course.Rules);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(course.ToResponse());
    }

    /// <summary>
    /// Deletes a course with its rules, unless students hold approved recognitions for it (409: withdraw those decisions
    /// first, so that no recognition badge points to hours of a course that no longer exists). Pending submissions
    /// proposed for it lose the proposal and are matched again on approval.
    /// </summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteCourse(Guid orgId, Guid courseId, BadgeForgeDbContext db, CancellationToken ct)
    {
        var course = await db.SchoolCourses.SingleOrDefaultAsync(c => c.Id == courseId && c.OrganisationId == orgId, ct);
        if (course is null)
        {
            return NoSuchCourse(courseId);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Submissions before the course (SchoolLocks' order): an approval holds its submission, then takes the course.
        await db.SchoolSubmissions.Where(s => s.OrganisationId == orgId && s.ProposedCourseId == courseId && s.Status != SchoolSubmissionStatus.Approved)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.ProposedCourseId, (Guid?)null).SetProperty(s => s.ProposedMinutes, 0), ct);
        // Counted under the course's row lock, which an approval also takes: none can slip in between check and delete.
        await SchoolLocks.CourseAsync(db, courseId, ct);
        if (await ApprovedInAsync(db, courseId, ct) is > 0 and var approved)
        {
            await transaction.RollbackAsync(ct);
            return Problems.Conflict(
                $"Course {courseId} has {approved} approved recognitions: withdraw those decisions first, so that no recognition is left without its course.");
        }
        db.SchoolCourses.Remove(course);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    private static Task<int> ApprovedInAsync(BadgeForgeDbContext db, Guid courseId, CancellationToken ct) =>
        db.SchoolSubmissions.CountAsync(s => s.CreditedCourseId == courseId && s.Status == SchoolSubmissionStatus.Approved, ct);

    private static ProblemHttpResult NoSuchCourse(Guid courseId) => Problems.NotFound($"This school has no course {courseId}.");

    /// Validates the request and sets the course's settings and rules from it; a problem naming the field, or null.
    private static ValidationProblem? Apply(CreateCourseRequest request, SchoolCourse course, ModelRegistry registry)
    {
        if (!SchoolHours.HourLengths.Contains(request.HourMinutes))
        {
            return Problems.Invalid("hourMinutes", "The hour length must be 45 (school hours) or 60 (clock hours).");
        }
        course.Category = request.Category;
        course.RequiredHours = request.RequiredHours;
        course.HourMinutes = request.HourMinutes;
        course.MaxOutsidePercent = request.MaxOutsidePercent;
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
        return null;
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
        if (await CheckClassAsync(orgId, request, db, ct) is { } invalid)
        {
            return invalid;
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
            Students = [.. request.Students.Select(s => new SchoolStudent { Id = Guid.NewGuid(), Email = EmailAddress.Normalise(s.Email), Name = s.Name.Trim() })],
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

    /// <summary>
    /// Replaces a class's name, class teacher and list of students. Students are matched by email: those still listed keep
    /// their id and submissions (their name is updated), new ones are added, and those left out are removed with their
    /// rejected submissions. A student with a pending or approved submission cannot be removed (409: decide, or withdraw
    /// the approval, first), and a class whose students have any counted submission keeps its school year.
    /// </summary>
    public static async Task<Results<Ok<ClassResponse>, ValidationProblem, ProblemHttpResult>> UpdateClass(
        Guid orgId, Guid classId, CreateClassRequest request, BadgeForgeDbContext db, CancellationToken ct)
    {
        var schoolClass = await db.SchoolClasses.Include(c => c.Students).SingleOrDefaultAsync(c => c.Id == classId && c.OrganisationId == orgId, ct);
        if (schoolClass is null)
        {
            return NoSuchClass(classId);
        }
        if (await CheckClassAsync(orgId, request, db, ct) is { } invalid)
        {
            return invalid;
        }
        var name = request.Name.Trim();
        if (await db.SchoolClasses.AnyAsync(c => c.OrganisationId == orgId && c.SchoolYear == request.SchoolYear && c.Name == name && c.Id != classId, ct))
        {
            return Problems.Conflict($"Class {name} already exists in {request.SchoolYear}.");
        }
        var listed = request.Students.ToDictionary(s => EmailAddress.Normalise(s.Email), s => s.Name.Trim(), StringComparer.Ordinal);
        var removed = schoolClass.Students.Where(s => !listed.ContainsKey(s.Email)).ToList();
        var stayingIds = schoolClass.Students.Except(removed).Select(s => s.Id).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Checked under the students' row locks, which approvals also take.
        await SchoolLocks.StudentsAsync(db, s => s.ClassId == classId, ct);
        if (await CountedAsync(db, removed.Select(s => s.Id).ToList(), ct) is { } blocking)
        {
            await transaction.RollbackAsync(ct);
            return blocking;
        }
        if (request.SchoolYear != schoolClass.SchoolYear && await CountedAsync(db, stayingIds, ct) is not null)
        {
            await transaction.RollbackAsync(ct);
            return Problems.Conflict($"Students of class {schoolClass.Name} have pending or approved submissions in {schoolClass.SchoolYear}: the class keeps its school year.");
        }
        await DeleteRejectedAsync(db, removed.Select(s => s.Id).ToList(), ct);
        db.SchoolStudents.RemoveRange(removed);
        foreach (var student in schoolClass.Students.Except(removed))
        {
            student.Name = listed[student.Email];
        }
        var known = schoolClass.Students.Select(s => s.Email).ToHashSet(StringComparer.Ordinal);
        foreach (var (email, studentName) in listed.Where(l => !known.Contains(l.Key)))
        {
            var student = new SchoolStudent { Id = Guid.NewGuid(), ClassId = schoolClass.Id, Email = email, Name = studentName };
            db.SchoolStudents.Add(student);
        }
        schoolClass.Name = name;
        schoolClass.SchoolYear = request.SchoolYear;
        schoolClass.ClassTeacherAccountId = request.ClassTeacherId;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The unique name, or a student left out submitted a badge between the check and the delete.
            return Problems.Conflict($"Class {name} already exists in {request.SchoolYear}, or a student left out submitted a badge just now: reload and try again.");
        }
        await transaction.CommitAsync(ct);
        var saved = await db.SchoolClasses.AsNoTracking().Include(c => c.Students).SingleAsync(c => c.Id == classId, ct);
        return TypedResults.Ok(saved.ToResponse());
    }

    /// <summary>
    /// Deletes a class with its students and their rejected submissions, unless a student has a pending or approved
    /// submission (409): approved recognitions must never be left without their student.
    /// </summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteClass(Guid orgId, Guid classId, BadgeForgeDbContext db, CancellationToken ct)
    {
        var schoolClass = await db.SchoolClasses.Include(c => c.Students).SingleOrDefaultAsync(c => c.Id == classId && c.OrganisationId == orgId, ct);
        if (schoolClass is null)
        {
            return NoSuchClass(classId);
        }
        var students = schoolClass.Students.Select(s => s.Id).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Checked under the students' row locks, which approvals also take.
        await SchoolLocks.StudentsAsync(db, s => s.ClassId == classId, ct);
        if (await CountedAsync(db, students, ct) is { } blocking)
        {
            await transaction.RollbackAsync(ct);
            return blocking;
        }
        await DeleteRejectedAsync(db, students, ct);
        db.SchoolClasses.Remove(schoolClass);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A student submitted a badge between the check and the delete (the submission's key to the student).
            return Problems.Conflict($"A student of class {schoolClass.Name} submitted a badge just now: decide it first.");
        }
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    /// A 409 naming the students who still have pending or approved submissions, or null.
    private static async Task<ProblemHttpResult?> CountedAsync(BadgeForgeDbContext db, List<Guid> studentIds, CancellationToken ct)
    {
        var counted = await db.SchoolSubmissions.AsNoTracking()
            .Where(s => studentIds.Contains(s.StudentId) && s.Status != SchoolSubmissionStatus.Rejected)
            .Join(db.SchoolStudents, s => s.StudentId, st => st.Id, (s, st) => new { st.Email, s.Status })
            .ToListAsync(ct);
        if (counted.Count == 0)
        {
            return null;
        }
        var approved = counted.Count(c => c.Status == SchoolSubmissionStatus.Approved);
        return Problems.Conflict(
            $"{string.Join(", ", counted.Select(c => c.Email).Distinct().Order(StringComparer.Ordinal))} still have {counted.Count - approved} pending and {approved} approved submissions: "
            + "decide the pending ones and withdraw the approvals first, so that no recognition is left without its student.");
    }

    private static Task<int> DeleteRejectedAsync(BadgeForgeDbContext db, List<Guid> studentIds, CancellationToken ct) =>
        db.SchoolSubmissions.Where(s => studentIds.Contains(s.StudentId) && s.Status == SchoolSubmissionStatus.Rejected).ExecuteDeleteAsync(ct);

    private static async Task<ValidationProblem?> CheckClassAsync(Guid orgId, CreateClassRequest request, BadgeForgeDbContext db, CancellationToken ct)
    {
        if (request.ClassTeacherId is { } teacher && !await db.Memberships.AnyAsync(m => m.OrganisationId == orgId && m.AccountId == teacher
                && (m.Role == OrganisationRole.SchoolStaff || m.Role == OrganisationRole.OrganisationAdmin), ct))
        {
            return Problems.Invalid("classTeacherId", $"Account {teacher} is not school staff of this school.");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < request.Students.Length; i++)
        {
            var email = EmailAddress.Normalise(request.Students[i].Email);
            if (!seen.Add(email))
            {
                return Problems.Invalid($"students[{i}].email", $"{email} is listed twice.");
            }
        }
        return null;
    }

    private static ProblemHttpResult NoSuchClass(Guid classId) => Problems.NotFound($"This school has no class {classId}.");

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
