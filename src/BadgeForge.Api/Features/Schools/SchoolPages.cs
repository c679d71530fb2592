using System.Diagnostics;
using BadgeForge.Api.Features.Auth;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Api.Pages;
using BadgeForge.Core.OpenBadges;
using BadgeForge.Core.QrCodes;
using BadgeForge.Core.Schools;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace BadgeForge.Api.Features.Schools;

/// <summary>
/// HTML pages for school staff: the year's overview with decision forms and each student's printable potrdilo. A
/// browser signs in on /schools/{school}/login (<see cref="StaffSession"/>) and uses the cookie session; scripts may
/// send the API's bearer token instead. Either way the school-staff role in this school is checked on every request,
/// and every form carries an antiforgery token bound to the signed-in account.
/// </summary>
public static class SchoolPages
{
    /// The result of a staff form, shown once on the page it leads back to (post/redirect/get), with why each
    /// submission that could not be decided was not.
    public sealed record FormResult(string Code, int Done, int Failed, IReadOnlyList<BulkDecisionFailure> Failures);

    private static readonly string[] ResultCodes =
        ["approved", "rejected", "withdrawn", "withdraw-failed", "none-selected", "too-many", "comment-missing", "reason-missing"];

    /// Most submissions one staff form decides at once (as the API's bulk decision).
    private const int MaxDecisionsPerForm = 200;

    public static void Map(IEndpointRouteBuilder app)
    {
        StaffSession.Map(app);
        // The pages' scheme (bearer token or staff cookie) together with the SchoolStaff policy's requirements.
        var group = app.MapGroup("/schools/{orgId:guid}").WithTags("Schools")
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = StaffSession.PageScheme })
            .DisableAntiforgery();
        group.MapGet("/staff", Staff).RequirePolicy(Policies.SchoolStaff)
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .Produces(StatusCodes.Status302Found)
            .ProducesValidationProblem()
            .WithName("SchoolStaffPage")
            .WithSummary("Staff overview of a ?schoolYear= (default: the current one): submissions to decide, decisions to withdraw, hours per student");
        group.MapGet("/students/{studentId:guid}/potrdilo", Potrdilo).RequirePolicy(Policies.SchoolStaff)
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .Produces(StatusCodes.Status302Found)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("SchoolPotrdiloPage")
            .WithSummary("Printable potrdilo of one student for a ?schoolYear=, with QR codes to the recognised badges");
        group.MapPost("/staff/decisions", Decide).RequirePolicy(Policies.SchoolStaff)
            .Produces(StatusCodes.Status303SeeOther)
            .ProducesValidationProblem()
            .WithName("SchoolStaffPageDecide")
            .WithSummary("Staff page form: approve or reject the selected submissions (one or many), then back to the page with the result");
        group.MapPost("/staff/submissions/{submissionId:guid}/withdraw", Withdraw).RequirePolicy(Policies.SchoolStaff)
            .Produces(StatusCodes.Status303SeeOther)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("SchoolStaffPageWithdraw")
            .WithSummary("Staff page form: withdraw a decision with a reason (an approval's recognition badge is revoked)");
        group.MapPost("/logout", StaffSession.SignOut).RequirePolicy(Policies.SchoolStaff)
            .Produces(StatusCodes.Status303SeeOther)
            .ProducesValidationProblem()
            .WithName("SchoolStaffSignOut")
            .WithSummary("Staff page form: end the browser session");
    }

    private static async Task<Results<RazorComponentResult<StaffPage>, ValidationProblem>> Staff(
        Guid orgId, string? schoolYear, string? result, int? done, int? failed, string? failures, HttpContext http, BadgeForgeDbContext db,
        BadgeUrls urls, PublicUrls publicUrls, IAntiforgery antiforgery, IMemoryCache cache, TimeProvider clock, CancellationToken ct)
    {
        schoolYear ??= SchoolYears.Current(clock.GetUtcNow().UtcDateTime);
        if (!SchoolYears.IsValid(schoolYear))
        {
            return Problems.Invalid("schoolYear", SchoolYears.QueryHint);
        }
        var school = await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == orgId, ct);
        var report = await SchoolReports.BuildAsync(db, urls, orgId, schoolYear, null, null, null, ct);
        var studentIds = report.Students.Select(s => s.StudentId).ToList();
        var pending = await db.SchoolSubmissions.AsNoTracking()
            .Where(s => s.OrganisationId == orgId && s.Status == SchoolSubmissionStatus.Pending && studentIds.Contains(s.StudentId))
            .OrderBy(s => s.CreatedAt).ToListAsync(ct);
        // Decisions by staff (automatic rejections cannot be withdrawn: the student submits the badge again).
        var decided = await db.SchoolSubmissions.AsNoTracking()
            .Where(s => s.OrganisationId == orgId && s.Status != SchoolSubmissionStatus.Pending && s.DecidedByAccountId != null
                        && studentIds.Contains(s.StudentId))
            .OrderByDescending(s => s.DecidedAt).Take(500).ToListAsync(ct);
        var tokens = antiforgery.GetAndStoreTokens(http);
        http.Response.Headers.CacheControl = "no-store";
        return new RazorComponentResult<StaffPage>(new
        {
            Lang = PageLanguage.Resolve(http),
            OrganisationId = orgId,
            School = school.Name,
            Report = report,
            Pending = (IReadOnlyList<SubmissionResponse>)await SubmissionMapping.ToResponsesAsync(pending, db, urls, ct),
            Decided = (IReadOnlyList<SubmissionResponse>)await SubmissionMapping.ToResponsesAsync(decided, db, urls, ct),
            FormFieldName = tokens.FormFieldName,
            RequestToken = tokens.RequestToken,
            BasePath = publicUrls.For($"/schools/{orgId}"),
            SignedInWithSession = http.User.Identity?.AuthenticationType == StaffSession.CookieScheme,
            SignedInAs = http.User.FindFirst(BadgeForgeClaims.Email)?.Value,
            Result = result is not null && ResultCodes.Contains(result)
                ? new FormResult(result, Math.Max(done ?? 0, 0), Math.Max(failed ?? 0, 0), KeptFailures(cache, failures))
                : null,
        });
    }

    private static async Task<IResult> Decide(
        Guid orgId, HttpContext http, SubmissionDecisions decisions, IAntiforgery antiforgery, PublicUrls urls, IMemoryCache cache,
        TimeProvider clock, CancellationToken ct)
    {
        var (form, refused) = await BrowserSessions.ReadFormAsync(http, antiforgery, "staff", ct);
        if (refused is not null)
        {
            return refused;
        }
        var fields = form!;
        var year = YearOf(fields, clock);
        var approve = fields["decision"].ToString() switch
        {
            "approve" => true,
            "reject" => false,
            _ => (bool?)null,
        };
        if (approve is null)
        {
            return Problems.Invalid("decision", "Send decision=approve or decision=reject.");
        }
        var ids = fields["submissionIds"].Select(v => Guid.TryParse(v, out var id) ? id : (Guid?)null).OfType<Guid>().Distinct().ToList();
        var comment = fields["comment"].ToString();
        if (ids.Count == 0)
        {
            return BackToPage(http, urls, orgId, year, "none-selected");
        }
        if (ids.Count > MaxDecisionsPerForm)
        {
            return BackToPage(http, urls, orgId, year, "too-many");
        }
        if (approve == false && string.IsNullOrWhiteSpace(comment))
        {
            return BackToPage(http, urls, orgId, year, "comment-missing");
        }
        var (decided, failed) = await decisions.DecideManyAsync(orgId, ids, approve.Value,
            BadgeSubmissions.Truncate(comment, 2000), http.User.RequiredAccountId(), ct);
        return BackToPage(http, urls, orgId, year, approve.Value ? "approved" : "rejected", decided.Count, failed.Count, KeepFailures(cache, failed));
    }

    private static async Task<IResult> Withdraw(
        Guid orgId, Guid submissionId, HttpContext http, SubmissionDecisions decisions, IAntiforgery antiforgery, PublicUrls urls,
        IMemoryCache cache, TimeProvider clock, CancellationToken ct)
    {
        var (form, refused) = await BrowserSessions.ReadFormAsync(http, antiforgery, "staff", ct);
        if (refused is not null)
        {
            return refused;
        }
        var fields = form!;
        var year = YearOf(fields, clock);
        var reason = fields["reason"].ToString();
        if (string.IsNullOrWhiteSpace(reason))
        {
            return BackToPage(http, urls, orgId, year, "reason-missing");
        }
        return await decisions.WithdrawAsync(orgId, submissionId, reason, http.User.RequiredAccountId(), ct) switch
        {
            SubmissionDecisions.Outcome.Done => BackToPage(http, urls, orgId, year, "withdrawn", 1),
            SubmissionDecisions.Outcome.Missing missing => Problems.NotFound(missing.Message),
            SubmissionDecisions.Outcome.Conflict conflict => BackToPage(http, urls, orgId, year, "withdraw-failed", 0, 1,
                KeepFailures(cache, [new BulkDecisionFailure(submissionId, conflict.Message)])),
            SubmissionDecisions.Outcome.Invalid invalid => BackToPage(http, urls, orgId, year, "withdraw-failed", 0, 1,
                KeepFailures(cache, [new BulkDecisionFailure(submissionId, invalid.Message)])),
            var other => throw new UnreachableException($"WithdrawAsync returned {other.GetType().Name}."),
        };
    }

    private static string YearOf(IFormCollection form, TimeProvider clock) =>
        form["schoolYear"].ToString() is var year && SchoolYears.IsValid(year) ? year : SchoolYears.Current(clock.GetUtcNow().UtcDateTime);

    private static IResult BackToPage(
        HttpContext http, PublicUrls urls, Guid orgId, string year, string result, int done = 0, int failed = 0, string? failures = null) =>
        BrowserSessions.SeeOther(urls.For(
            $"/schools/{orgId}/staff?schoolYear={Uri.EscapeDataString(year)}&lang={PageLanguage.Resolve(http)}&result={result}&done={done}&failed={failed}"
            + (failures is null ? "" : $"&failures={failures}")));

    /// <summary>
    /// Keeps why submissions could not be decided for the page the form redirects to: the reasons are too long for its
    /// URL. Kept a minute, in this instance's memory; behind a load balancer the page may land elsewhere and then shows
    /// only the count.
    /// </summary>
    private static string? KeepFailures(IMemoryCache cache, List<BulkDecisionFailure> failed)
    {
        if (failed.Count == 0)
        {
            return null;
        }
        var token = Identifiers.NewUrlSafeId();
        cache.Set(("staff-form-failures", token), failed, new MemoryCacheEntryOptions
        {
            AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1),
            Size = failed.Sum(f => 64 + f.Reason.Length * 2),
        });
        return token;
    }

    private static IReadOnlyList<BulkDecisionFailure> KeptFailures(IMemoryCache cache, string? token) =>
        token is not null && cache.TryGetValue(("staff-form-failures", token), out List<BulkDecisionFailure>? failures) && failures is not null
            ? failures
            : [];

    private static async Task<Results<RazorComponentResult<PotrdiloPage>, ValidationProblem, ProblemHttpResult>> Potrdilo(
        Guid orgId, Guid studentId, string? schoolYear, HttpContext http, BadgeForgeDbContext db, BadgeUrls urls, CancellationToken ct)
    {
        if (!SchoolYears.IsValid(schoolYear))
        {
            return Problems.Invalid("schoolYear", SchoolYears.QueryHint);
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
        http.Response.Headers.CacheControl = "no-store";
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
