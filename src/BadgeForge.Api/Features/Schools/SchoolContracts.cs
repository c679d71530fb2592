using System.ComponentModel.DataAnnotations;
using BadgeForge.Api.Features.Organisations;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Core;
using BadgeForge.Core.Schools;
using BadgeForge.Data.Entities;

namespace BadgeForge.Api.Features.Schools;

/// <param name="SchoolYear">"2026/27".</param>
/// <param name="Title">Course or category title.</param>
/// <param name="Category">ProstaIzbira, ProstovoljnoSocialnoDelo or InteresneDejavnosti.</param>
/// <param name="RequiredHours">Hours each student needs in the year, in hours of <paramref name="HourMinutes"/>.</param>
/// <param name="HourMinutes">45 (school hours) or 60 (clock hours).</param>
/// <param name="MaxOutsidePercent">At most this share of the required hours may come from outside activities.</param>
/// <param name="Rules">How outside badges count toward this course.</param>
public sealed record CreateCourseRequest(
    [Required, RegularExpression(SchoolYears.Pattern, ErrorMessage = SchoolYears.Hint)] string SchoolYear,
    [Required] ShortText Title,
    OivCategory Category,
    [Range(1, 1000)] int RequiredHours,
    int HourMinutes,
    [Range(1, 100)] int? MaxOutsidePercent,
    [MaxLength(50)] RuleRequest[]? Rules);

/// <summary>Exactly one of <paramref name="Badge"/>, <paramref name="BadgeClassUrl"/>, <paramref name="Competences"/> or <paramref name="AttendedHoursOf"/>.</summary>
/// <param name="Badge">A BadgeForge badge: "model@version/badge" for that version, or "model/badge" for any version.</param>
/// <param name="BadgeClassUrl">Another issuer's badge class URL.</param>
/// <param name="Competences">Competences a badge's criteria must guarantee, each at a minimum level.</param>
/// <param name="AttendedHoursOf">A BadgeForge attendance badge (as <paramref name="Badge"/>): credit the hours the student attended, at most <paramref name="Hours"/>.</param>
/// <param name="Hours">Credit in hours of <paramref name="HourMinutes"/> (for attended hours: the most credited).</param>
/// <param name="HourMinutes">45 or 60: the length of the hours in <paramref name="Hours"/>, stated explicitly.</param>
public sealed record RuleRequest(
    [MaxLength(300)] string? Badge,
    [MaxLength(2048), HttpUrl] string? BadgeClassUrl,
    [MaxLength(20)] CompetenceLevelRequest[]? Competences,
    [Range(0.25, 1000)] decimal Hours,
    int HourMinutes,
    [MaxLength(300)] string? AttendedHoursOf = null);

/// <param name="ModelId">Competency model id (any version).</param>
/// <param name="CompetenceId">Competence id in the model.</param>
/// <param name="MinLevel">Lowest level that counts.</param>
public sealed record CompetenceLevelRequest([Required, MaxLength(64)] string ModelId, [Required, MaxLength(128)] string CompetenceId, [Range(1, 10)] int MinLevel);

/// <param name="Id">Course id.</param>
/// <param name="SchoolYear">School year.</param>
/// <param name="Title">Title.</param>
/// <param name="Category">OIV part.</param>
/// <param name="RequiredHours">Hours asked of each student.</param>
/// <param name="HourMinutes">Hour length.</param>
/// <param name="MaxOutsidePercent">Cap on outside credit.</param>
/// <param name="Rules">Recognition rules, in order.</param>
public sealed record CourseResponse(
    Guid Id, string SchoolYear, LocalizedText Title, OivCategory Category, int RequiredHours, int HourMinutes, int? MaxOutsidePercent,
    IReadOnlyList<RuleResponse> Rules);

/// <param name="Id">Rule id.</param>
/// <param name="Kind">Badge, Competences or AttendedHours.</param>
/// <param name="Badge">"model@version/badge" or "model/badge" (any version); for AttendedHours the attendance badge.</param>
/// <param name="BadgeClassUrl">Another issuer's badge class.</param>
/// <param name="Competences">Required competences.</param>
/// <param name="Hours">Credit in hours of <paramref name="HourMinutes"/>.</param>
/// <param name="HourMinutes">Hour length of the credit.</param>
public sealed record RuleResponse(
    Guid Id, SchoolRuleKind Kind, string? Badge, string? BadgeClassUrl, IReadOnlyList<RequiredCompetence>? Competences, decimal Hours, int HourMinutes);

/// <param name="SchoolYear">"2026/27".</param>
/// <param name="Name">Class name, e.g. "3.b".</param>
/// <param name="ClassTeacherId">The class teacher (razrednik): a school-staff account of this school.</param>
/// <param name="Students">The students, by the email they use for badges.</param>
public sealed record CreateClassRequest(
    [Required, RegularExpression(SchoolYears.Pattern, ErrorMessage = SchoolYears.Hint)] string SchoolYear,
    [Required, MaxLength(64)] string Name,
    Guid? ClassTeacherId,
    [Required, MaxLength(60)] StudentRequest[] Students);

/// <param name="Email">The student's email (badges must be issued to it).</param>
/// <param name="Name">Full name, as printed on the potrdilo.</param>
public sealed record StudentRequest([Required, MaxLength(320), Email] string Email, [Required, MaxLength(200)] string Name);

/// <param name="Id">Class id.</param>
/// <param name="SchoolYear">School year.</param>
/// <param name="Name">Class name.</param>
/// <param name="ClassTeacherId">Class teacher.</param>
/// <param name="Students">Students.</param>
public sealed record ClassResponse(Guid Id, string SchoolYear, string Name, Guid? ClassTeacherId, IReadOnlyList<StudentResponse> Students);

/// <param name="Id">Student (enrolment) id.</param>
/// <param name="Email">Email.</param>
/// <param name="Name">Name.</param>
public sealed record StudentResponse(Guid Id, string Email, string Name);

/// <summary>Exactly one of the four.</summary>
/// <param name="AwardId">A badge from your backpack (its assertion id).</param>
/// <param name="Url">A hosted assertion URL, e.g. from a QR code.</param>
/// <param name="Json">An assertion as JSON text (its hosted copy is fetched).</param>
/// <param name="Jws">A signed assertion (compact JWS).</param>
/// <param name="SchoolYear">The school year to count it in, when you are enrolled in more than one.</param>
public sealed record SubmitBadgeRequest(
    [MaxLength(64)] string? AwardId,
    [MaxLength(2048)] string? Url,
    [MaxLength(1024 * 1024)] string? Json,
    [MaxLength(1024 * 1024)] string? Jws,
    [RegularExpression(SchoolYears.Pattern, ErrorMessage = SchoolYears.Hint)] string? SchoolYear);

/// <param name="Approve">True to approve, false to reject.</param>
/// <param name="Comment">Why (required when rejecting); shown to the student.</param>
/// <param name="CourseId">Count it toward this course instead of the proposed one (one of the matching courses).</param>
public sealed record DecisionRequest(bool Approve, [MaxLength(2000)] string? Comment, Guid? CourseId);

/// <param name="Reason">Why the decision is withdrawn: shown to the student and, for an approval, the revoked recognition badge's reason.</param>
public sealed record WithdrawDecisionRequest([Required, MaxLength(1000)] string Reason);

/// <param name="SubmissionIds">Submissions decided the same way.</param>
/// <param name="Approve">True to approve all, false to reject all.</param>
/// <param name="Comment">Why; required when rejecting.</param>
public sealed record BulkDecisionRequest([Required, MinLength(1), MaxLength(200)] Guid[] SubmissionIds, bool Approve, [MaxLength(2000)] string? Comment);

/// <param name="Decided">Submissions decided, as they are now.</param>
/// <param name="Failed">Submissions that could not be decided, with the reason; the others are decided regardless.</param>
public sealed record BulkDecisionResponse(IReadOnlyList<SubmissionResponse> Decided, IReadOnlyList<BulkDecisionFailure> Failed);

/// <param name="SubmissionId">The submission.</param>
/// <param name="Reason">Why it was not decided.</param>
public sealed record BulkDecisionFailure(Guid SubmissionId, string Reason);

/// <param name="Id">Submission id.</param>
/// <param name="StudentId">Student (enrolment) id.</param>
/// <param name="StudentName">Student name.</param>
/// <param name="SchoolYear">School year it counts in.</param>
/// <param name="Source">Backpack, Url, Jws or Image.</param>
/// <param name="BadgeName">The badge's name.</param>
/// <param name="IssuerName">Who issued it.</param>
/// <param name="BadgeUrl">Where it can be verified.</param>
/// <param name="BadgeIssuedOn">When it was issued.</param>
/// <param name="Verification">valid, expired, revoked, invalid or unverifiable.</param>
/// <param name="VerificationMessage">Why it is not valid.</param>
/// <param name="ProposedCourseId">The course the rules propose.</param>
/// <param name="ProposedHours">Proposed credit, in hours of that course.</param>
/// <param name="Explanations">Overlaps, caps, no match (Slovenian and English).</param>
/// <param name="Status">Pending, Approved or Rejected.</param>
/// <param name="Comment">The decision's comment, or the automatic rejection's reason.</param>
/// <param name="DecidedAt">When decided.</param>
/// <param name="CreditedCourseId">Course credited.</param>
/// <param name="CreditedHours">Hours credited, in hours of that course.</param>
/// <param name="RecognitionUrl">The school's signed recognition badge.</param>
/// <param name="SubmittedAt">When submitted.</param>
public sealed record SubmissionResponse(
    Guid Id, Guid StudentId, string StudentName, string SchoolYear, SchoolSubmissionSource Source, string? BadgeName, string? IssuerName,
    string? BadgeUrl, DateTime? BadgeIssuedOn, string Verification, string? VerificationMessage, Guid? ProposedCourseId, decimal ProposedHours,
    IReadOnlyList<LocalizedText> Explanations, SchoolSubmissionStatus Status, string? Comment, DateTime? DecidedAt, Guid? CreditedCourseId,
    decimal CreditedHours, string? RecognitionUrl, DateTime SubmittedAt);

/// <param name="SchoolYear">The report's year.</param>
/// <param name="Courses">The year's courses (the report's columns).</param>
/// <param name="Students">One row per student.</param>
public sealed record SchoolReport(string SchoolYear, IReadOnlyList<ReportCourse> Courses, IReadOnlyList<StudentReport> Students);

/// <param name="Id">Course id.</param>
/// <param name="Title">Title.</param>
/// <param name="Category">OIV part.</param>
/// <param name="RequiredHours">Hours required.</param>
/// <param name="HourMinutes">Hour length.</param>
public sealed record ReportCourse(Guid Id, LocalizedText Title, OivCategory Category, int RequiredHours, int HourMinutes);

/// <param name="StudentId">Student (enrolment) id.</param>
/// <param name="Name">Name.</param>
/// <param name="Email">Email.</param>
/// <param name="ClassId">Class id.</param>
/// <param name="ClassName">Class name.</param>
/// <param name="Courses">Hours per course.</param>
/// <param name="Categories">Hours per OIV part (the year's courses of that category together).</param>
/// <param name="Badges">Approved badges with the recognition.</param>
public sealed record StudentReport(
    Guid StudentId, string Name, string Email, Guid ClassId, string ClassName, IReadOnlyList<StudentCourseHours> Courses,
    IReadOnlyList<StudentCategoryHours> Categories, IReadOnlyList<RecognisedBadge> Badges);

/// <param name="Category">OIV part.</param>
/// <param name="HourMinutes">The hour length of the figures: the courses' own when they agree, else 60.</param>
/// <param name="CreditedHours">Hours credited in the category's courses.</param>
/// <param name="RequiredHours">Hours the category's courses require.</param>
/// <param name="MissingHours">Still missing (0 when complete).</param>
public sealed record StudentCategoryHours(OivCategory Category, int HourMinutes, decimal CreditedHours, decimal RequiredHours, decimal MissingHours);

/// <param name="CourseId">Course.</param>
/// <param name="Category">OIV part.</param>
/// <param name="CreditedHours">Hours credited from outside badges.</param>
/// <param name="RequiredHours">Hours required.</param>
/// <param name="MissingHours">Still missing (0 when complete).</param>
/// <param name="PendingSubmissions">Submissions still waiting for a decision.</param>
public sealed record StudentCourseHours(Guid CourseId, OivCategory Category, decimal CreditedHours, int RequiredHours, decimal MissingHours, int PendingSubmissions);

/// <param name="SubmissionId">Submission.</param>
/// <param name="CourseId">Course credited.</param>
/// <param name="BadgeName">Badge.</param>
/// <param name="IssuerName">Issuer.</param>
/// <param name="BadgeUrl">Where to verify the badge.</param>
/// <param name="Hours">Hours credited.</param>
/// <param name="RecognitionUrl">The recognition badge.</param>
public sealed record RecognisedBadge(Guid SubmissionId, Guid CourseId, string? BadgeName, string? IssuerName, string? BadgeUrl, decimal Hours, string? RecognitionUrl);
