namespace BadgeForge.Core.CompetencyModels;

/// <summary>One model file handed to the catalog.</summary>
/// <param name="FileName">Path relative to the models directory, <c>&lt;id&gt;/&lt;version&gt;.yaml</c>; '/' or '\' separators.</param>
/// <param name="Content">The file's bytes.</param>
public sealed record ModelSource(string FileName, ReadOnlyMemory<byte> Content);

/// <summary>
/// All model versions validated together: each file on its own, then the cross-file rules (directory = id,
/// file name = version, one file per <c>id@version</c>, equivalence targets exist). Lookups by <c>id@version</c>.
/// </summary>
public sealed class CompetencyModelCatalog
{
    private readonly Dictionary<ModelReference, CompetencyModel> _byReference;

    private CompetencyModelCatalog(
        IReadOnlyList<CompetencyModelParseResult> files, Dictionary<ModelReference, CompetencyModel> byReference, IReadOnlyList<ModelProblem> problems)
    {
        Files = files;
        _byReference = byReference;
        Models = byReference.Values.OrderBy(m => m.Id, StringComparer.Ordinal).ThenBy(m => m.Version).ToList();
        Problems = problems;
    }

    /// <summary>The per-file results, in input order.</summary>
    public IReadOnlyList<CompetencyModelParseResult> Files { get; }

    /// <summary>Every model that parsed, ordered by id, then version.</summary>
    public IReadOnlyList<CompetencyModel> Models { get; }

    /// <summary>All problems: per-file ones first (file by file), then cross-file ones.</summary>
    public IReadOnlyList<ModelProblem> Problems { get; }

    /// <summary>True if no file and no cross-file rule has a problem.</summary>
    public bool IsValid => Problems.Count == 0;

    /// <summary>Parses every source and validates them together.</summary>
    /// <param name="sources">The model files.</param>
    /// <param name="options">Size and depth limits per file.</param>
    public static CompetencyModelCatalog Load(IEnumerable<ModelSource> sources, CompetencyModelParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        return FromParsed(sources.Select(s => CompetencyModelParser.Parse(s.FileName, s.Content.Span, options)));
    }

    /// <summary>Validates already-parsed files together; their <c>FileName</c>s must be <c>&lt;id&gt;/&lt;version&gt;.yaml</c>.</summary>
    /// <param name="results">Results of <see cref="CompetencyModelParser"/>.</param>
    public static CompetencyModelCatalog FromParsed(IEnumerable<CompetencyModelParseResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var files = results.ToList();
        var problems = files.SelectMany(f => f.Problems).ToList();
        var byReference = new Dictionary<ModelReference, CompetencyModel>();
        var parsed = new List<(CompetencyModelParseResult File, CompetencyModel Model, SourcePositions Positions)>();
        var suggestionBudget = ModelBinder.SuggestionBudget;

        foreach (var file in files)
        {
            if (file.Model is not { } model || file.Positions is not { } positions)
            {
                continue;
            }
            void Report((int Line, int Column) at, string code, string message) =>
                problems.Add(new ModelProblem(file.FileName, at.Line, at.Column, code, message));

            var segments = file.FileName.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
            var directory = segments.Length >= 2 ? segments[^2] : null;
            var name = segments.Length >= 1 ? segments[^1] : "";
            if (directory != model.Id)
            {
                Report(positions.Id, ModelProblemCodes.DirectoryMismatch,
                    $"Model '{model.Id}' must be stored in directory '{model.Id}/', not '{directory ?? "(none)"}/'.");
            }
            if (name != $"{model.Version}.yaml")
            {
                Report(positions.Version, ModelProblemCodes.FileNameMismatch,
                    $"Version {model.Version} must be stored in '{model.Version}.yaml', not '{name}'.");
            }
            if (!byReference.TryAdd(model.Reference, model))
            {
                Report(positions.Version, ModelProblemCodes.DuplicateModel, $"{model.Reference} is defined by more than one file.");
                continue;
            }
            parsed.Add((file, model, positions));
        }

        foreach (var (file, model, positions) in parsed)
        {
            foreach (var equivalence in model.Equivalences)
            {
                void Report(object item, string message) => problems.Add(new ModelProblem(
                    file.FileName, positions.Of(item).Line, positions.Of(item).Column, ModelProblemCodes.EquivalenceTargetMissing, message));

                if (!byReference.TryGetValue(equivalence.From, out var source))
                {
                    Report(equivalence, $"Equivalence source {equivalence.From} is not in the catalog.");
                    continue;
                }
                foreach (var mapping in equivalence.Competences.Where(m => source.FindCompetence(m.FromId) is null))
                {
                    Report(mapping, $"{equivalence.From} has no competence '{mapping.FromId}'." +
                        ModelBinder.Suggest(mapping.FromId, source.Competences.Select(c => c.Id), ref suggestionBudget));
                }
                foreach (var mapping in equivalence.Badges.Where(m => source.FindBadge(m.FromId) is null))
                {
                    Report(mapping, $"{equivalence.From} has no badge '{mapping.FromId}'." +
                        ModelBinder.Suggest(mapping.FromId, source.Badges.Select(b => b.Id), ref suggestionBudget));
                }
            }
        }
        return new CompetencyModelCatalog(files, byReference, problems);
    }

    /// <summary>The model version named by <paramref name="reference"/>, or null.</summary>
    public CompetencyModel? Find(ModelReference reference) => _byReference.GetValueOrDefault(reference);

    /// <summary>The model version named <c>id@version</c>, or null (also for malformed text).</summary>
    public CompetencyModel? Find(string reference) =>
        ModelReference.TryParse(reference, out var parsed) ? Find(parsed) : null;

    /// <summary>All versions of model <paramref name="id"/>, oldest first.</summary>
    public IReadOnlyList<CompetencyModel> Versions(string id) => Models.Where(m => m.Id == id).ToList();

    /// <summary>
    /// Maps competence <paramref name="id"/> of <paramref name="from"/> to its id in <paramref name="to"/>, or null if it has
    /// no counterpart. Within one model the versions between the two are walked in order; each step uses the newer
    /// version's declared equivalence for the step's older version, else the same id if it still exists. Across models
    /// only a direct equivalence declared by <paramref name="to"/> counts.
    /// </summary>
    public string? MapCompetenceId(ModelReference from, string id, ModelReference to) =>
        MapId(from, id, to, (model, previous, current) => model.EquivalentCompetenceId(previous, current));

    /// <summary>Like <see cref="MapCompetenceId"/>, for badge ids (used to honour awards of earlier versions).</summary>
    public string? MapBadgeId(ModelReference from, string id, ModelReference to) =>
        MapId(from, id, to, (model, previous, current) => model.EquivalentBadgeId(previous, current));

    private string? MapId(ModelReference from, string id, ModelReference to, Func<CompetencyModel, ModelReference, string, string?> step)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (Find(to) is not { } target || (from.Id == to.Id && Find(from) is null))
        {
            return null;
        }
        if (from == to)
        {
            return id;
        }
        if (from.Id != to.Id || to.Version.IsBefore(from.Version))
        {
            // Equivalences only point backwards in time; anything else must be declared directly.
            return step(target, from, id);
        }
        var path = Versions(to.Id).Where(m => from.Version.IsBefore(m.Version) && !to.Version.IsBefore(m.Version));
        var previous = from;
        string? current = id;
        foreach (var model in path)
        {
            current = step(model, previous, current);
            if (current is null)
            {
                return null;
            }
            previous = model.Reference;
        }
        return current;
    }

    /// <summary>The highest published version of <paramref name="id"/> (or highest of any status if <paramref name="includeDrafts"/>), or null.</summary>
    public CompetencyModel? Latest(string id, bool includeDrafts = false) =>
        Versions(id).LastOrDefault(m => includeDrafts || m.Status == ModelStatus.Published);
}
