using System.Globalization;
using System.Text.RegularExpressions;
using static BadgeForge.Core.CompetencyModels.ModelProblemCodes;

namespace BadgeForge.Core.CompetencyModels;

// Turns the positioned YAML tree into records. Every check reports and carries on, so one run lists all
// problems of a file; a bind method returns null only after it has reported why. References are collected
// with their nodes while binding and resolved at the end, when every id is known.
internal sealed partial class ModelBinder(string file, string hash, List<ModelProblem> problems, SourcePositions positions)
{
    private static readonly string[] CriterionKeys = ["all", "any", "at_least", "attendance", "competence", "badge", "practice", "evidence"];

    // Open Badges 3.0 AchievementType (ob_v3p0 achievementcredential schema); "ext:" extends it.
    private static readonly string[] AchievementTypes =
    [
        "Achievement", "ApprenticeshipCertificate", "Assessment", "Assignment", "AssociateDegree", "Award", "Badge",
        "BachelorDegree", "Certificate", "CertificateOfCompletion", "Certification", "CommunityService", "Competency",
        "Course", "CoCurricular", "Degree", "Diploma", "DoctoralDegree", "Fieldwork", "GeneralEducationDevelopment",
        "JourneymanCertificate", "LearningProgram", "License", "Membership", "ProfessionalDoctorate",
        "QualityAssuranceCredential", "MasterCertificate", "MasterDegree", "MicroCredential", "ResearchDoctorate",
        "SecondarySchoolDiploma",
    ];

    private readonly Dictionary<string, Framework> _frameworks = new(StringComparer.Ordinal);
    // Ids are registered as soon as they are read, even if other fields of the same item are broken,
    // so that one bad field does not cascade into "unknown id" reports everywhere it is referenced.
    private readonly HashSet<string> _frameworkIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<int>> _competences = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _trainings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, YNode> _badgeNodes = new(StringComparer.Ordinal);
    private readonly List<(string Id, int? Level, YNode IdNode, YNode? LevelNode)> _competenceRefs = [];
    private readonly List<(string Training, string? Module, YNode TrainingNode, YNode? ModuleNode)> _trainingRefs = [];
    private readonly List<(string From, string To, YNode Node)> _badgeRefs = [];
    private readonly List<(string To, bool IsBadge, YNode Node)> _equivalenceTargets = [];
    private ProficiencyScale? _scale;
    private string? _currentBadge;

    public CompetencyModel? Bind(YNode root)
    {
        var f = Map(root, "the model", "format", "id", "version", "status", "title", "description", "owner", "provenance",
            "license", "frameworks", "scale", "assessment", "areas", "trainings", "badges", "equivalences");
        if (f is null)
        {
            return null;
        }

        var format = Str(f, "format", required: true);
        if (format is not null && format != CompetencyModelParser.FormatId)
        {
            Report(f.Get("format")!, InvalidValue, $"Unsupported format '{format}'; expected '{CompetencyModelParser.FormatId}'.");
        }
        var id = Id(f, "id", required: true);
        var version = Version(f.Require("version"));
        positions.Id = At(f.Get("id") ?? f.Node);
        positions.Version = At(f.Get("version") ?? f.Node);
        var status = Enum(f, "status", required: true, ModelStatus.Draft,
            ("draft", ModelStatus.Draft), ("published", ModelStatus.Published), ("retired", ModelStatus.Retired));
        var title = Text(f, "title", required: true);
        var description = Text(f, "description", required: true);
        var owner = f.Get("owner") is { } ownerNode ? Owner(ownerNode) : Missing<ModelOwner>(f, "owner");
        var provenance = f.Get("provenance") is { } provenanceNode ? Provenance(provenanceNode) : Missing<Provenance>(f, "provenance");
        var license = Str(f, "license", required: false);

        // Order matters only for resolution: frameworks and scale before what refers to them.
        var frameworks = List(f, "frameworks", required: true, Framework);
        _scale = f.Get("scale") is { } scaleNode ? Scale(scaleNode) : Missing<ProficiencyScale>(f, "scale");
        var assessment = f.Get("assessment") is { } assessmentNode ? Assessment(assessmentNode) : Missing<AssessmentRule>(f, "assessment");
        var areas = List(f, "areas", required: true, Area, nonEmpty: true);
        var trainings = List(f, "trainings", required: false, Training);
        var badges = List(f, "badges", required: true, Badge, nonEmpty: true);
        var equivalences = List(f, "equivalences", required: false, node => Equivalence(node, id, version));

        ResolveReferences();
        DetectBadgeCycles();

        if (problems.Count > 0)
        {
            return null;
        }
        return new CompetencyModel(id!, version!, status!.Value, title!, description!, owner!, provenance!, license,
            frameworks, _scale!, assessment!, areas, trainings, badges, equivalences, hash);
    }

    // ---- model parts -------------------------------------------------------------------------------

    private ModelOwner? Owner(YNode node)
    {
        var f = Map(node, "owner", "name", "url");
        if (f is null) return null;
        var name = Str(f, "name", required: true);
        var url = Url(f, "url", required: false);
        return name is null ? null : new ModelOwner(name, url);
    }

    private Provenance? Provenance(YNode node)
    {
        var f = Map(node, "provenance", "status", "notes", "sources");
        if (f is null) return null;
        var status = Enum(f, "status", required: true, ProvenanceStatus.Official,
            ("official", ProvenanceStatus.Official), ("adapted", ProvenanceStatus.Adapted), ("reconstructed", ProvenanceStatus.Reconstructed));
        var notes = Text(f, "notes", required: true);
        var sources = List(f, "sources", required: false, sourceNode =>
        {
            var s = Map(sourceNode, "a source", "citation", "url");
            if (s is null) return null;
            var citation = Str(s, "citation", required: true);
            var url = Url(s, "url", required: false);
            return citation is null ? null : new ProvenanceSource(citation, url);
        });
        return status is null || notes is null ? null : new Provenance(status.Value, notes, sources);
    }

    private Framework? Framework(YNode node)
    {
        var f = Map(node, "a framework", "id", "name", "version", "url", "ob3_target_type");
        if (f is null) return null;
        var id = Id(f, "id", required: true);
        var name = Str(f, "name", required: true);
        var version = Str(f, "version", required: true);
        var url = Url(f, "url", required: true);
        var targetType = Str(f, "ob3_target_type", required: false);
        if (id is not null && !_frameworkIds.Add(id))
        {
            Report(f.Get("id")!, DuplicateId, $"Framework id '{id}' is declared twice.");
        }
        if (id is null || name is null || version is null || url is null) return null;
        var framework = new Framework(id, name, version, url, targetType);
        _frameworks.TryAdd(id, framework);
        return framework;
    }

    private ProficiencyScale? Scale(YNode node)
    {
        var f = Map(node, "scale", "levels");
        if (f is null) return null;
        var seen = new HashSet<int>();
        var levels = List(f, "levels", required: true, levelNode =>
        {
            var l = Map(levelNode, "a scale level", "level", "code", "title", "description");
            if (l is null) return null;
            var level = Int(l, "level", required: true, min: 1, max: 100);
            var code = Id(l, "code", required: true);
            var title = Text(l, "title", required: true);
            var description = Text(l, "description", required: true);
            if (level is not null && !seen.Add(level.Value))
            {
                Report(l.Get("level")!, DuplicateId, $"Scale level {level} is declared twice.");
            }
            return level is null || code is null || title is null || description is null
                ? null : new ProficiencyLevel(level.Value, code, title, description);
        }, nonEmpty: true);
        return new ProficiencyScale(levels.OrderBy(l => l.Level).ToList());
    }

    private AssessmentRule? Assessment(YNode node)
    {
        var f = Map(node, "assessment", "assessor_roles", "min_confirmations");
        if (f is null) return null;
        var roles = ValueList(f, "assessor_roles", required: true, roleNode => EnumValue(roleNode, "assessor role",
            ("trainer", ConfirmerRole.Trainer), ("mentor", ConfirmerRole.Mentor), ("professional", ConfirmerRole.Professional),
            ("organisation", ConfirmerRole.Organisation)), nonEmpty: true);
        var min = Int(f, "min_confirmations", required: false, min: 1, max: 10) ?? 1;
        return new AssessmentRule(roles.Distinct().ToList(), min);
    }

    private readonly HashSet<string> _areaIds = new(StringComparer.Ordinal);

    private CompetenceArea? Area(YNode node)
    {
        var f = Map(node, "an area", "id", "title", "competences");
        if (f is null) return null;
        var id = Id(f, "id", required: true);
        if (id is not null && !_areaIds.Add(id))
        {
            Report(f.Get("id")!, DuplicateId, $"Area id '{id}' is used twice.");
        }
        var title = Text(f, "title", required: true);
        var competences = List(f, "competences", required: true, Competence, nonEmpty: true);
        return id is null || title is null ? null : new CompetenceArea(id, title, competences);
    }

    private Competence? Competence(YNode node)
    {
        var f = Map(node, "a competence", "id", "title", "description", "alignments", "levels");
        if (f is null) return null;
        var id = Id(f, "id", required: true);
        var seenLevels = new HashSet<int>();
        if (id is not null && !_competences.TryAdd(id, seenLevels))
        {
            Report(f.Get("id")!, DuplicateId, $"Competence id '{id}' is used twice.");
        }
        var title = Text(f, "title", required: true);
        var description = Text(f, "description", required: true);
        var alignments = List(f, "alignments", required: false, Alignment);
        var seenIndicators = new HashSet<string>(StringComparer.Ordinal);
        var levels = List(f, "levels", required: true, levelNode =>
        {
            var l = Map(levelNode, "a competence level", "level", "indicators");
            if (l is null) return null;
            var level = Int(l, "level", required: true, min: 1, max: 100);
            if (level is not null)
            {
                if (_scale is not null && !_scale.Contains(level.Value))
                {
                    Report(l.Get("level")!, LevelOutOfScale, $"Level {level} is not on the model's scale ({ScaleText()}).");
                }
                else if (!seenLevels.Add(level.Value))
                {
                    Report(l.Get("level")!, DuplicateId, $"Level {level} of competence '{id}' is declared twice.");
                }
            }
            var indicators = List(l, "indicators", required: true, indicatorNode =>
            {
                var i = Map(indicatorNode, "an indicator", "id", "text");
                if (i is null) return null;
                var indicatorId = Id(i, "id", required: true);
                if (indicatorId is not null && !seenIndicators.Add(indicatorId))
                {
                    Report(i.Get("id")!, DuplicateId, $"Indicator id '{indicatorId}' is used twice in competence '{id}'.");
                }
                var text = Text(i, "text", required: true);
                return indicatorId is null || text is null ? null : new Indicator(indicatorId, text);
            }, nonEmpty: true);
            return level is null ? null : new CompetenceLevel(level.Value, indicators);
        }, nonEmpty: true);
        if (id is null || title is null || description is null) return null;
        return new Competence(id, title, description, alignments, levels.OrderBy(l => l.Level).ToList());
    }

    private Alignment? Alignment(YNode node)
    {
        var f = Map(node, "an alignment", "framework", "code", "uri", "name");
        if (f is null) return null;
        var frameworkId = Id(f, "framework", required: true);
        var code = Str(f, "code", required: false);
        var uri = Url(f, "uri", required: false);
        var name = Str(f, "name", required: true);
        if (code is null && f.Get("code") is null && f.Get("uri") is null)
        {
            Report(f.Node, MissingKey, "An alignment needs a 'code' (EntreComp \"3.1\") or a 'uri' (ESCO), or both.");
        }
        Framework? framework = null;
        if (frameworkId is not null && !_frameworkIds.Contains(frameworkId))
        {
            Report(f.Get("framework")!, DanglingReference,
                $"Unknown framework '{frameworkId}'.{Suggest(frameworkId, _frameworkIds)} Declare it under 'frameworks'.");
        }
        else if (frameworkId is not null)
        {
            framework = _frameworks.GetValueOrDefault(frameworkId);
        }
        return framework is null || name is null ? null : new Alignment(framework, code, uri, name);
    }

    private TrainingDefinition? Training(YNode node)
    {
        var f = Map(node, "a training", "id", "title", "description", "audience", "nominal_hours", "oiv", "targets", "modules");
        if (f is null) return null;
        var id = Id(f, "id", required: true);
        var moduleIds = new List<string>();
        if (id is not null && !_trainings.TryAdd(id, moduleIds))
        {
            Report(f.Get("id")!, DuplicateId, $"Training id '{id}' is used twice.");
        }
        var title = Text(f, "title", required: true);
        var description = Text(f, "description", required: false);
        var audience = Text(f, "audience", required: true);
        var hours = Dec(f, "nominal_hours", required: true, min: 0, minExclusive: true);
        var oiv = OivEligibility.NotEligible;
        if (f.Get("oiv") is { } oivNode && Map(oivNode, "oiv", "eligible", "note") is { } o)
        {
            var eligible = Bool(o, "eligible", required: true);
            var note = Text(o, "note", required: false);
            oiv = new OivEligibility(eligible ?? false, note);
        }
        var targets = List(f, "targets", required: false, Target);
        var modules = List(f, "modules", required: false, moduleNode =>
        {
            var m = Map(moduleNode, "a module", "id", "title", "description", "group_hours", "individual_hours_per_week", "targets");
            if (m is null) return null;
            var moduleId = Id(m, "id", required: true);
            if (moduleId is not null && moduleIds.Contains(moduleId))
            {
                Report(m.Get("id")!, DuplicateId, $"Module id '{moduleId}' is used twice in training '{id}'.");
            }
            if (moduleId is not null) moduleIds.Add(moduleId);
            var moduleTitle = Text(m, "title", required: true);
            var moduleDescription = Text(m, "description", required: false);
            var group = Dec(m, "group_hours", required: true, min: 0, minExclusive: false);
            var individual = Dec(m, "individual_hours_per_week", required: false, min: 0, minExclusive: false) ?? 0m;
            var moduleTargets = List(m, "targets", required: false, Target);
            return moduleId is null || moduleTitle is null || group is null
                ? null : new TrainingModule(moduleId, moduleTitle, moduleDescription, group.Value, individual, moduleTargets);
        });
        // Modules partition the training, so the planned totals must agree; a mismatch is almost always a typo.
        if (hours is not null && modules.Count > 0 && modules.Count == moduleIds.Count && modules.Sum(m => m.GroupHours) != hours)
        {
            Report(f.Get("nominal_hours")!, InvalidValue,
                $"'nominal_hours' is {hours} but the modules' group_hours add up to {modules.Sum(m => m.GroupHours)}.");
        }
        if (id is null || title is null || audience is null || hours is null) return null;
        return new TrainingDefinition(id, title, description, audience, hours.Value, oiv, targets, modules);
    }

    private CompetenceTarget? Target(YNode node)
    {
        var f = Map(node, "a target", "competence", "level");
        if (f is null) return null;
        var competence = Id(f, "competence", required: true);
        var level = Int(f, "level", required: true, min: 1, max: 100);
        if (competence is null || level is null) return null;
        _competenceRefs.Add((competence, level, f.Get("competence")!, f.Get("level")));
        return new CompetenceTarget(competence, level.Value);
    }

    private BadgeDefinition? Badge(YNode node)
    {
        var f = Map(node, "a badge", "id", "kind", "title", "description", "achievement_type", "criteria", "validity", "alignments");
        if (f is null) return null;
        var id = Id(f, "id", required: true);
        if (id is not null && !_badgeNodes.TryAdd(id, f.Get("id")!))
        {
            Report(f.Get("id")!, DuplicateId, $"Badge id '{id}' is used twice.");
        }
        _currentBadge = id;
        var kind = Enum(f, "kind", required: true, BadgeKind.Training,
            ("training", BadgeKind.Training), ("competence", BadgeKind.Competence), ("practice", BadgeKind.Practice),
            ("role", BadgeKind.Role), ("programme", BadgeKind.Programme));
        var title = Text(f, "title", required: true);
        var description = Text(f, "description", required: true);
        var achievementType = Str(f, "achievement_type", required: true);
        if (achievementType is not null && !AchievementTypes.Contains(achievementType) && !ExtensionType().IsMatch(achievementType))
        {
            Report(f.Get("achievement_type")!, InvalidValue,
                $"'{achievementType}' is not an Open Badges 3.0 achievement type.{Suggest(achievementType, AchievementTypes)} Extensions start with 'ext:'.");
        }
        var criteria = f.Get("criteria") is { } criteriaNode ? Criteria(criteriaNode, "criteria") : Missing<BadgeCriteria>(f, "criteria");
        var validity = f.Get("validity") is { } validityNode ? Validity(validityNode) : Missing<Validity>(f, "validity");
        var alignments = List(f, "alignments", required: false, Alignment);
        _currentBadge = null;
        return id is null || kind is null || title is null || description is null || achievementType is null || criteria is null || validity is null
            ? null : new BadgeDefinition(id, kind.Value, title, description, achievementType, criteria, validity, alignments);
    }

    [GeneratedRegex(@"^ext:[A-Za-z0-9._-]+$")]
    private static partial Regex ExtensionType();

    private Validity? Validity(YNode node)
    {
        if (node is YScalar { Plain: true, Value: "none" })
        {
            return CompetencyModels.Validity.None;
        }
        if (node is not YMapping)
        {
            var hint = node is YScalar { Value: "none" } ? " Write none without quotes." : "";
            Report(node, WrongType, $"'validity' is either none or a mapping {{months, renewal}}; found {Describe(node)}.{hint}");
            return null;
        }
        var f = Map(node, "validity", "months", "renewal")!;
        var months = Int(f, "months", required: true, min: 1, max: 1200);
        var renewal = f.Get("renewal") is { } renewalNode ? Criteria(renewalNode, "renewal") : null;
        return months is null ? null : new Validity(months, renewal);
    }

    private BadgeCriteria? Criteria(YNode node, string what)
    {
        var allowed = CriterionKeys.Prepend("narrative").ToArray();
        var f = Map(node, what, allowed);
        if (f is null) return null;
        var narrative = Text(f, "narrative", required: true);
        var rule = RuleOf(f, what);
        return narrative is null || rule is null ? null : new BadgeCriteria(narrative, rule);
    }

    // A criterion mapping holds exactly one of the criterion keys; `narrative` may sit beside it at the root only.
    private Criterion? RuleOf(Fields f, string what)
    {
        var present = f.Node.Entries.Where(e => CriterionKeys.Contains(e.Key.Value)).ToList();
        if (present.Count == 0)
        {
            if (!f.HasUnknownKeys)
            {
                Report(f.Node, MissingKey, $"{Capital(what)} has no rule; add one of {string.Join(", ", CriterionKeys)}.");
            }
            return null;
        }
        if (present.Count > 1)
        {
            Report(present[1].Key, InvalidValue,
                $"A criterion holds exactly one rule, found '{present[0].Key.Value}' and '{present[1].Key.Value}'; combine rules with 'all'.");
            return null;
        }
        return Criterion(present[0].Key.Value, present[0].Value);
    }

    private Criterion? CriterionNode(YNode node)
    {
        var f = Map(node, "a criterion", CriterionKeys);
        return f is null ? null : RuleOf(f, "a criterion");
    }

    private Criterion? Criterion(string key, YNode value)
    {
        switch (key)
        {
            case "all":
            case "any":
            {
                var items = Items(value, key);
                if (items is null) return null;
                return key == "all" ? new AllOf(items) : new AnyOf(items);
            }
            case "at_least":
            {
                var f = Map(value, "at_least", "n", "of");
                if (f is null) return null;
                var n = Int(f, "n", required: true, min: 1, max: 1000);
                var items = f.Get("of") is { } ofNode ? Items(ofNode, "of") : Missing<IReadOnlyList<Criterion>>(f, "of");
                if (n is null || items is null) return null;
                if (n > items.Count)
                {
                    Report(f.Get("n")!, InvalidValue, $"at_least needs {n} of only {items.Count} criteria, so it can never be met.");
                    return null;
                }
                return new AtLeast(n.Value, items);
            }
            case "attendance":
            {
                var f = Map(value, "attendance", "training", "module", "mode", "min_hours", "min_share", "justified_absence", "window_months");
                if (f is null) return null;
                var training = Id(f, "training", required: true);
                var module = Id(f, "module", required: false);
                var mode = Enum(f, "mode", required: false, AttendanceMode.Any,
                    ("any", AttendanceMode.Any), ("group", AttendanceMode.Group), ("individual", AttendanceMode.Individual));
                var minHours = Dec(f, "min_hours", required: false, min: 0, minExclusive: true);
                var minShare = Dec(f, "min_share", required: false, min: 0, minExclusive: true, max: 1);
                var justified = Enum(f, "justified_absence", required: false, JustifiedAbsenceMode.CountAsAbsent,
                    ("count_as_absent", JustifiedAbsenceMode.CountAsAbsent), ("exclude_from_base", JustifiedAbsenceMode.ExcludeFromBase),
                    ("count_as_attended", JustifiedAbsenceMode.CountAsAttended));
                var window = Int(f, "window_months", required: false, min: 1, max: 1200);
                if (f.Get("min_hours") is null && f.Get("min_share") is null)
                {
                    Report(f.Node, MissingKey, "An attendance criterion needs 'min_hours', 'min_share' or both.");
                    return null;
                }
                if (training is null || mode is null || justified is null) return null;
                _trainingRefs.Add((training, module, f.Get("training")!, f.Get("module")));
                return new AttendanceCriterion(training, module, mode.Value, minHours, minShare, justified.Value, window);
            }
            case "competence":
            {
                var f = Map(value, "competence", "ref", "min_level");
                if (f is null) return null;
                var competence = Id(f, "ref", required: true);
                var level = Int(f, "min_level", required: true, min: 1, max: 100);
                if (competence is null || level is null) return null;
                _competenceRefs.Add((competence, level, f.Get("ref")!, f.Get("min_level")));
                return new CompetenceCriterion(competence, level.Value);
            }
            case "badge":
            {
                var f = Map(value, "badge", "ref", "must_be_valid");
                if (f is null) return null;
                var badge = Id(f, "ref", required: true);
                var mustBeValid = Bool(f, "must_be_valid", required: false) ?? false;
                if (badge is null) return null;
                _badgeRefs.Add((_currentBadge ?? "", badge, f.Get("ref")!));
                return new BadgeCriterion(badge, mustBeValid);
            }
            case "practice":
            {
                var f = Map(value, "practice", "kind", "min_hours", "min_entries", "min_months", "phases", "confirmed_by", "window_months");
                if (f is null) return null;
                var kind = Id(f, "kind", required: true);
                var minHours = Dec(f, "min_hours", required: false, min: 0, minExclusive: true);
                var minEntries = Int(f, "min_entries", required: false, min: 1, max: 10000);
                var minMonths = Int(f, "min_months", required: false, min: 1, max: 1200);
                var phases = ValueList(f, "phases", required: false, phaseNode => EnumValue(phaseNode, "phase",
                    ("planning", PracticePhase.Planning), ("implementation", PracticePhase.Implementation), ("evaluation", PracticePhase.Evaluation)));
                var confirmedBy = Role(f, "confirmed_by", required: true);
                var window = Int(f, "window_months", required: false, min: 1, max: 1200);
                if (f.Get("min_hours") is null && f.Get("min_entries") is null && f.Get("min_months") is null)
                {
                    Report(f.Node, MissingKey, "A practice criterion needs 'min_hours', 'min_entries' or 'min_months'.");
                    return null;
                }
                return kind is null || confirmedBy is null
                    ? null : new PracticeCriterion(kind, minHours, minEntries, minMonths, phases.Distinct().ToList(), confirmedBy.Value, window);
            }
            case "evidence":
            {
                var f = Map(value, "evidence", "kind", "min_count", "reviewed_by", "window_months");
                if (f is null) return null;
                var kind = Id(f, "kind", required: true);
                var minCount = Int(f, "min_count", required: false, min: 1, max: 10000) ?? 1;
                var reviewedBy = f.Get("reviewed_by") is null ? null : Role(f, "reviewed_by", required: false);
                var window = Int(f, "window_months", required: false, min: 1, max: 1200);
                return kind is null ? null : new EvidenceCriterion(kind, minCount, reviewedBy, window);
            }
            default:
                throw new InvalidOperationException("unreachable: key filtered by CriterionKeys");
        }
    }

    private IReadOnlyList<Criterion>? Items(YNode node, string what)
    {
        if (node is not YSequence sequence)
        {
            Report(node, WrongType, $"'{what}' must be a list of criteria; found {Describe(node)}.");
            return null;
        }
        if (sequence.Items.Count == 0)
        {
            Report(node, InvalidValue, $"'{what}' must list at least one criterion.");
            return null;
        }
        var items = sequence.Items.Select(CriterionNode).ToList();
        return items.Any(i => i is null) ? null : items.Select(i => i!).ToList();
    }

    private ConfirmerRole? Role(Fields f, string key, bool required) => Enum(f, key, required, ConfirmerRole.Mentor,
        ("trainer", ConfirmerRole.Trainer), ("mentor", ConfirmerRole.Mentor), ("professional", ConfirmerRole.Professional),
        ("organisation", ConfirmerRole.Organisation));

    private Equivalence? Equivalence(YNode node, string? modelId, SemanticVersion? modelVersion)
    {
        var f = Map(node, "an equivalence", "from", "competences", "badges");
        if (f is null) return null;
        var fromText = Str(f, "from", required: true);
        ModelReference? from = null;
        if (fromText is not null)
        {
            var at = fromText.IndexOf('@');
            if (at <= 0 || !ModelIds.IsValid(fromText[..at]))
            {
                Report(f.Get("from")!, InvalidValue, $"'{fromText}' is not of the form model-id@version.");
            }
            else if (!SemanticVersion.TryParse(fromText[(at + 1)..], out _))
            {
                Report(f.Get("from")!, InvalidSemver, $"'{fromText[(at + 1)..]}' is not a semantic version (e.g. 1.0.0).");
            }
            else
            {
                from = ModelReference.Parse(fromText);
                if (from.Id == modelId && modelVersion is not null && !from.Version.IsBefore(modelVersion))
                {
                    Report(f.Get("from")!, InvalidValue, $"An equivalence must point to an earlier version than {modelVersion}.");
                }
            }
        }
        var competences = Mappings(f, "competences", isBadge: false);
        var badges = Mappings(f, "badges", isBadge: true);
        if (from is null) return null;
        var equivalence = new Equivalence(from, competences, badges);
        positions.Nodes[equivalence] = At(f.Get("from")!);
        return equivalence;
    }

    private List<IdMapping> Mappings(Fields f, string key, bool isBadge)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return List(f, key, required: false, node =>
        {
            var m = Map(node, "a mapping", "from", "to");
            if (m is null) return null;
            var fromId = Id(m, "from", required: true);
            var toId = Id(m, "to", required: true);
            if (fromId is not null && !seen.Add(fromId))
            {
                Report(m.Get("from")!, DuplicateId, $"'{fromId}' is mapped twice.");
            }
            if (toId is not null)
            {
                _equivalenceTargets.Add((toId, isBadge, m.Get("to")!));
            }
            if (fromId is null || toId is null) return null;
            var mapping = new IdMapping(fromId, toId);
            positions.Nodes[mapping] = At(m.Get("from")!);
            return mapping;
        });
    }

    // ---- cross-references -------------------------------------------------------------------------

    private void ResolveReferences()
    {
        foreach (var (id, level, idNode, levelNode) in _competenceRefs)
        {
            if (level is not null && _scale is not null && !_scale.Contains(level.Value))
            {
                Report(levelNode!, LevelOutOfScale, $"Level {level} is not on the model's scale ({ScaleText()}).");
            }
            if (!_competences.TryGetValue(id, out var levels))
            {
                Report(idNode, DanglingReference, $"Unknown competence '{id}'.{Suggest(id, _competences.Keys)}");
            }
            else if (level is not null && (_scale is null || _scale.Contains(level.Value)) && !levels.Contains(level.Value))
            {
                Report(levelNode!, DanglingReference,
                    $"Competence '{id}' defines no level {level} (it has {string.Join(", ", levels.Order())}).");
            }
        }
        foreach (var (trainingId, moduleId, trainingNode, moduleNode) in _trainingRefs)
        {
            if (!_trainings.TryGetValue(trainingId, out var modules))
            {
                Report(trainingNode, DanglingReference, $"Unknown training '{trainingId}'.{Suggest(trainingId, _trainings.Keys)}");
            }
            else if (moduleId is not null && !modules.Contains(moduleId))
            {
                Report(moduleNode!, DanglingReference,
                    $"Training '{trainingId}' has no module '{moduleId}'.{Suggest(moduleId, modules)}");
            }
        }
        foreach (var (_, to, node) in _badgeRefs)
        {
            if (!_badgeNodes.ContainsKey(to))
            {
                Report(node, DanglingReference, $"Unknown badge '{to}'.{Suggest(to, _badgeNodes.Keys)}");
            }
        }
        foreach (var (to, isBadge, node) in _equivalenceTargets)
        {
            var known = isBadge ? _badgeNodes.Keys : (IEnumerable<string>)_competences.Keys;
            if (!known.Contains(to))
            {
                Report(node, DanglingReference, $"Unknown {(isBadge ? "badge" : "competence")} '{to}' in this version.{Suggest(to, known)}");
            }
        }
    }

    private void DetectBadgeCycles()
    {
        var edges = _badgeRefs.Where(r => _badgeNodes.ContainsKey(r.To))
            .GroupBy(r => r.From).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on the stack, 2 = done
        var stack = new List<string>();
        var reported = new HashSet<string>(StringComparer.Ordinal);

        void Visit(string badge)
        {
            state[badge] = 1;
            stack.Add(badge);
            foreach (var edge in edges.GetValueOrDefault(badge) ?? [])
            {
                var seen = state.GetValueOrDefault(edge.To);
                if (seen == 1)
                {
                    var cycle = stack.Skip(stack.IndexOf(edge.To)).Append(edge.To).ToList();
                    if (reported.Add(string.Join("|", cycle.Skip(1).Order(StringComparer.Ordinal))))
                    {
                        Report(edge.Node, BadgeCycle, $"Badge prerequisites form a cycle: {string.Join(" → ", cycle)}.");
                    }
                }
                else if (seen == 0)
                {
                    Visit(edge.To);
                }
            }
            stack.RemoveAt(stack.Count - 1);
            state[badge] = 2;
        }

        foreach (var badge in _badgeNodes.Keys)
        {
            if (state.GetValueOrDefault(badge) == 0)
            {
                Visit(badge);
            }
        }
    }

    // ---- typed readers ----------------------------------------------------------------------------

    private sealed class Fields
    {
        private readonly Dictionary<string, YNode> _values = new(StringComparer.Ordinal);
        private readonly ModelBinder _binder;

        public Fields(ModelBinder binder, YMapping node, string what, string[] allowed)
        {
            _binder = binder;
            Node = node;
            What = what;
            foreach (var (key, value) in node.Entries)
            {
                if (allowed.Contains(key.Value))
                {
                    _values[key.Value] = value;
                }
                else
                {
                    HasUnknownKeys = true;
                    binder.Report(key, UnknownKey, $"Unknown key '{key.Value}' in {what}.{binder.Suggest(key.Value, allowed)}");
                }
            }
        }

        public YMapping Node { get; }
        public string What { get; }
        public bool HasUnknownKeys { get; }

        public YNode? Get(string key) => _values.GetValueOrDefault(key);

        public YNode? Require(string key)
        {
            var value = Get(key);
            if (value is null)
            {
                _binder.Report(Node, MissingKey, $"{Capital(What)} is missing the required key '{key}'.");
            }
            return value;
        }
    }

    private Fields? Map(YNode node, string what, params string[] allowed)
    {
        if (node is YMapping mapping)
        {
            return new Fields(this, mapping, what, allowed);
        }
        Report(node, WrongType, $"Expected {what} to be a mapping; found {Describe(node)}.");
        return null;
    }

    private T? Missing<T>(Fields f, string key) where T : class
    {
        f.Require(key);
        return null;
    }

    private YNode? Value(Fields f, string key, bool required) => required ? f.Require(key) : f.Get(key);

    private string? Str(Fields f, string key, bool required)
    {
        var node = Value(f, key, required);
        if (node is null) return null;
        if (node is not YScalar scalar || scalar.IsNull)
        {
            Report(node, WrongType, $"'{key}' must be text; found {Describe(node)}.");
            return null;
        }
        if (string.IsNullOrWhiteSpace(scalar.Value))
        {
            Report(node, InvalidValue, $"'{key}' must not be blank.");
            return null;
        }
        return scalar.Value;
    }

    private string? Id(Fields f, string key, bool required)
    {
        var value = Str(f, key, required);
        if (value is not null && !ModelIds.IsValid(value))
        {
            Report(f.Get(key)!, InvalidValue,
                $"'{value}' is not a valid id: use lower-case letters and digits joined by '.', '-' or '_' (e.g. 'sd.vr.vrednote').");
            return null;
        }
        return value;
    }

    private SemanticVersion? Version(YNode? node)
    {
        if (node is null) return null;
        if (node is not YScalar { IsNull: false } scalar)
        {
            Report(node, WrongType, $"'version' must be text like 1.0.0; found {Describe(node)}.");
            return null;
        }
        if (!SemanticVersion.TryParse(scalar.Value, out var version))
        {
            Report(node, InvalidSemver, $"'{scalar.Value}' is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.0.0).");
            return null;
        }
        return version;
    }

    private LocalizedText? Text(Fields f, string key, bool required)
    {
        var node = Value(f, key, required);
        if (node is null) return null;
        if (node is not YMapping mapping)
        {
            Report(node, WrongType, $"'{key}' must be a bilingual text {{sl: …, en: …}}; found {Describe(node)}.");
            return null;
        }
        var t = new Fields(this, mapping, $"'{key}'", ["sl", "en"]);
        string? Locale(string language)
        {
            var value = t.Get(language);
            if (value is null)
            {
                Report(mapping, MissingLocale, $"'{key}' has no '{language}' text; every text needs both sl and en.");
                return null;
            }
            if (value is not YScalar scalar || scalar.IsNull || string.IsNullOrWhiteSpace(scalar.Value))
            {
                Report(value, MissingLocale, $"The '{language}' text of '{key}' is empty.");
                return null;
            }
            return scalar.Value.Trim();
        }
        var sl = Locale("sl");
        var en = Locale("en");
        return sl is null || en is null ? null : new LocalizedText(sl, en);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$")]
    private static partial Regex DecimalPattern();

    private int? Int(Fields f, string key, bool required, int min, int max)
    {
        var node = Value(f, key, required);
        if (node is null) return null;
        if (node is not YScalar { Plain: true } scalar || !IntegerPattern().IsMatch(scalar.Value)
            || !int.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Report(node, WrongType, $"'{key}' must be a whole number; found {Describe(node)}.");
            return null;
        }
        if (value < min || value > max)
        {
            Report(node, InvalidValue, $"'{key}' must be between {min} and {max}; found {value}.");
            return null;
        }
        return value;
    }

    private decimal? Dec(Fields f, string key, bool required, decimal min, bool minExclusive, decimal max = 100_000m)
    {
        var node = Value(f, key, required);
        if (node is null) return null;
        if (node is not YScalar { Plain: true } scalar || !DecimalPattern().IsMatch(scalar.Value)
            || !decimal.TryParse(scalar.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            Report(node, WrongType, $"'{key}' must be a number; found {Describe(node)}.");
            return null;
        }
        if (value < min || (minExclusive && value == min) || value > max)
        {
            Report(node, InvalidValue, $"'{key}' must be {(minExclusive ? "greater than" : "at least")} {min} and at most {max}; found {value}.");
            return null;
        }
        return value;
    }

    private bool? Bool(Fields f, string key, bool required)
    {
        var node = Value(f, key, required);
        if (node is null) return null;
        if (node is YScalar { Plain: true, Value: "true" or "false" } scalar)
        {
            return scalar.Value == "true";
        }
        Report(node, WrongType, $"'{key}' must be true or false; found {Describe(node)}.");
        return null;
    }

    private Uri? Url(Fields f, string key, bool required)
    {
        var text = Str(f, key, required);
        if (text is null) return null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host))
        {
            Report(f.Get(key)!, InvalidUrl, $"'{text}' is not an absolute http or https URL.");
            return null;
        }
        return uri;
    }

    private T? Enum<T>(Fields f, string key, bool required, T defaultValue, params (string Name, T Value)[] values) where T : struct
    {
        var node = Value(f, key, required);
        if (node is null) return required ? null : defaultValue;
        return EnumValue(node, key, values);
    }

    private T? EnumValue<T>(YNode node, string key, params (string Name, T Value)[] values) where T : struct
    {
        if (node is not YScalar { IsNull: false } scalar)
        {
            Report(node, WrongType, $"'{key}' must be one of {string.Join(", ", values.Select(v => v.Name))}; found {Describe(node)}.");
            return null;
        }
        foreach (var (name, value) in values)
        {
            if (name == scalar.Value) return value;
        }
        Report(node, InvalidValue,
            $"'{scalar.Value}' is not a valid {key}; use one of {string.Join(", ", values.Select(v => v.Name))}.{Suggest(scalar.Value, values.Select(v => v.Name))}");
        return null;
    }

    private List<T> List<T>(Fields f, string key, bool required, Func<YNode, T?> item, bool nonEmpty = false) where T : class =>
        ListCore(f, key, required, item, nonEmpty);

    private List<T> ValueList<T>(Fields f, string key, bool required, Func<YNode, T?> item, bool nonEmpty = false) where T : struct =>
        ListCore(f, key, required, item, nonEmpty).Where(v => v.HasValue).Select(v => v!.Value).ToList();

    private List<T> ListCore<T>(Fields f, string key, bool required, Func<YNode, T?> item, bool nonEmpty)
    {
        var node = Value(f, key, required);
        if (node is null) return [];
        if (node is not YSequence sequence)
        {
            Report(node, WrongType, $"'{key}' must be a list; found {Describe(node)}.");
            return [];
        }
        if (nonEmpty && sequence.Items.Count == 0)
        {
            Report(node, InvalidValue, $"'{key}' must not be empty.");
        }
        return sequence.Items.Select(item).Where(v => v is not null).Select(v => v!).ToList();
    }

    // ---- messages ----------------------------------------------------------------------------------

    private static (int Line, int Column) At(YNode node) => (node.Line, node.Column);

    private void Report(YNode node, string code, string message) => problems.Add(new ModelProblem(file, node.Line, node.Column, code, message));

    private string ScaleText() => string.Join(", ", _scale?.Levels.Select(l => l.Level) ?? []);

    private static string Describe(YNode node) => node is YScalar { IsNull: false } scalar
        ? $"'{(scalar.Value.Length > 40 ? scalar.Value[..40] + "…" : scalar.Value)}'"
        : node.KindName;

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    // Suggestions are a courtesy; a hostile file with thousands of dangling ids must not turn them into
    // quadratic work. Each parse (and each catalog) gets a fixed budget of edit-distance cells.
    private long _suggestionBudget = SuggestionBudget;

    internal const long SuggestionBudget = 20_000_000;

    private string Suggest(string value, IEnumerable<string> candidates) => Suggest(value, candidates, ref _suggestionBudget);

    /// <summary>" Did you mean 'x'?" for the closest candidate within a small edit distance, else "".</summary>
    internal static string Suggest(string value, IEnumerable<string> candidates, ref long budget)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var limit = Math.Max(2, candidate.Length / 3);
            // The distance is at least the length difference, so most candidates cost nothing.
            if (Math.Abs(candidate.Length - value.Length) > limit)
            {
                continue;
            }
            budget -= (long)(value.Length + 1) * (candidate.Length + 1);
            if (budget < 0)
            {
                return "";
            }
            var distance = EditDistance(value, candidate);
            if (distance <= limit && (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0)))
            {
                (best, bestDistance) = (candidate, distance);
            }
        }
        return best is null ? "" : $" Did you mean '{best}'?";
    }

    /// <summary>Levenshtein distance, case-insensitive; inputs are short keys and ids.</summary>
    internal static int EditDistance(string a, string b)
    {
        if (a.Length > 200 || b.Length > 200) return int.MaxValue;
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
