using BadgeForge.Api.Features.Assertions;
using BadgeForge.Core;
using BadgeForge.Data.Entities;

namespace BadgeForge.Api.Features.BulkIssuance;

/// <summary>
/// What is wrong with one row: a stable machine code (for scripts and translations; never reworded) and the text in
/// Slovenian and English.
/// </summary>
/// <param name="Code">E.g. <c>email.invalid</c>; the part before the dot names the column at fault.</param>
/// <param name="Message">The problem for people, in both languages.</param>
public sealed record BulkRowProblem(string Code, LocalizedText Message);

/// <summary>
/// Every per-row problem of bulk issuance, in both languages, with its code. The dry run and the job store code and both
/// texts on the row; problems the issuer finds come worded by the issuer (<see cref="AwardProblems"/>), the same
/// whichever of the two found them.
/// </summary>
internal static class BulkRowProblems
{
    public static BulkRowProblem EmailEmpty() => new("email.empty", new("E-poštni naslov je prazen.", "The email is empty."));

    public static BulkRowProblem EmailInvalid(string email) => Of(AwardProblems.EmailInvalid("email", email));

    public static BulkRowProblem BadgeEmpty() => new("badge.empty",
        new("Značka je prazna: zapišite jo kot model@različica/značka.", "The badge is empty: write it as model@version/badge."));

    /// One of the issuer's problems (<see cref="AwardProblems"/>), worded exactly as the issuer words it.
    public static BulkRowProblem Of(IssueOutcome.Invalid invalid) => new(invalid.Code, invalid.Text);

    public static BulkRowProblem DuplicatePair(int line, string email) => new("badge.duplicate-in-file", new(
        $"Podvojeno v datoteki: vrstica {line} že podeljuje to značko naslovniku {email}.",
        $"Duplicate in the file: line {line} already awards this badge to {email}."));

    public static BulkRowProblem AlreadyHeld(string email) => new("badge.already-held", new(
        $"{email} že ima to značko organizacije (nepreklicano, veljavno).",
        $"{email} already holds this badge (unrevoked, unexpired) from the organisation."));

    public static BulkRowProblem NameTooLong() => new("name.too-long",
        new("Ime je daljše od 200 znakov.", "The name is longer than 200 characters."));

    public static BulkRowProblem DateInvalid(string value) => new("issuedOn.invalid", new(
        $"'{value}' ni datum: zapišite 2026-11-05 ali 5. 11. 2026.",
        $"'{value}' is not a date: write 2026-11-05 or 5. 11. 2026."));

    public static BulkRowProblem DateInFuture() => Of(AwardProblems.IssuedInFuture());

    public static BulkRowProblem AlreadyExpired() => Of(AwardProblems.AlreadyExpired("issuedOn"));

    public static BulkRowProblem EvidenceInvalid() => Of(AwardProblems.EvidenceNotHttp("evidenceUrl"));

    public static BulkRowProblem NarrativeTooLong() => new("narrative.too-long",
        new("Opis je daljši od 4000 znakov.", "The narrative is longer than 4000 characters."));

    public static BulkRowProblem KeyTooLong() => new("idempotencyKey.too-long",
        new("Ključ je daljši od 200 znakov.", "The idempotency key is longer than 200 characters."));

    public static BulkRowProblem DuplicateKey(int line) => new("idempotencyKey.duplicate-in-file", new(
        $"Podvojeno v datoteki: vrstica {line} ima enak ključ.", $"Duplicate in the file: line {line} has the same idempotency key."));

    public static BulkRowProblem AlreadyDone(int line, Guid batchId) => new("idempotencyKey.already-done", new(
        $"Že opravljeno: ta ključ je bil potrjen v vrstici {line} paketa {batchId}.",
        $"Already done: this idempotency key was confirmed on line {line} of batch {batchId}."));

    public static BulkRowProblem NoRecords(string email) => new("completion.no-records", new(
        $"{email} nima evidenc o usposabljanju pri tej organizaciji, zaključek pa jih potrebuje.",
        $"{email} has no training records at this organisation: a completion needs them."));

    public static BulkRowProblem CriteriaNotMet(IEnumerable<LocalizedText> unmet)
    {
        var list = unmet.ToList();
        return new("completion.criteria-not-met", new(
            $"Pogoji niso izpolnjeni: {string.Join("; ", list.Select(m => m.Sl))}",
            $"Criteria not met: {string.Join("; ", list.Select(m => m.En))}"));
    }

    /// <summary>
    /// The problem a row carries, as the dry run or the job stored it; null for a row without a problem. Rows stored
    /// before problems had codes carry their English text under <c>issuer.refused</c>.
    /// </summary>
    public static BulkRowProblem? Of(BulkRow row) =>
        row.Problem is not { } en ? null : new BulkRowProblem(row.ProblemCode ?? "issuer.refused", new LocalizedText(row.ProblemSl ?? en, en));

    /// A row the dry run refuses.
    public static void Apply(BulkRow row, string column, BulkRowProblem problem)
    {
        row.State = BulkRowState.Invalid;
        Record(row, column, problem);
    }

    /// A row the job could not issue. Nothing was issued, so its idempotency key may be used again once it is fixed
    /// (a failed row holds no key; see <see cref="BulkKeys"/>).
    public static void Fail(BulkRow row, string? column, BulkRowProblem problem)
    {
        row.State = BulkRowState.Failed;
        Record(row, column, problem);
    }

    private static void Record(BulkRow row, string? column, BulkRowProblem problem)
    {
        row.Column = column is null ? null : Clip(column, 100);
        row.ProblemCode = problem.Code;
        row.Problem = Clip(problem.Message.En, 1000);
        row.ProblemSl = Clip(problem.Message.Sl, 1000);
    }

    private static string Clip(string value, int max) => value.Length <= max ? value : value[..max];
}
