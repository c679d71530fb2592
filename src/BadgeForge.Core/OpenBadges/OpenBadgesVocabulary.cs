namespace BadgeForge.Core.OpenBadges;

/// <summary>Fixed identifiers of the Open Badges 2.0 vocabulary that BadgeForge emits.</summary>
public static class OpenBadgesVocabulary
{
    /// <summary>
    /// The OB 2.0 JSON-LD context. Every document carries it as a single string: validators pick the class from
    /// the top-level <c>type</c> after compacting into this context (CHECKLIST §0.1, SPEC ob_v2p0/v2/context.json).
    /// </summary>
    public const string ContextV2 = "https://w3id.org/openbadges/v2";

    /// <summary>The <c>type</c> of an Assertion.</summary>
    public const string AssertionType = "Assertion";

    /// <summary>The <c>type</c> of a BadgeClass.</summary>
    public const string BadgeClassType = "BadgeClass";

    /// <summary>
    /// The <c>type</c> of the issuer document. "Profile" is the OB 2.0 class name; "Issuer" is the 1.1 alias
    /// (CHECKLIST §2.3 accepts both).
    /// </summary>
    public const string ProfileType = "Profile";

    /// <summary>The <c>type</c> of a CryptographicKey.</summary>
    public const string CryptographicKeyType = "CryptographicKey";

    /// <summary>The <c>type</c> of a RevocationList.</summary>
    public const string RevocationListType = "RevocationList";

    /// <summary>Verification type of hosted assertions (context alias of <c>HostedBadge</c>, CHECKLIST §2.5.1).</summary>
    public const string HostedVerification = "hosted";

    /// <summary>
    /// Verification type of signed assertions: the class name <c>SignedBadge</c>, exactly as in the checklist's
    /// signed shape (CHECKLIST §0.8); the context alias <c>signed</c> compacts to the same IRI.
    /// </summary>
    public const string SignedVerification = "SignedBadge";

    /// <summary>The recipient identity type BadgeForge issues to.</summary>
    public const string EmailIdentityType = "email";
}
