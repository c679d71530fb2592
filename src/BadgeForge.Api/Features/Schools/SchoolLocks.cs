using System.Linq.Expressions;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.Schools;

/// <summary>
/// The row locks that order approvals against each other and against catalogue edits. Each is a no-op UPDATE whose
/// locks last until the transaction ends (row locks on PostgreSQL, the database's write lock on SQLite).
/// </summary>
/// <remarks>
/// The order is always students, then submissions, then the course: an approval takes them in that order, and every
/// edit that takes more than one must too, or two transactions each wait for the other's lock and PostgreSQL aborts
/// one of them with a deadlock error.
/// </remarks>
internal static class SchoolLocks
{
    /// Locks the students that match; returns how many there were.
    public static Task<int> StudentsAsync(BadgeForgeDbContext db, Expression<Func<SchoolStudent, bool>> which, CancellationToken ct) =>
        db.SchoolStudents.Where(which).ExecuteUpdateAsync(u => u.SetProperty(s => s.Name, s => s.Name), ct);

    /// Locks the course; returns 0 when it no longer exists.
    public static Task<int> CourseAsync(BadgeForgeDbContext db, Guid courseId, CancellationToken ct) =>
        db.SchoolCourses.Where(c => c.Id == courseId).ExecuteUpdateAsync(u => u.SetProperty(c => c.RequiredHours, c => c.RequiredHours), ct);
}
