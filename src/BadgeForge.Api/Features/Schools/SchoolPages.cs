using System.Text.RegularExpressions;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Api.Pages;
using BadgeForge.Core.QrCodes;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.Schools;

/// <summary>
/// HTML pages for school staff: the year's overview and each student's printable potrdilo. They need the same bearer
/// token as the API (a staff front end or the browser sends it); there is no cookie, so no cross-site request can use them.
/// </summary>
public static partial class SchoolPages
{
    [GeneratedRegex(@"^\d{4}/\d{2}$")]
    private static partial Regex SchoolYear();

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/schools/{orgId:guid}").WithTags("Schools");
        group.MapGet("/staff", Staff).RequirePolicy(Policies.SchoolStaff)
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .ProducesValidationProblem()
            .WithName("SchoolStaffPage")
            .WithSummary("Staff overview of a ?schoolYear=: submissions waiting for a decision and hours per student");
        group.MapGet("/students/{studentId:guid}/potrdilo", Potrdilo).RequirePolicy(Policies.SchoolStaff)
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("SchoolPotrdiloPage")
            .WithSummary("Printable potrdilo of one student for a ?schoolYear=, with QR codes to the recognised badges");
    }

    private static async Task<Results<RazorComponentResult<StaffPage>, ValidationProblem>> Staff(
        Guid orgId, string? schoolYear, HttpContext http, BadgeForgeDbContext db, BadgeUrls urls, CancellationToken ct)
    {
        if (schoolYear is null || !SchoolYear().IsMatch(schoolYear))
        {
            return Problems.Invalid("schoolYear", "Give the school year as ?schoolYear=2026/27.");
        }
        var school = await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == orgId, ct);
        var report = await SchoolReports.BuildAsync(db, urls, orgId, schoolYear, null, null, null, ct);
        var studentIds = report.Students.Select(s => s.StudentId).ToList();
        var pending = await db.SchoolSubmissions.AsNoTracking()
            .Where(s => s.OrganisationId == orgId && s.Status == SchoolSubmissionStatus.Pending && studentIds.Contains(s.StudentId))
            .OrderBy(s => s.CreatedAt).ToListAsync(ct);
        return new RazorComponentResult<StaffPage>(new
        {
            Lang = PageLanguage.Resolve(http),
            OrganisationId = orgId,
            School = school.Name,
            Report = report,
            Pending = (IReadOnlyList<SubmissionResponse>)await SubmissionMapping.ToResponsesAsync(pending, db, urls, ct),
        });
    }

    private static async Task<Results<RazorComponentResult<PotrdiloPage>, ValidationProblem, ProblemHttpResult>> Potrdilo(
        Guid orgId, Guid studentId, string? schoolYear, HttpContext http, BadgeForgeDbContext db, BadgeUrls urls, CancellationToken ct)
    {
        if (schoolYear is null || !SchoolYear().IsMatch(schoolYear))
        {
            return Problems.Invalid("schoolYear", "Give the school year as ?schoolYear=2026/27.");
        }
        var report = await SchoolReports.BuildAsync(db, urls, orgId, schoolYear, null, null, studentId, ct);
        if (report.Students is not [var student])
        {
            return Problems.NotFound($"This school has no student {studentId} in {schoolYear}.");
        }
        var school = await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == orgId, ct);
        var qr = student.Badges
            .Where(b => (b.BadgeUrl ?? b.RecognitionUrl) is not null)
            .ToDictionary(b => b.SubmissionId, b => QrCodeImages.Svg(new Uri(b.BadgeUrl ?? b.RecognitionUrl!)));
        return new RazorComponentResult<PotrdiloPage>(new
        {
            Lang = PageLanguage.Resolve(http),
            School = school.Name,
            Report = report,
            Student = student,
            Qr = (IReadOnlyDictionary<Guid, string>)qr,
        });
    }
}
