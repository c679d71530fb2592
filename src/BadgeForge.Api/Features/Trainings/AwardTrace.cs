using System.Globalization;
using System.Text;
using System.Text.Json;
using BadgeForge.Core;
using BadgeForge.Core.CompetencyModels;
using BadgeForge.Core.Criteria;
using BadgeForge.Data.Entities;

namespace BadgeForge.Api.Features.Trainings;

/// <summary>
/// Why a badge of a training run was awarded, as stored with the award (<see cref="Award.CriteriaTraceJson"/>) and shown
/// on the verification page: every condition of the criteria with what was found, and who assessed which competence.
/// Names are stored as they were at award time, like the signed narrative that repeats them.
/// </summary>
/// <param name="RunId">The training run.</param>
/// <param name="RunTitle">The run's title.</param>
/// <param name="Training">The training's title in the model.</param>
/// <param name="EvaluatedAt">When the criteria were evaluated (UTC).</param>
/// <param name="Criteria">Every leaf of the criteria tree.</param>
/// <param name="AssessedBy">The assessments that count towards the competence conditions.</param>
public sealed record AwardTrace(
    Guid RunId, string RunTitle, LocalizedText Training, DateTime EvaluatedAt, List<AwardTraceCondition> Criteria, List<AwardTraceAssessment> AssessedBy)
{
    public string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);

    /// The stored trace, or null for awards not made from a training run (or an unreadable value: the page then omits it).
    public static AwardTrace? FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<AwardTrace>(json, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The evidence narrative of the assertion: the same facts as text, Slovenian then English, so that Open Badges
    /// clients that know nothing of BadgeForge show them too. OB evidence narratives are Markdown.
    /// </summary>
    public string Narrative()
    {
        var text = new StringBuilder();
        foreach (var lang in LocalizedText.Languages)
        {
            var en = lang == "en";
            text.Append(en ? $"Training \"{RunTitle}\" ({Training.En}), criteria evaluated on {EvaluatedAt:yyyy-MM-dd}:"
                : $"Usposabljanje »{RunTitle}« ({Training.Sl}), merila preverjena {EvaluatedAt.ToString("d. M. yyyy", CultureInfo.InvariantCulture)}:").Append('\n');
            foreach (var condition in Criteria)
            {
                text.Append("- ").Append(condition.Met ? "✓ " : "✗ ").Append(condition.Message.In(lang)).Append('\n');
            }
            if (AssessedBy.Count > 0)
            {
                text.Append(en ? "\nAssessed by:\n" : "\nOcenjevalci:\n");
                foreach (var a in AssessedBy)
                {
                    text.Append("- ").Append(a.Describe(lang)).Append('\n');
                }
            }
            text.Append('\n');
        }
        var narrative = text.ToString().TrimEnd();
        // The issuance API caps narratives at 4000 characters; a trace that long has dozens of conditions.
        return narrative.Length <= 4000 ? narrative : narrative[..3999] + "…";
    }

    public static AwardTrace Create(
        TrainingRun run, TrainingDefinition training, CompetencyModel model, Organisation organisation, CriteriaResult result, DateTimeOffset asOf,
        IReadOnlyDictionary<Guid, (LearnerAssessment Assessment, string AssessorName)> assessments)
    {
        var counting = result.Leaves.Where(l => l.Criterion is CompetenceCriterion).SelectMany(l => l.RecordIds)
            .Select(id => Guid.TryParse(id, out var g) ? g : Guid.Empty).Distinct()
            .Where(assessments.ContainsKey).Select(id => assessments[id])
            .OrderBy(x => x.Assessment.AssessedAt).ThenBy(x => x.Assessment.Id)
            .Select(x => new AwardTraceAssessment(
                x.Assessment.AssessorAccountId, x.AssessorName, organisation.Name, x.Assessment.CompetenceId,
                model.FindCompetence(x.Assessment.CompetenceId)?.Title ?? new LocalizedText(x.Assessment.CompetenceId, x.Assessment.CompetenceId),
                x.Assessment.IndicatorIds, x.Assessment.Method, x.Assessment.AssessedAt))
            .ToList();
        return new AwardTrace(run.Id, run.Title, training.Title, asOf.UtcDateTime,
            [.. result.Leaves.Select(l => new AwardTraceCondition(PreviewAwards.KindOf(l.Criterion), l.Met, l.Message))], counting);
    }
}

/// <param name="Kind">attendance, competence, badge, practice or evidence.</param>
/// <param name="Met">True if the condition held (false only under an "any" or "at least" that other conditions met).</param>
/// <param name="Message">What was required and what was found.</param>
public sealed record AwardTraceCondition(string Kind, bool Met, LocalizedText Message);

/// <param name="AssessorAccountId">The assessor's account.</param>
/// <param name="AssessorName">The account's display name at award time.</param>
/// <param name="Organisation">The organisation the assessor assessed for (the issuer).</param>
/// <param name="CompetenceId">The competence.</param>
/// <param name="Competence">Its title.</param>
/// <param name="IndicatorIds">The indicators confirmed.</param>
/// <param name="Method">How the assessor judged.</param>
/// <param name="AssessedAt">When (UTC).</param>
public sealed record AwardTraceAssessment(
    Guid AssessorAccountId, string AssessorName, LocalizedText Organisation, string CompetenceId, LocalizedText Competence,
    List<string> IndicatorIds, AssessmentKind Method, DateTime AssessedAt)
{
    public string MethodName(string lang) => (Method, lang == "en") switch
    {
        (AssessmentKind.Observation, false) => "opazovanje",
        (AssessmentKind.Interview, false) => "intervju",
        (AssessmentKind.Portfolio, false) => "portfolijo",
        (AssessmentKind.SelfAssessment, false) => "samoocena",
        (AssessmentKind.SelfAssessment, true) => "self-assessment",
        _ => Method.ToString().ToLowerInvariant(),
    };

    public string Describe(string lang) => lang == "en"
        ? $"{AssessorName} ({Organisation.En}): {Competence.En}, indicators {string.Join(", ", IndicatorIds)}; {MethodName(lang)}, {AssessedAt:yyyy-MM-dd}"
        : $"{AssessorName} ({Organisation.Sl}): {Competence.Sl}, kazalniki {string.Join(", ", IndicatorIds)}; {MethodName(lang)}, {AssessedAt.ToString("d. M. yyyy", CultureInfo.InvariantCulture)}";
}
