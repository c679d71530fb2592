namespace BadgeForge.Core.CompetencyModels;

/// <summary>Lifecycle of one model version. Only published versions may be used to issue badges.</summary>
public enum ModelStatus
{
    /// <summary>Work in progress; content may still change under the same version.</summary>
    Draft,
    /// <summary>Frozen: the file must never change again (start-up compares <see cref="CompetencyModel.ContentSha256"/>).</summary>
    Published,
    /// <summary>No new awards; existing awards stay interpretable.</summary>
    Retired,
}

/// <summary>How far the content is the owner's own text.</summary>
public enum ProvenanceStatus
{
    /// <summary>The owner's official text.</summary>
    Official,
    /// <summary>Based on the owner's text, with edits (e.g. translation, restructuring).</summary>
    Adapted,
    /// <summary>Rebuilt from public sources because the owner's text is not available.</summary>
    Reconstructed,
}

/// <summary>One version of a competency model: the unit stored in <c>competency-models/&lt;id&gt;/&lt;version&gt;.yaml</c>.</summary>
/// <param name="Id">Stable slug, equal to the directory name.</param>
/// <param name="Version">Semantic version of the content, equal to the file name.</param>
/// <param name="Status">Lifecycle status.</param>
/// <param name="Title">Model title.</param>
/// <param name="Description">What the model covers and for whom.</param>
/// <param name="Owner">The organisation responsible for the content.</param>
/// <param name="Provenance">Where the content comes from, and whether it is official.</param>
/// <param name="License">SPDX licence id of the content, if declared.</param>
/// <param name="Frameworks">External frameworks that alignments point to.</param>
/// <param name="Scale">The proficiency scale shared by all competences.</param>
/// <param name="Assessment">Who may confirm indicators, and how many confirmations a level needs.</param>
/// <param name="Areas">Competence areas, in display order.</param>
/// <param name="Trainings">Trainings that attendance criteria refer to.</param>
/// <param name="Badges">Badge definitions.</param>
/// <param name="Equivalences">Mappings from ids of earlier versions (or other models) to ids of this version.</param>
/// <param name="ContentSha256">Lower-case hex SHA-256 of the exact file bytes.</param>
public sealed record CompetencyModel(
    string Id,
    SemanticVersion Version,
    ModelStatus Status,
    LocalizedText Title,
    LocalizedText Description,
    ModelOwner Owner,
    Provenance Provenance,
    string? License,
    IReadOnlyList<Framework> Frameworks,
    ProficiencyScale Scale,
    AssessmentRule Assessment,
    IReadOnlyList<CompetenceArea> Areas,
    IReadOnlyList<TrainingDefinition> Trainings,
    IReadOnlyList<BadgeDefinition> Badges,
    IReadOnlyList<Equivalence> Equivalences,
    string ContentSha256)
{
    /// <summary>This version as <c>id@version</c>, the form awards store.</summary>
    public ModelReference Reference => new(Id, Version);

    /// <summary>All competences of all areas, in display order.</summary>
    public IEnumerable<Competence> Competences => Areas.SelectMany(a => a.Competences);

    /// <summary>The competence with <paramref name="id"/>, or null.</summary>
    public Competence? FindCompetence(string id) => Competences.FirstOrDefault(c => c.Id == id);

    /// <summary>The training with <paramref name="id"/>, or null.</summary>
    public TrainingDefinition? FindTraining(string id) => Trainings.FirstOrDefault(t => t.Id == id);

    /// <summary>The badge with <paramref name="id"/>, or null.</summary>
    public BadgeDefinition? FindBadge(string id) => Badges.FirstOrDefault(b => b.Id == id);

    /// <summary>
    /// The id in this version that corresponds to competence <paramref name="id"/> of <paramref name="from"/>:
    /// the declared equivalence if there is one, otherwise the same id if it still exists, otherwise null.
    /// </summary>
    public string? EquivalentCompetenceId(ModelReference from, string id) =>
        Map(from, id, e => e.Competences, FindCompetence(id) is not null);

    /// <summary>Like <see cref="EquivalentCompetenceId"/>, for badges.</summary>
    public string? EquivalentBadgeId(ModelReference from, string id) =>
        Map(from, id, e => e.Badges, FindBadge(id) is not null);

    private string? Map(ModelReference from, string id, Func<Equivalence, IReadOnlyList<IdMapping>> pick, bool existsHere)
    {
        var declared = Equivalences.Where(e => e.From == from).SelectMany(pick).FirstOrDefault(m => m.FromId == id);
        if (declared is not null)
        {
            return declared.ToId;
        }
        // Unmapped ids carry over only within the same model: another model's "1.1" is unrelated.
        return from.Id == Id && existsHere ? id : null;
    }
}

/// <summary>The organisation that owns a model's content.</summary>
/// <param name="Name">Organisation name as it writes itself.</param>
/// <param name="Url">Its web site, if any.</param>
public sealed record ModelOwner(string Name, Uri? Url);

/// <summary>Where a model's content comes from.</summary>
/// <param name="Status">Official, adapted or reconstructed.</param>
/// <param name="Notes">What exactly is reconstructed or adapted, in both languages.</param>
/// <param name="Sources">Cited sources.</param>
public sealed record Provenance(ProvenanceStatus Status, LocalizedText Notes, IReadOnlyList<ProvenanceSource> Sources);

/// <summary>One cited source of a model.</summary>
/// <param name="Citation">Bibliographic citation.</param>
/// <param name="Url">Where it can be read, if online.</param>
public sealed record ProvenanceSource(string Citation, Uri? Url);

/// <summary>An external competence framework (ESCO, EntreComp, …) that alignments refer to by <see cref="Id"/>.</summary>
/// <param name="Id">Local key used by alignments, e.g. <c>esco</c>.</param>
/// <param name="Name">The framework's own name.</param>
/// <param name="Version">The framework version the alignments were made against.</param>
/// <param name="Url">The framework's canonical page.</param>
/// <param name="Ob3TargetType">Open Badges 3.0 <c>targetType</c> for exports, e.g. <c>ext:ESCOSkill</c>.</param>
public sealed record Framework(string Id, string Name, string Version, Uri Url, string? Ob3TargetType);

/// <summary>
/// An alignment to one node of an external framework. Exported to Open Badges 3.0 as
/// <c>targetUrl = TargetUri ?? Framework.Url</c>, <c>targetCode = Code</c>, <c>targetFramework = Framework.Name</c>.
/// </summary>
/// <param name="Framework">The framework (resolved from the model's framework list).</param>
/// <param name="Code">The node's code in frameworks without per-node URIs (EntreComp "3.1").</param>
/// <param name="TargetUri">The node's own URI when the framework has one (ESCO).</param>
/// <param name="TargetName">The node's name as the framework writes it (not translated).</param>
public sealed record Alignment(Framework Framework, string? Code, Uri? TargetUri, string TargetName);

/// <summary>The model's proficiency scale; levels are cumulative (level 2 includes level 1).</summary>
/// <param name="Levels">Levels in ascending order.</param>
public sealed record ProficiencyScale(IReadOnlyList<ProficiencyLevel> Levels)
{
    /// <summary>True if <paramref name="level"/> is one of the scale's values.</summary>
    public bool Contains(int level) => Levels.Any(l => l.Level == level);
}

/// <summary>One level of the proficiency scale.</summary>
/// <param name="Level">Its number, 1 = lowest.</param>
/// <param name="Code">Stable short name, e.g. <c>izvajam</c>.</param>
/// <param name="Title">Label shown to people.</param>
/// <param name="Description">What a person at this level does.</param>
public sealed record ProficiencyLevel(int Level, string Code, LocalizedText Title, LocalizedText Description);

/// <summary>
/// When an indicator counts as confirmed: by at least <see cref="MinConfirmations"/> distinct assessors holding one of
/// <see cref="AssessorRoles"/>. The learner's self-assessment is recorded but never counts.
/// </summary>
/// <param name="AssessorRoles">Roles whose confirmations count.</param>
/// <param name="MinConfirmations">Distinct confirming assessors needed per indicator (at least 1).</param>
public sealed record AssessmentRule(IReadOnlyList<ConfirmerRole> AssessorRoles, int MinConfirmations);

/// <summary>A group of related competences.</summary>
/// <param name="Id">Stable id, unique in the model.</param>
/// <param name="Title">Area title.</param>
/// <param name="Competences">Its competences, in display order.</param>
public sealed record CompetenceArea(string Id, LocalizedText Title, IReadOnlyList<Competence> Competences);

/// <summary>A competence with observable indicators per level.</summary>
/// <param name="Id">Stable id, unique in the model (never reused for another meaning).</param>
/// <param name="Title">Competence title.</param>
/// <param name="Description">What the competence means.</param>
/// <param name="Alignments">Alignments to external frameworks.</param>
/// <param name="Levels">The scale levels this competence defines, ascending.</param>
public sealed record Competence(
    string Id, LocalizedText Title, LocalizedText Description, IReadOnlyList<Alignment> Alignments, IReadOnlyList<CompetenceLevel> Levels)
{
    /// <summary>
    /// The indicators that must all be confirmed for <paramref name="level"/> to count as reached:
    /// those of that level and of every lower level (levels are cumulative).
    /// </summary>
    public IEnumerable<Indicator> IndicatorsUpTo(int level) =>
        Levels.Where(l => l.Level <= level).SelectMany(l => l.Indicators);
}

/// <summary>The indicators of one competence at one scale level.</summary>
/// <param name="Level">A level of the model's scale.</param>
/// <param name="Indicators">Observable indicators; assessments store their ids.</param>
public sealed record CompetenceLevel(int Level, IReadOnlyList<Indicator> Indicators);

/// <summary>An observable indicator. Its id is unique within its competence and stable across versions.</summary>
/// <param name="Id">Stable id, e.g. <c>2a</c>.</param>
/// <param name="Text">What the person does, in both languages.</param>
public sealed record Indicator(string Id, LocalizedText Text);

/// <summary>A training whose attendance criteria can count.</summary>
/// <param name="Id">Stable id, unique in the model.</param>
/// <param name="Title">Training title.</param>
/// <param name="Description">Content and method, if described.</param>
/// <param name="Audience">Who it is for.</param>
/// <param name="NominalHours">Planned group hours of one run of the training (sum of module group hours when there are modules).</param>
/// <param name="Oiv">Whether Slovenian gimnazije can count it as OIV (obvezne izbirne vsebine).</param>
/// <param name="Targets">Competence levels the training is designed to develop (informative).</param>
/// <param name="Modules">Its modules, in order; empty if the training is a single block.</param>
public sealed record TrainingDefinition(
    string Id,
    LocalizedText Title,
    LocalizedText? Description,
    LocalizedText Audience,
    decimal NominalHours,
    OivEligibility Oiv,
    IReadOnlyList<CompetenceTarget> Targets,
    IReadOnlyList<TrainingModule> Modules)
{
    /// <summary>The module with <paramref name="id"/>, or null.</summary>
    public TrainingModule? FindModule(string id) => Modules.FirstOrDefault(m => m.Id == id);
}

/// <summary>Whether a training counts as OIV, and the note printed on the certificate (potrdilo).</summary>
/// <param name="Eligible">True if schools can recognise it.</param>
/// <param name="Note">Explanation for the school and the student.</param>
public sealed record OivEligibility(bool Eligible, LocalizedText? Note)
{
    /// <summary>Not OIV-eligible.</summary>
    public static OivEligibility NotEligible { get; } = new(false, null);
}

/// <summary>One module of a training.</summary>
/// <param name="Id">Stable id, unique within the training.</param>
/// <param name="Title">Module title.</param>
/// <param name="Description">Content, if described.</param>
/// <param name="GroupHours">Minimum group hours the provider delivers.</param>
/// <param name="IndividualHoursPerWeek">Minimum individual hours per participant per week (0 if none).</param>
/// <param name="Targets">Competence levels the module is designed to develop.</param>
public sealed record TrainingModule(
    string Id, LocalizedText Title, LocalizedText? Description, decimal GroupHours, decimal IndividualHoursPerWeek, IReadOnlyList<CompetenceTarget> Targets);

/// <summary>A competence level that a training or module aims at.</summary>
/// <param name="CompetenceId">The competence.</param>
/// <param name="Level">The targeted level.</param>
public sealed record CompetenceTarget(string CompetenceId, int Level);

/// <summary>
/// A declaration in a newer version that ids of an earlier version (or another model) mean the same as ids here,
/// so awards and assessments recorded against <see cref="From"/> carry over.
/// </summary>
/// <param name="From">The earlier model version.</param>
/// <param name="Competences">Competence id mappings (earlier id → id here).</param>
/// <param name="Badges">Badge id mappings (earlier id → id here).</param>
public sealed record Equivalence(ModelReference From, IReadOnlyList<IdMapping> Competences, IReadOnlyList<IdMapping> Badges);

/// <summary>One id of an earlier version and the id in this version that means the same.</summary>
/// <param name="FromId">Id in the earlier version.</param>
/// <param name="ToId">Id in this version.</param>
public sealed record IdMapping(string FromId, string ToId);
