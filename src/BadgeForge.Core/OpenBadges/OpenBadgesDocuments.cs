using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace BadgeForge.Core.OpenBadges;

/// <summary>
/// Builds OB 2.0 JSON-LD documents as compact UTF-8 JSON. Property order is fixed (<c>@context</c>, <c>type</c>,
/// <c>id</c>, then the class's properties as in CHECKLIST §2), absent optional values are omitted, so equal input gives
/// byte-identical output: the bytes served for a hosted assertion are the bytes signed or baked.
/// </summary>
public static class OpenBadgesDocuments
{
    // Non-ASCII letters (č, š, ž) stay readable, while <, >, & and ' stay escaped so the JSON can never contain
    // "]]>" or markup when it is baked into an SVG CDATA section (ob_v2p0/baking/index.md).
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Indented = false,
    };

    /// <summary>The issuer <c>Profile</c> document.</summary>
    /// <exception cref="ArgumentException">A required value is missing or a URL/e-mail is malformed.</exception>
    public static byte[] Profile(IssuerProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        OpenBadgesGuard.HttpUrl(profile.Id, "Profile.Id");
        OpenBadgesGuard.Text(profile.Name, "Profile.Name");
        OpenBadgesGuard.HttpUrl(profile.Url, "Profile.Url");
        if (!OpenBadgesGuard.IsEmail(profile.Email))
        {
            throw new ArgumentException($"Profile.Email '{profile.Email}' is not an e-mail address.", nameof(profile));
        }

        return Write(w =>
        {
            WriteHeader(w, OpenBadgesVocabulary.ProfileType, profile.Id.ToAsciiString());
            w.WriteString("name", profile.Name);
            w.WriteString("url", profile.Url.ToAsciiString());
            w.WriteString("email", profile.Email);
            WriteOptional(w, "description", profile.Description);
            if (profile.Image is not null)
            {
                w.WriteString("image", OpenBadgesGuard.HttpUrl(profile.Image, "Profile.Image").ToAsciiString());
            }
            if (profile.PublicKeys.Count > 0)
            {
                // Always an array, so consumers need not special-case one key (SPEC "Profile": multiple values allowed).
                w.WriteStartArray("publicKey");
                foreach (var key in profile.PublicKeys)
                {
                    w.WriteStringValue(OpenBadgesGuard.HttpUrl(key, "Profile.PublicKeys").ToAsciiString());
                }
                w.WriteEndArray();
            }
            if (profile.RevocationList is not null)
            {
                w.WriteString("revocationList", OpenBadgesGuard.HttpUrl(profile.RevocationList, "Profile.RevocationList").ToAsciiString());
            }
        });
    }

    /// <summary>The <c>BadgeClass</c> document.</summary>
    /// <exception cref="ArgumentException">A required value is missing or a URL is malformed.</exception>
    public static byte[] BadgeClass(BadgeClassDefinition badge)
    {
        ArgumentNullException.ThrowIfNull(badge);
        OpenBadgesGuard.HttpUrl(badge.Id, "BadgeClass.Id");
        OpenBadgesGuard.Text(badge.Name, "BadgeClass.Name");
        OpenBadgesGuard.Text(badge.Description, "BadgeClass.Description");
        OpenBadgesGuard.HttpUrl(badge.Image, "BadgeClass.Image");
        OpenBadgesGuard.HttpUrl(badge.Issuer, "BadgeClass.Issuer");
        ArgumentNullException.ThrowIfNull(badge.Criteria);
        // An embedded Criteria without id must carry a narrative (PYV criteria_property_dependencies, CHECKLIST §2.8).
        if (badge.Criteria.Id is null && string.IsNullOrWhiteSpace(badge.Criteria.Narrative))
        {
            throw new ArgumentException("BadgeClass.Criteria needs an Id URL or a Narrative.", nameof(badge));
        }
        foreach (var tag in badge.Tags)
        {
            OpenBadgesGuard.Text(tag, "BadgeClass.Tags");
        }

        return Write(w =>
        {
            WriteHeader(w, OpenBadgesVocabulary.BadgeClassType, badge.Id.ToAsciiString());
            w.WriteString("name", badge.Name);
            w.WriteString("description", badge.Description);
            w.WriteString("image", badge.Image.ToAsciiString());
            w.WriteStartObject("criteria");
            if (badge.Criteria.Id is not null)
            {
                w.WriteString("id", OpenBadgesGuard.HttpUrl(badge.Criteria.Id, "BadgeClass.Criteria.Id").ToAsciiString());
            }
            WriteOptional(w, "narrative", badge.Criteria.Narrative);
            w.WriteEndObject();
            w.WriteString("issuer", badge.Issuer.ToAsciiString());
            if (badge.Tags.Count > 0)
            {
                w.WriteStartArray("tags");
                foreach (var tag in badge.Tags)
                {
                    w.WriteStringValue(tag);
                }
                w.WriteEndArray();
            }
            if (badge.Alignments.Count > 0)
            {
                w.WriteStartArray("alignment");
                foreach (var alignment in badge.Alignments)
                {
                    w.WriteStartObject();
                    w.WriteString("targetName", OpenBadgesGuard.Text(alignment.TargetName, "Alignment.TargetName"));
                    w.WriteString("targetUrl", OpenBadgesGuard.HttpUrl(alignment.TargetUrl, "Alignment.TargetUrl").ToAsciiString());
                    WriteOptional(w, "targetDescription", alignment.TargetDescription);
                    WriteOptional(w, "targetFramework", alignment.TargetFramework);
                    WriteOptional(w, "targetCode", alignment.TargetCode);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
        });
    }

    /// <summary>
    /// The <c>Assertion</c> document: for hosted badges the body served at its <c>id</c> and baked into the image; for
    /// signed badges the JWS payload.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A required value is missing, an IRI/URL is malformed, <c>expires</c> is not after <c>issuedOn</c>, or a hosted
    /// assertion has a non-http id.
    /// </exception>
    public static byte[] Assertion(BadgeAssertion assertion)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        OpenBadgesGuard.Iri(assertion.Id, "Assertion.Id");
        ArgumentNullException.ThrowIfNull(assertion.Verification);
        if (!assertion.Verification.IsSigned && !assertion.Id.StartsWith("http", StringComparison.Ordinal))
        {
            // Hosted verification fetches the assertion from its id (CHECKLIST §0.2).
            throw new ArgumentException("A hosted assertion's Id must be the http(s) URL it is served at.", nameof(assertion));
        }
        ArgumentNullException.ThrowIfNull(assertion.Recipient);
        if (!OpenBadgesGuard.Sha256IdentityHash().IsMatch(assertion.Recipient.Identity))
        {
            throw new ArgumentException("Assertion.Recipient.Identity must be 'sha256$' + 64 lower-case hex digits.", nameof(assertion));
        }
        OpenBadgesGuard.Text(assertion.Recipient.Salt, "Assertion.Recipient.Salt");
        OpenBadgesGuard.HttpUrl(assertion.Badge, "Assertion.Badge");
        var issuedOn = ObDateTime.TruncateToSecond(assertion.IssuedOn);
        if (assertion.Expires is { } expiresValue && ObDateTime.TruncateToSecond(expiresValue) <= issuedOn)
        {
            // PYV ASSERTION_TIMESTAMP_CHECKS: "expiration is prior to issue date" (CHECKLIST §5).
            throw new ArgumentException("Assertion.Expires must be after IssuedOn.", nameof(assertion));
        }
        foreach (var evidence in assertion.Evidence)
        {
            if (evidence.Id is null && string.IsNullOrWhiteSpace(evidence.Narrative))
            {
                throw new ArgumentException("Each Assertion.Evidence needs an Id URL or a Narrative.", nameof(assertion));
            }
        }

        return Write(w =>
        {
            WriteHeader(w, OpenBadgesVocabulary.AssertionType, assertion.Id);
            w.WriteStartObject("recipient");
            w.WriteString("type", OpenBadgesVocabulary.EmailIdentityType);
            // "hashed" is required by PYV and JAVAV even though SPEC's intro example omits it (CHECKLIST §2.4).
            w.WriteBoolean("hashed", true);
            w.WriteString("salt", assertion.Recipient.Salt);
            w.WriteString("identity", assertion.Recipient.Identity);
            w.WriteEndObject();
            w.WriteString("badge", assertion.Badge.ToAsciiString());
            w.WriteStartObject("verification");
            w.WriteString("type", assertion.Verification.Type);
            if (assertion.Verification.Creator is not null)
            {
                w.WriteString("creator", assertion.Verification.Creator.ToAsciiString());
            }
            w.WriteEndObject();
            w.WriteString("issuedOn", ObDateTime.Format(issuedOn));
            if (assertion.Expires is { } expires)
            {
                w.WriteString("expires", ObDateTime.Format(expires));
            }
            if (assertion.Image is not null)
            {
                w.WriteString("image", OpenBadgesGuard.HttpUrl(assertion.Image, "Assertion.Image").ToAsciiString());
            }
            if (assertion.Evidence.Count > 0)
            {
                w.WriteStartArray("evidence");
                foreach (var evidence in assertion.Evidence)
                {
                    w.WriteStartObject();
                    if (evidence.Id is not null)
                    {
                        w.WriteString("id", OpenBadgesGuard.HttpUrl(evidence.Id, "Evidence.Id").ToAsciiString());
                    }
                    WriteOptional(w, "narrative", evidence.Narrative);
                    WriteOptional(w, "name", evidence.Name);
                    WriteOptional(w, "description", evidence.Description);
                    WriteOptional(w, "genre", evidence.Genre);
                    WriteOptional(w, "audience", evidence.Audience);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            WriteOptional(w, "narrative", assertion.Narrative);
            if (assertion.Revoked)
            {
                w.WriteBoolean("revoked", true);
                WriteOptional(w, "revocationReason", assertion.RevocationReason);
            }
        });
    }

    /// <summary>
    /// The body of a <c>410 Gone</c> answer for a revoked hosted assertion:
    /// <c>{"@context","id","revoked":true,"revocationReason"}</c> (SPEC "Revoking Hosted Assertions", CHECKLIST §5.4).
    /// </summary>
    public static byte[] RevokedHostedAssertion(Uri assertionId, string? revocationReason)
    {
        OpenBadgesGuard.HttpUrl(assertionId, nameof(assertionId));
        return Write(w =>
        {
            w.WriteString("@context", OpenBadgesVocabulary.ContextV2);
            w.WriteString("id", assertionId.ToAsciiString());
            w.WriteBoolean("revoked", true);
            WriteOptional(w, "revocationReason", revocationReason);
        });
    }

    /// <summary>The <c>CryptographicKey</c> document.</summary>
    /// <exception cref="ArgumentException">A URL is malformed or the PEM is not a "BEGIN PUBLIC KEY" block.</exception>
    public static byte[] CryptographicKey(CryptographicKeyDefinition key)
    {
        ArgumentNullException.ThrowIfNull(key);
        OpenBadgesGuard.HttpUrl(key.Id, "CryptographicKey.Id");
        OpenBadgesGuard.HttpUrl(key.Owner, "CryptographicKey.Owner");
        // JAVAV parses X.509 SubjectPublicKeyInfo; PKCS#1 "BEGIN RSA PUBLIC KEY" would fail there (CHECKLIST §2.11).
        if (key.PublicKeyPem is null || !key.PublicKeyPem.TrimStart().StartsWith("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal))
        {
            throw new ArgumentException("CryptographicKey.PublicKeyPem must be a SubjectPublicKeyInfo PEM (BEGIN PUBLIC KEY).", nameof(key));
        }

        return Write(w =>
        {
            WriteHeader(w, OpenBadgesVocabulary.CryptographicKeyType, key.Id.ToAsciiString());
            w.WriteString("owner", key.Owner.ToAsciiString());
            w.WriteString("publicKeyPem", key.PublicKeyPem);
        });
    }

    /// <summary>The <c>RevocationList</c> document; entries are objects <c>{id, revocationReason?}</c>.</summary>
    /// <exception cref="ArgumentException">A URL or an entry IRI is malformed.</exception>
    public static byte[] RevocationList(RevocationListDefinition list)
    {
        ArgumentNullException.ThrowIfNull(list);
        OpenBadgesGuard.HttpUrl(list.Id, "RevocationList.Id");
        OpenBadgesGuard.HttpUrl(list.Issuer, "RevocationList.Issuer");
        ArgumentNullException.ThrowIfNull(list.RevokedAssertions);
        foreach (var entry in list.RevokedAssertions)
        {
            OpenBadgesGuard.Iri(entry.Id, "RevokedAssertion.Id");
        }

        return Write(w =>
        {
            WriteHeader(w, OpenBadgesVocabulary.RevocationListType, list.Id.ToAsciiString());
            w.WriteString("issuer", list.Issuer.ToAsciiString());
            // Required even when empty: PYV errors on a missing revokedAssertions (CHECKLIST §2.10).
            w.WriteStartArray("revokedAssertions");
            foreach (var entry in list.RevokedAssertions)
            {
                w.WriteStartObject();
                w.WriteString("id", entry.Id);
                WriteOptional(w, "revocationReason", entry.RevocationReason);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
    }

    private static void WriteHeader(Utf8JsonWriter w, string type, string id)
    {
        w.WriteString("@context", OpenBadgesVocabulary.ContextV2);
        // A single string, never an array: PYV picks the validator by string equality (CHECKLIST §0.1).
        w.WriteString("type", type);
        w.WriteString("id", id);
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            w.WriteString(name, value);
        }
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
