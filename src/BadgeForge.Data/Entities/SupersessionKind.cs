namespace BadgeForge.Data.Entities;

/// Why an award was replaced by a newer one.
public enum SupersessionKind
{
    /// The old award was wrong (name, evidence, dates...): it is revoked with the reason "superseded by <new URL>".
    Correction,

    /// The badge was earned again or extended: the old award stays valid until its own expiry, only marked superseded.
    Renewal,
}
