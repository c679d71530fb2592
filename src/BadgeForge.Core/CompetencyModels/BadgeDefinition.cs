namespace BadgeForge.Core.CompetencyModels;

/// <summary>What a badge attests; drives defaults in the UI, never the criteria engine.</summary>
public enum BadgeKind
{
    /// <summary>Attendance of a training or module.</summary>
    Training,
    /// <summary>One competence at one level.</summary>
    Competence,
    /// <summary>Logged practice such as volunteering.</summary>
    Practice,
    /// <summary>A role combining training, practice and competences.</summary>
    Role,
    /// <summary>Completion of a whole programme.</summary>
    Programme,
}

/// <summary>A badge that can be awarded, with declarative criteria.</summary>
/// <param name="Id">Stable id, unique in the model.</param>
/// <param name="Kind">What the badge attests.</param>
/// <param name="Title">Badge title.</param>
/// <param name="Description">What the holder did or can do.</param>
/// <param name="AchievementType">Open Badges 3.0 <c>achievementType</c>, e.g. <c>CertificateOfCompletion</c>.</param>
/// <param name="Criteria">When the badge may be awarded.</param>
/// <param name="Validity">How long an award is valid and how it is renewed.</param>
/// <param name="Alignments">Alignments to external frameworks.</param>
public sealed record BadgeDefinition(
    string Id,
    BadgeKind Kind,
    LocalizedText Title,
    LocalizedText Description,
    string AchievementType,
    BadgeCriteria Criteria,
    Validity Validity,
    IReadOnlyList<Alignment> Alignments);

/// <summary>Criteria of a badge: the human narrative (Open Badges <c>criteria.narrative</c>) and the rule the engine evaluates.</summary>
/// <param name="Narrative">The criteria as people read them.</param>
/// <param name="Rule">The machine-evaluable rule.</param>
public sealed record BadgeCriteria(LocalizedText Narrative, Criterion Rule);

/// <summary>How long an award stays valid. <see cref="None"/> means it never expires.</summary>
/// <param name="Months">Calendar months from the award date to its expiry, or null for no expiry.</param>
/// <param name="Renewal">Criteria for renewing an award before or after it expires, if renewal is possible.</param>
public sealed record Validity(int? Months, BadgeCriteria? Renewal)
{
    /// <summary>Never expires.</summary>
    public static Validity None { get; } = new(null, null);

    /// <summary>True if awards expire.</summary>
    public bool Expires => Months is not null;
}
