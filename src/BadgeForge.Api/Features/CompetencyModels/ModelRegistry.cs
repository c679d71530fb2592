using System.Security.Cryptography;
using System.Text.Json;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Core.CompetencyModels;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.CompetencyModels;

/// <summary>
/// The competency models this service knows: the shipped files of <c>competency-models/</c> plus versions uploaded
/// through the API (kept in the database). Loaded and validated once at start-up; an upload swaps in a new catalog.
/// </summary>
public sealed class ModelRegistry(ModelDirectory directory, TimeProvider clock)
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private volatile CompetencyModelCatalog? _catalog;
    private IReadOnlyList<ModelSource> _sources = [];

    public CompetencyModelCatalog Catalog =>
        _catalog ?? throw new InvalidOperationException("Competency models are loaded at start-up, before requests are served.");

    /// <summary>
    /// Loads every model, refuses invalid ones, and records each version's content hash. A published version whose
    /// file changed without a version bump stops start-up with a message naming the file.
    /// </summary>
    public async Task InitializeAsync(BadgeForgeDbContext db, CancellationToken ct)
    {
        var files = directory.ReadAll();
        var uploaded = await db.ModelVersions.AsNoTracking().Where(m => m.Yaml != null).ToListAsync(ct);
        var sources = files.Concat(uploaded.Select(u => new ModelSource(u.FileName, System.Text.Encoding.UTF8.GetBytes(u.Yaml!)))).ToList();
        var catalog = CompetencyModelCatalog.Load(sources);
        if (!catalog.IsValid)
        {
            throw new StartupException(
                $"the competency models in {directory.Path} have {catalog.Problems.Count} problem(s):{Environment.NewLine}"
                + string.Join(Environment.NewLine, catalog.Problems.Select(p => "  " + (p with { File = directory.Describe(p.File) }))));
        }

        var records = await db.ModelVersions.ToDictionaryAsync(r => (r.ModelId, r.Version), ct);
        var shipped = files.Select(f => f.FileName).ToHashSet(StringComparer.Ordinal);
        foreach (var model in catalog.Models)
        {
            var fileName = catalog.Files.First(f => f.Model == model).FileName;
            if (!shipped.Contains(fileName))
            {
                continue;
            }
            Record(db, records, model, directory.Describe(fileName));
        }
        await db.SaveChangesAsync(ct);
        _sources = sources;
        _catalog = catalog;
    }

    /// <summary>Validates an uploaded version against everything already known and, if it is sound, adds it.</summary>
    public async Task<UploadOutcome> UploadAsync(BadgeForgeDbContext db, Guid organisationId, ReadOnlyMemory<byte> yaml, CancellationToken ct)
    {
        var parsed = CompetencyModelParser.Parse("upload.yaml", yaml.Span);
        if (parsed.Model is not { } model)
        {
            return new UploadOutcome.Invalid(parsed.Problems);
        }
        var fileName = $"{model.Id}/{model.Version}.yaml";

        await _writeLock.WaitAsync(ct);
        try
        {
            var existing = Catalog.Find(model.Reference);
            if (existing is not null)
            {
                return new UploadOutcome.Conflict($"{model.Reference} exists already and published versions never change: upload it as a new version.");
            }
            var owner = await db.ModelVersions.AsNoTracking().Where(m => m.ModelId == model.Id)
                .Select(m => new { m.UploadedByOrganisationId }).FirstOrDefaultAsync(ct);
            var isNewModel = Catalog.Versions(model.Id).Count == 0;
            if (!isNewModel && owner?.UploadedByOrganisationId != organisationId)
            {
                return new UploadOutcome.Forbidden($"Model '{model.Id}' belongs to another owner; only they can add versions of it.");
            }

            var sources = _sources.Append(new ModelSource(fileName, yaml)).ToList();
            var catalog = CompetencyModelCatalog.Load(sources);
            if (!catalog.IsValid)
            {
                // Problems of the uploaded file refer to its position in the upload.
                return new UploadOutcome.Invalid([.. catalog.Problems.Select(p => p.File == fileName ? p with { File = "upload.yaml" } : p)]);
            }

            db.ModelVersions.Add(new ModelVersionRecord
            {
                ModelId = model.Id,
                Version = model.Version.ToString(),
                ContentHash = model.ContentSha256,
                StructureHash = StructureHash(model),
                Status = model.Status.ToString(),
                FileName = fileName,
                UploadedByOrganisationId = organisationId,
                Yaml = System.Text.Encoding.UTF8.GetString(yaml.Span),
                FirstLoadedAt = clock.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync(ct);
            _sources = sources;
            _catalog = catalog;
            return new UploadOutcome.Added(catalog.Find(model.Reference)!);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void Record(BadgeForgeDbContext db, Dictionary<(string, string), ModelVersionRecord> records, CompetencyModel model, string file)
    {
        var version = model.Version.ToString();
        var structure = StructureHash(model);
        if (!records.TryGetValue((model.Id, version), out var record))
        {
            db.ModelVersions.Add(new ModelVersionRecord
            {
                ModelId = model.Id,
                Version = version,
                ContentHash = model.ContentSha256,
                StructureHash = structure,
                Status = model.Status.ToString(),
                FileName = file,
                FirstLoadedAt = clock.GetUtcNow().UtcDateTime,
            });
            return;
        }
        if (record.ContentHash == model.ContentSha256)
        {
            return;
        }
        var wasDraft = record.Status == nameof(ModelStatus.Draft);
        // Formatting, comments and the status line (published → retired) may change; the meaning may not.
        var sameMeaning = record.StructureHash == structure && !(model.Status == ModelStatus.Draft && !wasDraft);
        if (!wasDraft && !sameMeaning)
        {
            throw new StartupException(
                $"{file} changed, but {model.Reference} was already loaded as {record.Status.ToLowerInvariant()} with different content "
                + $"(sha256 {record.ContentHash[..12]}…, now {model.ContentSha256[..12]}…). Published versions never change: "
                + "restore the file and save your changes as a new version (bump 'version' and the file name).");
        }
        record.ContentHash = model.ContentSha256;
        record.StructureHash = structure;
        record.Status = model.Status.ToString();
    }

    /// SHA-256 of the model's meaning: its canonical JSON without status and file hash.
    private static string StructureHash(CompetencyModel model)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(model with { Status = ModelStatus.Draft, ContentSha256 = "" }, ModelJson.Options);
        return Convert.ToHexStringLower(SHA256.HashData(json));
    }
}

/// <summary>What an upload came to.</summary>
public abstract record UploadOutcome
{
    public sealed record Added(CompetencyModel Model) : UploadOutcome;
    public sealed record Invalid(IReadOnlyList<ModelProblem> Problems) : UploadOutcome;
    public sealed record Conflict(string Message) : UploadOutcome;
    public sealed record Forbidden(string Message) : UploadOutcome;
}
