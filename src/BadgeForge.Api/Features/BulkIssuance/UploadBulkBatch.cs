using System.Diagnostics;
using System.Globalization;
using BadgeForge.Api.Features.Assertions;
using BadgeForge.Api.Features.Auth;
using BadgeForge.Api.Features.CompetencyModels;
using BadgeForge.Api.Features.Trainings;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Core.CompetencyModels;
using BadgeForge.Core.Criteria;
using BadgeForge.Core.OpenBadges;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static BadgeForge.Api.Features.BulkIssuance.ParseBulkFile;

namespace BadgeForge.Api.Features.BulkIssuance;

/// <summary>
/// Step 1 of bulk issuance: reads the file, checks every row as the issuer would (and, for completions, against the
/// learner's records with the criteria engine), stores the batch and its rows, and answers the dry-run report.
/// Nothing is issued: that waits for <see cref="ConfirmBulkBatch"/>.
/// </summary>
internal static class UploadBulkBatch
{
    private const int MaxReportedProblems = 500;
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "d.M.yyyy", "d. M. yyyy", "d.M.yyyy.", "d. M. yyyy."];

    public static async Task<Results<Created<BulkDryRunReport>, ProblemHttpResult>> UploadAsync(
        Guid orgId, BulkBatchKind? kind, string? fileName, HttpContext http, BadgeForgeDbContext db, AwardIssuer issuer,
        ModelRegistry registry, IOptions<BulkIssuanceOptions> options, DatabaseSettings database, TimeProvider clock, ILoggerFactory loggers,
        IServiceScopeFactory scopes, CancellationToken ct)
    {
        var limits = options.Value;
        var started = Stopwatch.GetTimestamp();
        var bytes = await CsvText.ReadBodyAsync(http.Request, limits.MaxFileBytes, ct);
        if (bytes is null)
        {
            return TypedResults.Problem($"The file is larger than {limits.MaxFileBytes} bytes; split it into smaller batches.",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload Too Large");
        }
        if (bytes.Length == 0)
        {
            return FileProblem("The body is empty: send the CSV file (or JSON) as the request body.", [new BulkFileProblem(0, null, new BulkRowProblem("file.empty", new("Telo je prazno.", "Empty body.")))]);
        }
        var json = http.Request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;
        var read = Stopwatch.GetTimestamp();
        var parsed = ParseBulkFile.Parse(bytes, json, limits.MaxRows);
        var parsedAt = Stopwatch.GetTimestamp();
        if (parsed.Rows is not { } inputs)
        {
            return FileProblem(json ? "The JSON body cannot be read as a batch; nothing was stored." : "The CSV file cannot be read as a batch; nothing was stored.",
                parsed.Problems);
        }
        if (inputs.Count == 0)
        {
            return FileProblem("The file has a header but no rows.", [new BulkFileProblem(1, null, new BulkRowProblem("file.no-rows", new("Za glavo ni vrstic.", "No rows after the header.")))]);
        }

        var now = clock.GetUtcNow();
        var batch = new BulkBatch
        {
            Id = Guid.NewGuid(),
            OrganisationId = orgId,
            Kind = kind ?? BulkBatchKind.Awards,
            State = BulkBatchState.Validated,
            FileName = fileName is null ? null : CsvText.Shorten(fileName.Trim()),
            CreatedByAccountId = http.User.RequiredAccountId(),
            CreatedAt = now.UtcDateTime,
        };
        var rows = await CheckAsync(scopes, database, issuer, registry, batch, inputs, parsed.ColumnNames, now, ct);
        var checkedAt = Stopwatch.GetTimestamp();
        batch.Total = rows.Length;
        batch.Valid = rows.Count(r => r.State == BulkRowState.Pending);
        batch.Invalid = batch.Total - batch.Valid;

        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.BulkBatches.Add(batch);
        // The batch with its rows in one transaction: all or nothing. The rows without change tracking: one binary
        // COPY on PostgreSQL, one reused INSERT on SQLite.
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            await (database.Provider == DatabaseProvider.Postgres
                ? PostgresBulkCopy.InsertAsync(db, rows, ct)
                : SqliteBulkWrite.InsertAsync(db, rows, ct));
            await tx.CommitAsync(ct);
        }

        loggers.CreateLogger(typeof(UploadBulkBatch)).LogDebug(
            "Bulk upload {BatchId}: {Rows} rows, read in {ReadMs:F0} ms, parsed in {ParseMs:F0} ms, checked in {CheckMs:F0} ms, stored in {StoreMs:F0} ms",
            batch.Id, rows.Length, Stopwatch.GetElapsedTime(started, read).TotalMilliseconds, Stopwatch.GetElapsedTime(read, parsedAt).TotalMilliseconds,
            Stopwatch.GetElapsedTime(parsedAt, checkedAt).TotalMilliseconds, Stopwatch.GetElapsedTime(checkedAt).TotalMilliseconds);
        var report = new BulkDryRunReport(BulkProgress.ToResponse(batch, new Dictionary<BulkRowState, int>(), now.UtcDateTime),
            [.. rows.Select(BulkLineReport.For)]);
        return TypedResults.Created($"/api/organisations/{orgId}/bulk-batches/{batch.Id}", report);
    }

    private static ProblemHttpResult FileProblem(string detail, IReadOnlyList<BulkFileProblem> problems) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad Request",
            extensions: new Dictionary<string, object?>
            {
                ["problems"] = problems.Take(MaxReportedProblems).Select(p => new { line = p.Line, column = p.Column, code = p.Problem.Code, message = p.Problem.Message }).ToList(),
                ["truncated"] = problems.Count > MaxReportedProblems,
            });

    private static async Task<BulkRow[]> CheckAsync(
        IServiceScopeFactory scopes, DatabaseSettings database, AwardIssuer issuer, ModelRegistry registry,
        BulkBatch batch, List<BulkInput> inputs, Dictionary<string, string> columnNames, DateTimeOffset now, CancellationToken ct)
    {
        string Column(string canonical) => columnNames.TryGetValue(canonical, out var n) ? n : canonical;
        // The two lookups (keys held by confirmed batches, badges already held) need only the keys and addresses as
        // given, so they run on connections of their own while the rows are checked, instead of after. They may look
        // up a few values of rows the checks then refuse; those results are not used.
        var nowUtc = now.UtcDateTime;
        var candidateKeys = inputs.Where(i => i.Key is { Length: > 0 and <= 200 }).Select(i => i.Key!).Distinct(StringComparer.Ordinal).ToList();
        var candidateEmails = inputs.Select(i => RecipientIdentity.TryNormalizeEmail(i.Email, out var e) ? e : null).OfType<string>()
            .Distinct(StringComparer.Ordinal).ToList();
        var heldKeysLookup = candidateKeys.Count == 0
            ? Task.FromResult(new Dictionary<string, BulkKeys.Holder>())
            : LookUpAsync(scopes, database, other => BulkKeys.HeldAsync(other, batch.OrganisationId, candidateKeys, exceptBatchId: batch.Id, ct), ct);
        var heldBadgesLookup = LookUpAsync(scopes, database, async other => (await other.Awards.AsNoTracking()
                .Where(a => a.OrganisationId == batch.OrganisationId && EF.Parameter(candidateEmails).Contains(a.RecipientEmail) && a.RevokedAt == null
                    && (a.ExpiresAt == null || a.ExpiresAt > nowUtc))
                .Select(a => new { a.RecipientEmail, a.ModelId, a.BadgeId }).ToListAsync(ct))
            .Select(a => (a.RecipientEmail, $"{a.ModelId}/{a.BadgeId}")).ToHashSet(), ct);

        // Each row on its own first, spread over the cores (the checks read only the immutable model catalogue), then
        // duplicates within the file in line order.
        var rows = new BulkRow[inputs.Count];
        var problems = new (string Column, BulkRowProblem Problem)?[inputs.Count];
        var badges = new (CompetencyModel Model, BadgeDefinition Badge)?[inputs.Count];
        try
        {
            Parallel.For(0, inputs.Count, new ParallelOptions { CancellationToken = ct }, i =>
            {
                var input = inputs[i];
                var row = rows[i] = new BulkRow
                {
                    // Time-ordered: a batch's rows (and later their awards' BulkRowId) go to the end of their indexes
                    // instead of random places. The ids are not secrets; rows are reached through their batch.
                    Id = Guid.CreateVersion7(),
                    BatchId = batch.Id,
                    OrganisationId = batch.OrganisationId,
                    Line = input.Line,
                    State = BulkRowState.Pending,
                    RecipientEmail = Clip(input.Email, 320),
                    RecipientName = input.Name is null ? null : Clip(input.Name, 200),
                    Badge = Clip(input.Badge, 300),
                    EvidenceUrl = input.EvidenceUrl is null ? null : Clip(input.EvidenceUrl, 2048),
                    Narrative = input.Narrative is null ? null : Clip(input.Narrative, 4000),
                    IdempotencyKey = input.Key is null ? null : Clip(input.Key, 200),
                };
                problems[i] = CheckRow(input, row, issuer, now, Column);
                if (problems[i] is null && issuer.Resolve(input.Badge) is ({ } model, { } badge))
                {
                    badges[i] = (model, badge);
                }
            });
        }
        catch
        {
            // The lookups started above run on connections of their own: let them end before the request does, so
            // nothing of it outlives it. The checks' exception (a cancelled request) is the one to report.
            await Task.WhenAll(heldKeysLookup, heldBadgesLookup).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        var resolved = new Dictionary<BulkRow, (CompetencyModel Model, BadgeDefinition Badge)>();
        var firstPair = new Dictionary<(string, string), int>();
        var firstKey = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            var problem = problems[i];
            if (problem is null && badges[i] is var (model, badge))
            {
                resolved[row] = (model, badge);
                var pair = (row.RecipientEmail, $"{model.Id}/{badge.Id}");
                if (firstPair.TryGetValue(pair, out var earlier))
                {
                    problem = (Column(BadgeColumn), BulkRowProblems.DuplicatePair(earlier, row.RecipientEmail));
                }
                else if (row.IdempotencyKey is { } key && firstKey.TryGetValue(key, out var sameKey))
                {
                    problem = (Column(KeyColumn), BulkRowProblems.DuplicateKey(sameKey));
                }
                else
                {
                    firstPair[pair] = row.Line;
                    if (row.IdempotencyKey is { } k)
                    {
                        firstKey[k] = row.Line;
                    }
                }
            }
            if (problem is { } p)
            {
                Reject(row, p);
            }
        }

        var pending = rows.Where(r => r.State == BulkRowState.Pending).ToList();
        var byKey = await heldKeysLookup;
        foreach (var row in pending)
        {
            if (row.IdempotencyKey is { } key && byKey.TryGetValue(key, out var holder))
            {
                Reject(row, (Column(KeyColumn), BulkRowProblems.AlreadyDone(holder.Line, holder.BatchId)));
            }
        }

        pending = [.. pending.Where(r => r.State == BulkRowState.Pending)];
        var held = await heldBadgesLookup;
        foreach (var row in pending)
        {
            var (model, badge) = resolved[row];
            if (held.Contains((row.RecipientEmail, $"{model.Id}/{badge.Id}")))
            {
                Reject(row, (Column(BadgeColumn), BulkRowProblems.AlreadyHeld(row.RecipientEmail)));
            }
        }

        if (batch.Kind == BulkBatchKind.Completions)
        {
            // Its lookups pass lists as arrays too, so they are planned the same way.
            await LookUpAsync(scopes, database, async other =>
            {
                await CheckCriteriaAsync(other, registry, batch.OrganisationId, [.. pending.Where(r => r.State == BulkRowState.Pending)], resolved, now, Column, ct);
                return true;
            }, ct);
        }
        return rows;
    }

    /// Runs one dry-run lookup on a DbContext (and connection) of its own; on PostgreSQL in a transaction planned for
    /// its actual arrays (<see cref="ArrayLookups"/>). Not on SQLite, where a transaction takes the write lock.
    private static async Task<T> LookUpAsync<T>(
        IServiceScopeFactory scopes, DatabaseSettings database, Func<BadgeForgeDbContext, Task<T>> lookup, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BadgeForgeDbContext>();
        if (database.Provider != DatabaseProvider.Postgres)
        {
            return await lookup(db);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await ArrayLookups.PlanForActualArraysAsync(db, database, ct);
        var result = await lookup(db);
        await tx.CommitAsync(ct);
        return result;
    }

    /// The first thing wrong with one row on its own, as the issuer would say it; null if nothing.
    private static (string Column, BulkRowProblem Problem)? CheckRow(
        BulkInput input, BulkRow row, AwardIssuer issuer, DateTimeOffset now, Func<string, string> column)
    {
        if (input.Email.Length == 0)
        {
            return (column(EmailColumn), BulkRowProblems.EmailEmpty());
        }
        if (!RecipientIdentity.TryNormalizeEmail(input.Email, out var email) || input.Email.Length > 320)
        {
            return (column(EmailColumn), BulkRowProblems.EmailInvalid(CsvText.Shorten(input.Email)));
        }
        row.RecipientEmail = email;
        if (input.Badge.Length == 0)
        {
            return (column(BadgeColumn), BulkRowProblems.BadgeEmpty());
        }
        if (issuer.Resolve(input.Badge) is not ({ } model, { } badge))
        {
            return (column(BadgeColumn), BulkRowProblems.Of(issuer.BadgeProblem(input.Badge)));
        }
        if (model.Status != ModelStatus.Published)
        {
            return (column(BadgeColumn), BulkRowProblems.Of(AwardProblems.NotPublished(model)));
        }
        if (input.Name is { Length: > 200 })
        {
            return (column(NameColumn), BulkRowProblems.NameTooLong());
        }
        var issuedOn = ObDateTime.TruncateToSecond(now);
        if (input.IssuedOn is { } issuedCell)
        {
            if (DateOnly.TryParseExact(issuedCell, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                issuedOn = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            }
            else if (DateTimeOffset.TryParse(issuedCell, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            {
                issuedOn = ObDateTime.TruncateToSecond(instant.ToUniversalTime());
            }
            else
            {
                return (column(IssuedOnColumn), BulkRowProblems.DateInvalid(CsvText.Shorten(issuedCell)));
            }
            if (issuedOn > now)
            {
                return (column(IssuedOnColumn), BulkRowProblems.DateInFuture());
            }
            row.IssuedOn = issuedOn.UtcDateTime;
        }
        if (badge.Validity.Months is { } months && issuedOn.AddMonths(months) <= now)
        {
            return (column(IssuedOnColumn), BulkRowProblems.AlreadyExpired());
        }
        if (input.EvidenceUrl is { } url && (url.Length > 2048 || !HttpUrlAttribute.IsHttpUrl(url)))
        {
            return (column(EvidenceColumn), BulkRowProblems.EvidenceInvalid());
        }
        if (input.Narrative is { Length: > 4000 })
        {
            return (column(NarrativeColumn), BulkRowProblems.NarrativeTooLong());
        }
        if (input.Key is { Length: > 200 })
        {
            return (column(KeyColumn), BulkRowProblems.KeyTooLong());
        }
        return null;
    }

    /// Completions: each learner's records at the organisation must meet the badge's criteria now.
    private static async Task CheckCriteriaAsync(
        BadgeForgeDbContext db, ModelRegistry registry, Guid orgId, List<BulkRow> rows,
        Dictionary<BulkRow, (CompetencyModel Model, BadgeDefinition Badge)> resolved, DateTimeOffset now, Func<string, string> column,
        CancellationToken ct)
    {
        var emails = rows.Select(r => r.RecipientEmail).Distinct().ToList();
        var learnerOf = await db.LearnerEmails.AsNoTracking().Where(e => EF.Parameter(emails).Contains(e.Email))
            .ToDictionaryAsync(e => e.Email, e => e.LearnerId, ct);
        foreach (var byModel in rows.GroupBy(r => resolved[r].Model.Id))
        {
            var learnerIds = byModel.Where(r => learnerOf.ContainsKey(r.RecipientEmail)).Select(r => learnerOf[r.RecipientEmail]).Distinct().ToList();
            var records = learnerIds.Count == 0 ? [] : await PreviewAwards.LoadRecordsAsync(db, orgId, byModel.Key, learnerIds, ct);
            foreach (var row in byModel)
            {
                var (model, badge) = resolved[row];
                if (!learnerOf.TryGetValue(row.RecipientEmail, out var learnerId) || !records.TryGetValue(learnerId, out var mine))
                {
                    Reject(row, (column(EmailColumn), BulkRowProblems.NoRecords(row.RecipientEmail)));
                    continue;
                }
                var result = CriteriaEngine.Evaluate(model, badge, mine, now, registry.Catalog);
                if (!result.Met)
                {
                    Reject(row, (column(BadgeColumn), BulkRowProblems.CriteriaNotMet(result.Leaves.Where(l => !l.Met).Select(l => l.Message).Take(3))));
                }
            }
        }
    }

    private static void Reject(BulkRow row, (string Column, BulkRowProblem Problem) problem) =>
        BulkRowProblems.Apply(row, problem.Column, problem.Problem);

    private static string Clip(string value, int max) => value.Length <= max ? value : value[..max];
}
