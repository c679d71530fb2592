using System.Text.RegularExpressions;
using BadgeForge.Api.Features.CompetencyModels;
using BadgeForge.Core;
using BadgeForge.Core.CompetencyModels;
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
/// Every per-row problem of bulk issuance, in both languages, with its code. The dry run stores code and both texts
/// on the row; the job stores only the issuer's English message, which <see cref="FromIssuer"/> turns back into a
/// code and both texts (the issuer's messages are a small, fixed set).
/// </summary>
internal static partial class BulkRowProblems
{
    public static BulkRowProblem EmailEmpty() => new("email.empty", new("E-poštni naslov je prazen.", "The email is empty."));

    public static BulkRowProblem EmailInvalid(string email) => new("email.invalid",
        new($"'{email}' ni e-poštni naslov.", $"'{email}' is not an email address."));

    public static BulkRowProblem BadgeEmpty() => new("badge.empty",
        new("Značka je prazna: zapišite jo kot model@različica/značka.", "The badge is empty: write it as model@version/badge."));

    public static BulkRowProblem BadgeReference(string reference) => new("badge.reference", new(
        $"'{reference}' ni sklic na značko: zapišite ga kot model@različica/značka, npr. as-aktiviraj-se@1.0.0/as.zakljucek.",
        $"'{reference}' is not a badge reference: write it as model@version/badge, e.g. as-aktiviraj-se@1.0.0/as.zakljucek."));

    public static BulkRowProblem ModelUnknown(string modelId) => new("badge.model-unknown",
        new($"Kompetenčnega modela '{modelId}' ni.", $"There is no competency model '{modelId}'."));

    public static BulkRowProblem VersionUnknown(string modelId, string version, string known) => new("badge.version-unknown", new(
        $"Model '{modelId}' nima različice {version}; ima {known}.",
        $"Model '{modelId}' has no version {version}; it has {known}."));

    public static BulkRowProblem BadgeUnknown(string model, string badge) => new("badge.unknown",
        new($"{model} nima značke '{badge}'.", $"{model} has no badge '{badge}'."));

    public static BulkRowProblem NotPublished(string model, string status) => new("badge.not-published", new(
        $"{model} je {StatusSl(status)}: značke se podeljujejo le iz objavljenih različic modelov.",
        $"{model} is {status}: badges are awarded only from published model versions."));

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

    public static BulkRowProblem DateInFuture() => new("issuedOn.future", new(
        "Datum podelitve je v prihodnosti; značka se podeli le za tisto, kar se je že zgodilo.",
        "The issue date is in the future; a badge can only be awarded for what has happened."));

    public static BulkRowProblem AlreadyExpired() => new("issuedOn.expired", new(
        "Značka bi že potekla; preverite datum podelitve.", "The badge would already be expired; check the issue date."));

    public static BulkRowProblem EvidenceInvalid() => new("evidenceUrl.invalid", new(
        "Povezave do dokazil morajo biti absolutni naslovi URL http ali https.", "Evidence links must be absolute http or https URLs."));

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

    public static BulkRowProblem OrganisationMissing() => new("organisation.missing",
        new("Organizacija ne obstaja več.", "The organisation no longer exists."));

    /// <summary>What is wrong with a badge reference that does not resolve: the issuer's three cases, in both languages.</summary>
    public static BulkRowProblem BadgeNotFound(string reference, ModelRegistry registry)
    {
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !ModelReference.TryParse(reference[..slash], out var modelReference))
        {
            return BadgeReference(reference);
        }
        if (registry.Catalog.Find(modelReference) is not { } model)
        {
            var known = registry.Catalog.Versions(modelReference.Id).Select(m => m.Version.ToString()).ToList();
            return known.Count == 0
                ? ModelUnknown(modelReference.Id)
                : VersionUnknown(modelReference.Id, modelReference.Version.ToString(), string.Join(", ", known));
        }
        return BadgeUnknown(model.Reference.ToString(), reference[(slash + 1)..]);
    }

    /// <summary>
    /// The problem a row carries: as the dry run stored it, or, for a row the job failed (only the issuer's English
    /// message is stored), recognised from that message. Null for a row without a problem.
    /// </summary>
    public static BulkRowProblem? Of(BulkRow row) =>
        row.Problem is not { } en ? null
        : row.ProblemCode is { } code ? new BulkRowProblem(code, new LocalizedText(row.ProblemSl ?? en, en))
        : FromIssuer(en);

    /// <summary>
    /// The issuer's English message (<see cref="Assertions.AwardIssuer"/>), which the job stores for a row it could not
    /// issue, as a code and both texts. A message not recognised keeps its English text under <c>issuer.refused</c>.
    /// </summary>
    public static BulkRowProblem FromIssuer(string message)
    {
        Match m;
        if ((m = IssuerEmail().Match(message)).Success)
        {
            return EmailInvalid(m.Groups[1].Value);
        }
        if ((m = IssuerReference().Match(message)).Success)
        {
            return BadgeReference(m.Groups[1].Value);
        }
        if ((m = IssuerNoModel().Match(message)).Success)
        {
            return ModelUnknown(m.Groups[1].Value);
        }
        if ((m = IssuerNoVersion().Match(message)).Success)
        {
            return VersionUnknown(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value);
        }
        if ((m = IssuerNoBadge().Match(message)).Success)
        {
            return BadgeUnknown(m.Groups[1].Value, m.Groups[2].Value);
        }
        if ((m = IssuerNotPublished().Match(message)).Success)
        {
            return NotPublished(m.Groups[1].Value, m.Groups[2].Value);
        }
        if (message.StartsWith("The issue date is in the future", StringComparison.Ordinal))
        {
            return DateInFuture();
        }
        if (message.StartsWith("The badge would already be expired", StringComparison.Ordinal))
        {
            return AlreadyExpired();
        }
        if (message.StartsWith("The expiry date must be after the issue date", StringComparison.Ordinal))
        {
            return new("expires.invalid", new("Datum poteka mora biti po datumu podelitve.", message));
        }
        if (message.StartsWith("Evidence links must be", StringComparison.Ordinal))
        {
            return EvidenceInvalid();
        }
        if (message.StartsWith("Each evidence item needs", StringComparison.Ordinal))
        {
            return new("evidenceUrl.empty", new("Vsako dokazilo potrebuje povezavo ali opis.", message));
        }
        if (message == OrganisationMissing().Message.En)
        {
            return OrganisationMissing();
        }
        return new("issuer.refused", new($"Izdajatelj je vrstico zavrnil: {message}", message));
    }

    private static string StatusSl(string status) => status switch
    {
        "draft" => "osnutek",
        "retired" => "umaknjen",
        _ => status,
    };

    public static void Apply(BulkRow row, string column, BulkRowProblem problem)
    {
        row.State = BulkRowState.Invalid;
        row.Column = Clip(column, 100);
        row.ProblemCode = problem.Code;
        row.Problem = Clip(problem.Message.En, 1000);
        row.ProblemSl = Clip(problem.Message.Sl, 1000);
    }

    private static string Clip(string value, int max) => value.Length <= max ? value : value[..max];

    [GeneratedRegex(@"^'(.*)' is not an e-mail address\.$", RegexOptions.Singleline)]
    private static partial Regex IssuerEmail();

    [GeneratedRegex(@"^'(.*)' is not a badge reference: ", RegexOptions.Singleline)]
    private static partial Regex IssuerReference();

    [GeneratedRegex(@"^There is no competency model '(.*)'\.$", RegexOptions.Singleline)]
    private static partial Regex IssuerNoModel();

    [GeneratedRegex(@"^Model '(.*)' has no version (\S+); it has (.*)\.$", RegexOptions.Singleline)]
    private static partial Regex IssuerNoVersion();

    [GeneratedRegex(@"^(\S+) has no badge '(.*)'\.$", RegexOptions.Singleline)]
    private static partial Regex IssuerNoBadge();

    [GeneratedRegex(@"^(\S+) is (\w+): badges are awarded only from published model versions\.$", RegexOptions.Singleline)]
    private static partial Regex IssuerNotPublished();
}
