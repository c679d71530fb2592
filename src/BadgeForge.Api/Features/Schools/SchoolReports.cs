using BadgeForge.Api.Infrastructure;
using BadgeForge.Core.Csv;
using BadgeForge.Core.Schools;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.Schools;

/// Hours per student, class and school year by course, with what is still missing: JSON, CSV and the potrdilo page.
public static class SchoolReports
{
    public static async Task<Results<Ok<SchoolReport>, ValidationProblem>> Report(
        Guid orgId, string? schoolYear, Guid? classId, Guid? classTeacherId, BadgeForgeDbContext db, BadgeUrls urls, CancellationToken ct)
    {
        if (!SchoolYears.IsValid(schoolYear))
        {
            return Problems.Invalid("schoolYear", SchoolYears.QueryHint);
        }
        return TypedResults.Ok(await BuildAsync(db, urls, orgId, schoolYear, classId, classTeacherId, null, ct));
    }

    public static async Task<Results<FileContentHttpResult, ValidationProblem>> ReportCsv(
        Guid orgId, string? schoolYear, Guid? classId, Guid? classTeacherId, BadgeForgeDbContext db, BadgeUrls urls, CancellationToken ct)
    {
        if (!SchoolYears.IsValid(schoolYear))
        {
            return Problems.Invalid("schoolYear", SchoolYears.QueryHint);
        }
        var report = await BuildAsync(db, urls, orgId, schoolYear, classId, classTeacherId, null, ct);
        var header = new List<string?> { "Oddelek / Class", "Dijak / Student", "E-pošta / Email" };
        foreach (var course in report.Courses)
        {
            var unit = course.HourMinutes == 45 ? "45 min" : "60 min";
            header.Add($"{course.Title.Sl} – priznano / credited ({unit})");
            header.Add($"{course.Title.Sl} – manjka / missing (od / of {course.RequiredHours})");
        }
        var lines = new List<string> { CsvCells.Line(header) };
        foreach (var student in report.Students)
        {
            var row = new List<string?> { student.ClassName, student.Name, student.Email };
            foreach (var hours in student.Courses)
            {
                row.Add(hours.CreditedHours.ToString(System.Globalization.CultureInfo.InvariantCulture));
                row.Add(hours.MissingHours.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            lines.Add(CsvCells.Line(row));
        }
        return TypedResults.File(CsvCells.Utf8WithBom(lines), "text/csv; charset=utf-8", $"oiv-{schoolYear.Replace('/', '-')}.csv");
    }

    internal static async Task<SchoolReport> BuildAsync(
        BadgeForgeDbContext db, BadgeUrls urls, Guid orgId, string schoolYear, Guid? classId, Guid? classTeacherId, Guid? studentId,
        CancellationToken ct)
    {
        var courses = await db.SchoolCourses.AsNoTracking().Where(c => c.OrganisationId == orgId && c.SchoolYear == schoolYear)
            .OrderBy(c => c.CreatedAt).ToListAsync(ct);
        var students = await db.SchoolStudents.AsNoTracking().Include(s => s.Class)
            .Where(s => s.Class!.OrganisationId == orgId && s.Class.SchoolYear == schoolYear
                        && (classId == null || s.ClassId == classId)
                        && (classTeacherId == null || s.Class.ClassTeacherAccountId == classTeacherId)
                        && (studentId == null || s.Id == studentId))
            .ToListAsync(ct);
        var ids = students.Select(s => s.Id).ToList();
        var submissions = await db.SchoolSubmissions.AsNoTracking()
            .Where(s => s.OrganisationId == orgId && ids.Contains(s.StudentId) && s.Status != SchoolSubmissionStatus.Rejected)
            .OrderBy(s => s.CreatedAt).ToListAsync(ct);
        var byStudent = submissions.ToLookup(s => s.StudentId);
        return new SchoolReport(
            schoolYear,
            [.. courses.Select(c => new ReportCourse(c.Id, c.Title, c.Category, c.RequiredHours, c.HourMinutes))],
            [.. students.OrderBy(s => s.Class!.Name, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal).Select(s =>
            {
                var own = byStudent[s.Id].ToList();
                var approved = own.Where(x => x.Status == SchoolSubmissionStatus.Approved && x.CreditedCourseId != null).ToList();
                return new StudentReport(s.Id, s.Name, s.Email, s.ClassId, s.Class!.Name,
                    [.. courses.Select(c =>
                    {
                        var credited = SchoolHours.ToHours(approved.Where(x => x.CreditedCourseId == c.Id).Sum(x => x.CreditedMinutes), c.HourMinutes);
                        return new StudentCourseHours(c.Id, c.Category, credited, c.RequiredHours, Math.Max(0, c.RequiredHours - credited),
                            own.Count(x => x.Status == SchoolSubmissionStatus.Pending && x.ProposedCourseId == c.Id));
                    })],
                    [.. courses.GroupBy(c => c.Category).Select(g =>
                    {
                        var length = g.Select(c => c.HourMinutes).Distinct().Count() == 1 ? g.First().HourMinutes : 60;
                        // Each course caps its own hours: what one course has over its requirement does not fill another's gap.
                        decimal InUnit(decimal hours, SchoolCourse c) => Math.Round(hours * c.HourMinutes / length, 2);
                        var credited = g.Sum(c => InUnit(Math.Min(c.RequiredHours,
                            SchoolHours.ToHours(approved.Where(x => x.CreditedCourseId == c.Id).Sum(x => x.CreditedMinutes), c.HourMinutes)), c));
                        var required = g.Sum(c => InUnit(c.RequiredHours, c));
                        return new StudentCategoryHours(g.Key, length, credited, required, required - credited);
                    })],
                    [.. approved.Where(x => courses.Any(c => c.Id == x.CreditedCourseId)).Select(x => new RecognisedBadge(
                        x.Id, x.CreditedCourseId!.Value, x.BadgeName, x.IssuerName, x.BadgeUrl,
                        SchoolHours.ToHours(x.CreditedMinutes, courses.Single(c => c.Id == x.CreditedCourseId).HourMinutes),
                        x.RecognitionAwardId is null ? null : urls.Assertion(x.RecognitionAwardId).ToString()))]);
            })]);
    }
}
