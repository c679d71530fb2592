namespace BadgeForge.Data.Entities;

/// <summary>
/// One badge awarded to one person: an Open Badges Assertion, hosted at /assertions/{Id} and also signed as a JWS.
/// The documents are stored as issued, byte for byte, because the signature covers those exact bytes.
/// </summary>
public sealed class Award
{
    /// Unguessable URL-safe id (160 random bits), also the last segment of the hosted assertion URL.
    public required string Id { get; set; }

    public Guid OrganisationId { get; set; }

    /// The pinned model version and badge: awards never silently move to a newer model.
    public required string ModelId { get; set; }
    public required string ModelVersion { get; set; }
    public required string BadgeId { get; set; }

    /// Normalised email: the earner's backpack and the "is this yours?" check match on it.
    public required string RecipientEmail { get; set; }
    public required string RecipientSalt { get; set; }
    public required string RecipientIdentity { get; set; }
    public string? RecipientName { get; set; }

    /// The earner allowed the name to appear on public pages.
    public bool ShowRecipientName { get; set; }

    /// The issuer marked the earner as a minor: the earner can never make this badge public in the backpack.
    public bool RecipientIsMinor { get; set; }

    public DateTime IssuedOn { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public string? Narrative { get; set; }

    /// JSON array of {url, narrative}, as given by the issuer.
    public required string EvidenceJson { get; set; }

    /// For awards of a training run: the criteria trace and the assessors at award time (JSON, see
    /// Features/Trainings/AwardTrace.cs), shown on the verification page as "criteria met" and "assessed by".
    public string? CriteriaTraceJson { get; set; }

    /// The training run that awarded it, if any: a unique index lets a run award a badge to a recipient only once
    /// (while unrevoked), so two award requests racing each other cannot both issue it.
    public Guid? TrainingRunId { get; set; }

    public Guid IssuedByAccountId { get; set; }
    public Guid SigningKeyId { get; set; }

    /// The id of the signed variant (urn:uuid:…), listed in the issuer's RevocationList when revoked.
    public Guid SignedUuid { get; set; }

    public required string HostedJson { get; set; }
    public required string Jws { get; set; }

    public DateTime? RevokedAt { get; set; }
    public string? RevocationReason { get; set; }
    public Guid? RevokedByAccountId { get; set; }
    public DateTime CreatedAt { get; set; }

    /// The award this one replaced (it is a correction or renewal of it); the link runs both ways.
    public string? SupersedesAwardId { get; set; }

    /// The award that replaced this one, when, and why; written in the transaction that issued the successor.
    public string? SupersededByAwardId { get; set; }
    public DateTime? SupersededAt { get; set; }
    public SupersessionKind? SupersessionKind { get; set; }

    /// When the daily expiry job recorded that the award had expired. The documents keep their "expires" (they are
    /// signed as issued); pages derive "expired" from the date, and this marks that the expiry has been processed.
    public DateTime? ExpiredMarkedAt { get; set; }

    /// The bulk row that issued this award (unique: a row is issued at most once), or null.
    public Guid? BulkRowId { get; set; }
}
