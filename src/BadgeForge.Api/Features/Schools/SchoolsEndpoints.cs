using BadgeForge.Api.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.Schools;

/// <summary>
/// Schools count badges toward elective-course credit (OIV). Staff routes live under the school's organisation and
/// need the SchoolStaff (or organisation admin) role there; student routes need only a signed-in account, and answer
/// 404 unless its email is enrolled at that school, so each student sees only their own submissions.
/// </summary>
public static class SchoolsEndpoints
{
    public static IServiceCollection AddSchools(this IServiceCollection services) =>
        services.AddScoped<BadgeSubmissions>().AddScoped<SubmissionDecisions>().AddStaffSession();

    public static IEndpointRouteBuilder MapSchoolsEndpoints(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/organisations/{orgId:guid}/school").WithTags("Schools");
        staff.MapPost("/courses", SchoolCatalogue.CreateCourse).RequirePolicy(Policies.SchoolStaff).AcceptsJsonBody()
            .WithName("CreateSchoolCourse")
            .WithSummary("Add a course or category of the elective catalogue for a school year, with its recognition rules");
        staff.MapGet("/courses", SchoolCatalogue.ListCourses).RequirePolicy(Policies.SchoolStaff)
            .WithName("ListSchoolCourses")
            .WithSummary("The elective catalogue, optionally of one ?schoolYear=");
        staff.MapPut("/courses/{courseId:guid}", SchoolCatalogue.UpdateCourse).RequirePolicy(Policies.SchoolStaff).AcceptsJsonBody()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("UpdateSchoolCourse")
            .WithSummary("Replace a course's settings and all its recognition rules (approved hours stay; the school year is kept once hours are credited)");
        staff.MapDelete("/courses/{courseId:guid}", SchoolCatalogue.DeleteCourse).RequirePolicy(Policies.SchoolStaff)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("DeleteSchoolCourse")
            .WithSummary("Delete a course and its rules; 409 while students hold approved recognitions for it");
        staff.MapPost("/classes", SchoolCatalogue.CreateClass).RequirePolicy(Policies.SchoolStaff).AcceptsJsonBody()
            .WithName("CreateSchoolClass")
            .WithSummary("Add a class of a school year with its class teacher and students (by the email they use for badges)")
            .ProducesProblem(StatusCodes.Status409Conflict);
        staff.MapPut("/classes/{classId:guid}", SchoolCatalogue.UpdateClass).RequirePolicy(Policies.SchoolStaff).AcceptsJsonBody()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("UpdateSchoolClass")
            .WithSummary("Replace a class's name, class teacher and students (matched by email); 409 for removing a student with pending or approved submissions");
        staff.MapDelete("/classes/{classId:guid}", SchoolCatalogue.DeleteClass).RequirePolicy(Policies.SchoolStaff)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("DeleteSchoolClass")
            .WithSummary("Delete a class with its students; 409 while a student has pending or approved submissions");
        staff.MapGet("/classes", SchoolCatalogue.ListClasses).RequirePolicy(Policies.SchoolStaff)
            .WithName("ListSchoolClasses")
            .WithSummary("The classes and their students, optionally of one ?schoolYear=");
        staff.MapGet("/submissions", ListSubmissions).RequirePolicy(Policies.SchoolStaff)
            .WithName("ListSchoolSubmissions")
            .WithSummary("Badges students submitted to this school, with verification and the rules' proposal; filter by ?status=, ?schoolYear=, ?classId=");
        staff.MapPost("/submissions/{submissionId:guid}/decision", SubmissionDecisions.Decide).RequirePolicy(Policies.SchoolStaff).AcceptsJsonBody()
            .WithName("DecideSchoolSubmission")
            .WithSummary("Approve (issuing the school's signed recognition badge) or reject a submission, with a comment")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        staff.MapPost("/submissions/{submissionId:guid}/decision/withdraw", SubmissionDecisions.Withdraw).RequirePolicy(Policies.SchoolStaff).AcceptsJsonBody()
            .WithName("WithdrawSchoolDecision")
            .WithSummary("Withdraw a decision with a reason: an approval's recognition badge is revoked and its hours stop counting, a rejection is reopened; the submission is pending again")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        staff.MapPost("/submissions/decisions", SubmissionDecisions.DecideMany).RequirePolicy(Policies.SchoolStaff).AcceptsJsonBody()
            .WithName("DecideSchoolSubmissions")
            .WithSummary("Approve or reject many submissions at once; each that cannot be decided is listed with the reason");
        staff.MapGet("/reports", SchoolReports.Report).RequirePolicy(Policies.SchoolStaff)
            .ProducesValidationProblem()
            .WithName("SchoolReport")
            .WithSummary("Hours per student and course for ?schoolYear=, optionally of one ?classId= or ?classTeacherId=, with what is missing");
        staff.MapGet("/reports.csv", SchoolReports.ReportCsv).RequirePolicy(Policies.SchoolStaff)
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesValidationProblem()
            .WithName("SchoolReportCsv")
            .WithSummary("The same report as CSV for spreadsheets (cells that could run as formulas are neutralised)");

        var student = app.MapGroup("/api/schools/{orgId:guid}/submissions").WithTags("Schools");
        student.MapPost("/", BadgeSubmissions.Submit).RequirePolicy(Policies.Active).AcceptsJsonBody()
            .WithName("SubmitBadgeToSchool")
            .WithSummary("Submit one of your badges to your school: from your backpack (awardId), or as url (also a scanned QR code), json or jws")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        student.MapPost("/image", BadgeSubmissions.SubmitImage).RequirePolicy(Policies.Active)
            .DisableAntiforgery()
            .WithBodyLimit(BadgeImageUpload.MaxBytes)
            .WithMetadata(new RawRequestBody("multipart/form-data", "Form with 'file' (a baked PNG or SVG badge) and optional 'schoolYear'."))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("SubmitBadgeImageToSchool")
            .WithSummary("Submit a baked badge image (PNG or SVG) to your school as multipart/form-data");
        student.MapGet("/", BadgeSubmissions.ListOwn).RequirePolicy(Policies.Active)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ListOwnSchoolSubmissions")
            .WithSummary("Your own submissions to this school, with the decisions and recognition badges");

        SchoolPages.Map(app);
        return app;
    }

    private static async Task<Ok<List<SubmissionResponse>>> ListSubmissions(
        Guid orgId, SchoolSubmissionStatus? status, string? schoolYear, Guid? classId, BadgeForgeDbContext db, BadgeUrls urls, CancellationToken ct)
    {
        var query = db.SchoolSubmissions.AsNoTracking().Where(s => s.OrganisationId == orgId && (status == null || s.Status == status));
        if (schoolYear is not null || classId is not null)
        {
            var studentIds = db.SchoolStudents.Where(s => (classId == null || s.ClassId == classId) && (schoolYear == null || s.Class!.SchoolYear == schoolYear))
                .Select(s => s.Id);
            query = query.Where(s => studentIds.Contains(s.StudentId));
        }
        var rows = await query.OrderBy(s => s.CreatedAt).Take(1000).ToListAsync(ct);
        return TypedResults.Ok(await SubmissionMapping.ToResponsesAsync(rows, db, urls, ct));
    }
}
