using System.Text.Json;
using BadgeForge.Core.OpenBadges;

namespace BadgeForge.Core.Verification;

/// <summary>What the assertion checks learned, for the later steps.</summary>
internal sealed record AssertionFacts(string? Id, bool? Signed, string? Creator, JsonElement? Badge, JsonElement? Recipient, bool Revoked, string? RevocationReason);

/// <summary>
/// Required properties and primitive types of the OB 2.0 classes (CHECKLIST §1–2), following the SPEC where PYV is
/// more lenient (types and Profile <c>email</c> are checked, CHECKLIST §8.3). Each problem is one failed check.
/// </summary>
internal static class NodeRules
{
    private static readonly string[] HostedTypes = ["hosted", "HostedBadge"];
    private static readonly string[] SignedTypes = ["signed", "SignedBadge"];

    /// <summary>
    /// <c>@context</c>, <c>id</c> and a single-string <c>type</c>. <paramref name="fetchedFrom"/> is the URL the node
    /// came from, or null for an embedded node; a fetched node must declare that URL as its id.
    /// </summary>
    public static string? Header(VerificationSession s, JsonElement node, string check, string what, string[] types, Uri? fetchedFrom, bool requireIri = true)
    {
        if (fetchedFrom is not null && ObJson.ReadContext(node) != ContextVersion.V2)
        {
            s.Fail(check, $"The {what} does not declare the Open Badges 2.0 @context ({OpenBadgesVocabulary.ContextV2}).");
        }

        var id = ObJson.String(node, "id");
        if (id is null)
        {
            if (requireIri)
            {
                s.Fail(check, $"Required property id not present in the {what}.");
            }
        }
        else if (!ObJson.IsIri(id))
        {
            s.Fail(check, $"The {what} id {ObJson.Show(id)} is not an IRI (an http(s) URL or urn:uuid).");
        }
        else if (fetchedFrom is not null && id != fetchedFrom.OriginalString && id != fetchedFrom.AbsoluteUri)
        {
            // PYV only warns and refetches the declared id; accepting the node as is would let any host speak for
            // the id it declares (e.g. an issuer Profile listing an attacker's key), so this is an error here.
            s.Fail(check, $"The {what} fetched from {ObJson.Show(fetchedFrom.AbsoluteUri)} declares its id as {ObJson.Show(id)}.");
        }

        if (!ObJson.TryGet(node, "type", out var type))
        {
            s.Fail(check, $"Required property type not present in the {what}.");
        }
        else if (type.ValueKind != JsonValueKind.String)
        {
            s.Fail(check, $"The {what} type is {ObJson.Show(type)}; it must be the single string '{types[0]}' (an array type is rejected by the 1EdTech validator, CHECKLIST §0.1).");
        }
        else if (!ObJson.IsType(type.GetString(), types))
        {
            s.Fail(check, $"The {what} type is {ObJson.Show(type)}; expected {string.Join(" or ", types.Select(t => "'" + t + "'"))}.");
        }
        return id;
    }

    public static AssertionFacts Assertion(VerificationSession s, JsonElement node, Uri? fetchedFrom)
    {
        const string check = "structure.assertion";
        var before = s.FailureCount;
        var id = Header(s, node, check, "Assertion", ["Assertion"], fetchedFrom);
        s.AssertionId ??= id;

        JsonElement? recipient = null;
        if (!ObJson.TryGet(node, "recipient", out var recipientValue))
        {
            s.Fail(check, "Required property recipient not present in the Assertion.");
        }
        else if (recipientValue.ValueKind != JsonValueKind.Object)
        {
            s.Fail(check, $"The Assertion recipient is {ObJson.Show(recipientValue)}, not an IdentityObject.");
        }
        else
        {
            recipient = recipientValue;
            IdentityObject(s, recipientValue, check);
        }

        JsonElement? badge = null;
        if (!ObJson.TryGet(node, "badge", out var badgeValue))
        {
            s.Fail(check, "Required property badge not present in the Assertion.");
        }
        else if (badgeValue.ValueKind is not (JsonValueKind.String or JsonValueKind.Object))
        {
            s.Fail(check, $"The Assertion badge is {ObJson.Show(badgeValue)}; expected the BadgeClass URL.");
        }
        else
        {
            badge = badgeValue;
        }

        bool? signed = null;
        string? creator = null;
        // "verify" is the 1.x name, still an alias of "verification" in the 2.0 context.
        if (!ObJson.TryGet(node, "verification", out var verification) && !ObJson.TryGet(node, "verify", out verification))
        {
            s.Fail(check, "Required property verification not present in the Assertion.");
        }
        else if (verification.ValueKind != JsonValueKind.Object)
        {
            s.Fail(check, $"The Assertion verification is {ObJson.Show(verification)}, not a VerificationObject.");
        }
        else
        {
            var type = ObJson.String(verification, "type");
            if (ObJson.IsType(type, HostedTypes))
            {
                signed = false;
            }
            else if (ObJson.IsType(type, SignedTypes))
            {
                signed = true;
            }
            else
            {
                s.Fail(check, $"The verification type {ObJson.Show(type)} is neither HostedBadge nor SignedBadge.");
            }
            if (ObJson.TryGet(verification, "creator", out var creatorValue))
            {
                creator = creatorValue.ValueKind == JsonValueKind.String ? creatorValue.GetString() : null;
                if (!ObJson.IsHttpUrl(creator, out _))
                {
                    s.Fail(check, $"The verification creator {ObJson.Show(creatorValue)} is not an http(s) URL.");
                }
            }
        }

        s.IssuedOn = DateTimeProperty(s, node, "issuedOn", check, required: true);
        s.Expires = DateTimeProperty(s, node, "expires", check, required: false);

        if (ObJson.TryGet(node, "image", out var image))
        {
            var imageId = ObJson.IdOf(image);
            if (imageId is not null && imageId.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            {
                s.Fail(check, "The Assertion image may not be a data URI (CHECKLIST §2.1).");
            }
            else if (!ObJson.IsHttpUrl(imageId, out _))
            {
                s.Fail(check, $"The Assertion image {ObJson.Show(image)} is not an http(s) URL.");
            }
        }

        var revoked = false;
        if (ObJson.TryGet(node, "revoked", out var revokedValue))
        {
            if (revokedValue.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                s.Fail(check, $"The Assertion revoked property is {ObJson.Show(revokedValue)}, not a boolean.");
            }
            revoked = revokedValue.ValueKind == JsonValueKind.True;
        }

        if (s.FailureCount == before)
        {
            s.Pass(check, $"The Assertion {ObJson.Show(id)} has the required properties with valid types.");
        }
        return new AssertionFacts(id, signed, creator, badge, recipient, revoked, ObJson.String(node, "revocationReason"));
    }

    /// <summary>Returns the issuer reference of the BadgeClass.</summary>
    public static JsonElement? BadgeClass(VerificationSession s, JsonElement node, Uri? fetchedFrom)
    {
        const string check = "structure.badge";
        var before = s.FailureCount;
        var id = Header(s, node, check, "BadgeClass", ["BadgeClass"], fetchedFrom, requireIri: fetchedFrom is not null);
        s.BadgeId = id;
        s.BadgeName = RequiredText(s, node, "name", check, "BadgeClass");
        RequiredText(s, node, "description", check, "BadgeClass");

        if (!ObJson.TryGet(node, "image", out var image))
        {
            s.Fail(check, "Required property image not present in the BadgeClass.");
        }
        else if (ObJson.IdOf(image) is not { } imageId || !(imageId.StartsWith("data:", StringComparison.OrdinalIgnoreCase) || ObJson.IsHttpUrl(imageId, out _)))
        {
            s.Fail(check, $"The BadgeClass image {ObJson.Show(image)} is neither an http(s) URL nor a data URI.");
        }

        if (!ObJson.TryGet(node, "criteria", out var criteria))
        {
            s.Fail(check, "Required property criteria not present in the BadgeClass.");
        }
        else if (criteria.ValueKind == JsonValueKind.String)
        {
            if (!ObJson.IsHttpUrl(criteria.GetString(), out _))
            {
                s.Fail(check, $"The BadgeClass criteria {ObJson.Show(criteria)} is not an http(s) URL.");
            }
        }
        else if (criteria.ValueKind != JsonValueKind.Object)
        {
            s.Fail(check, $"The BadgeClass criteria is {ObJson.Show(criteria)}; expected a URL or a Criteria object.");
        }
        else if (ObJson.String(criteria, "id") is null && string.IsNullOrWhiteSpace(ObJson.String(criteria, "narrative")))
        {
            s.Fail(check, "The BadgeClass criteria has neither an id nor a narrative (CHECKLIST §2.8).");
        }

        JsonElement? issuer = null;
        if (!ObJson.TryGet(node, "issuer", out var issuerValue))
        {
            s.Fail(check, "Required property issuer not present in the BadgeClass.");
        }
        else if (issuerValue.ValueKind is not (JsonValueKind.String or JsonValueKind.Object))
        {
            s.Fail(check, $"The BadgeClass issuer is {ObJson.Show(issuerValue)}; expected the issuer Profile URL.");
        }
        else
        {
            issuer = issuerValue;
        }

        if (s.FailureCount == before)
        {
            s.Pass(check, $"The BadgeClass {ObJson.Show(id)} has the required properties with valid types.");
        }
        return issuer;
    }

    public static void Profile(VerificationSession s, JsonElement node, Uri? fetchedFrom)
    {
        const string check = "structure.issuer";
        var before = s.FailureCount;
        var id = Header(s, node, check, "issuer Profile", ["Profile", "Issuer"], fetchedFrom);
        s.IssuerId = id;
        s.IssuerName = RequiredText(s, node, "name", check, "issuer Profile");
        if (id is not null && !ObJson.IsHttpUrl(id, out _))
        {
            s.Fail(check, $"Issuer Profile {ObJson.Show(id)} not hosted with HTTP-based identifier. Many platforms can only handle HTTP(s)-hosted issuers.", VerificationSeverity.Warning);
        }

        var url = ObJson.String(node, "url");
        if (url is null)
        {
            s.Fail(check, "Required property url not present in the issuer Profile.");
        }
        else if (!ObJson.IsHttpUrl(url, out _))
        {
            s.Fail(check, $"The issuer Profile url {ObJson.Show(url)} is not an http(s) URL.");
        }

        // Required by the SPEC and JAVAV although PYV never checks it (CHECKLIST §2.3, §8.3).
        var email = ObJson.String(node, "email");
        if (email is null)
        {
            s.Fail(check, "Required property email not present in the issuer Profile.");
        }
        else if (!ObJson.IsEmail(email))
        {
            s.Fail(check, $"The issuer Profile email {ObJson.Show(email)} is not an e-mail address.");
        }

        if (ObJson.String(node, "revocationList") is { } list && !ObJson.IsHttpUrl(list, out _))
        {
            s.Fail(check, $"The issuer revocationList {ObJson.Show(list)} is not an http(s) URL.");
        }

        if (s.FailureCount == before)
        {
            s.Pass(check, $"The issuer Profile {ObJson.Show(id)} has the required properties with valid types.");
        }
    }

    /// <summary>Returns the key's <c>owner</c> and <c>publicKeyPem</c>.</summary>
    public static (string? Owner, string? Pem) CryptographicKey(VerificationSession s, JsonElement node, Uri fetchedFrom)
    {
        const string check = "structure.key";
        var before = s.FailureCount;
        var id = Header(s, node, check, "CryptographicKey", ["CryptographicKey"], fetchedFrom);
        var owner = ObJson.String(node, "owner");
        if (!ObJson.IsIri(owner))
        {
            s.Fail(check, $"The CryptographicKey owner {ObJson.Show(owner)} is not the issuer's IRI.");
        }
        var pem = ObJson.String(node, "publicKeyPem");
        if (pem is null)
        {
            s.Fail(check, "Required property publicKeyPem not present in the CryptographicKey.");
        }
        if (s.FailureCount == before)
        {
            s.Pass(check, $"The CryptographicKey {ObJson.Show(id)} has an owner and a public key.");
        }
        return (owner, pem);
    }

    /// <summary>Returns the revoked entries as (id, reason), or null when the list is unusable.</summary>
    public static IReadOnlyList<(string Id, string? Reason)>? RevocationList(VerificationSession s, JsonElement node, Uri fetchedFrom)
    {
        const string check = "structure.revocationList";
        var before = s.FailureCount;
        var id = Header(s, node, check, "RevocationList", ["RevocationList"], fetchedFrom, requireIri: false);
        List<(string, string?)>? entries = null;
        if (!ObJson.TryGet(node, "revokedAssertions", out var revoked))
        {
            s.Fail(check, "Required property revokedAssertions not present in the RevocationList.");
        }
        else
        {
            entries = [];
            var items = revoked.ValueKind == JsonValueKind.Array ? revoked.EnumerateArray().ToList() : [revoked];
            var withoutId = 0;
            foreach (var item in items)
            {
                // An entry is an IRI, or an object with an IRI id (or a legacy text uid), CHECKLIST §2.10.
                var entryId = item.ValueKind == JsonValueKind.Object ? ObJson.String(item, "id") ?? ObJson.String(item, "uid") : ObJson.IdOf(item);
                if (entryId is null)
                {
                    withoutId++;
                    continue;
                }
                entries.Add((entryId, item.ValueKind == JsonValueKind.Object ? ObJson.String(item, "revocationReason") : null));
            }
            if (withoutId > 0)
            {
                // One check for all of them: a hostile list must not blow up the report.
                s.Fail(check, $"{withoutId} RevocationList entr{(withoutId == 1 ? "y has" : "ies have")} no id.");
            }
        }
        if (s.FailureCount == before)
        {
            s.Pass(check, $"The RevocationList {ObJson.Show(id ?? fetchedFrom.AbsoluteUri)} lists {entries!.Count} revoked assertion(s).");
        }
        return entries;
    }

    private static void IdentityObject(VerificationSession s, JsonElement recipient, string check)
    {
        var type = ObJson.String(recipient, "type");
        if (type is null)
        {
            s.Fail(check, "Required property type not present in the recipient IdentityObject.");
        }
        if (!ObJson.TryGet(recipient, "hashed", out var hashed))
        {
            // Required by PYV and JAVAV (CHECKLIST §2.4).
            s.Fail(check, "Required property hashed not present in the recipient IdentityObject.");
        }
        else if (hashed.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            s.Fail(check, $"The recipient hashed property is {ObJson.Show(hashed)}, not a boolean.");
        }
        var identity = ObJson.String(recipient, "identity");
        if (identity is null)
        {
            s.Fail(check, "Required property identity not present in the recipient IdentityObject.");
        }
        else if (hashed.ValueKind == JsonValueKind.True && !ObJson.IsIdentityHash(identity))
        {
            s.Fail(check, $"Identity {ObJson.Show(identity)} must match known hash style (sha256$… or md5$…) if hashed is true.");
        }
        else if (hashed.ValueKind == JsonValueKind.False && ObJson.IsIdentityHash(identity))
        {
            s.Fail(check, "The recipient identity looks hashed but hashed is false.");
        }
        else if (hashed.ValueKind == JsonValueKind.False && type == "email" && !ObJson.IsEmail(identity))
        {
            s.Fail(check, $"The unhashed email identity {ObJson.Show(identity)} is not an e-mail address.");
        }
        if (ObJson.TryGet(recipient, "salt", out var salt) && salt.ValueKind != JsonValueKind.String)
        {
            s.Fail(check, $"The recipient salt is {ObJson.Show(salt)}, not text.");
        }
    }

    private static DateTimeOffset? DateTimeProperty(VerificationSession s, JsonElement node, string name, string check, bool required)
    {
        if (!ObJson.TryGet(node, name, out var value))
        {
            if (required)
            {
                s.Fail(check, $"Required property {name} not present in the Assertion.");
            }
            return null;
        }
        if (value.ValueKind == JsonValueKind.String && ObJson.TryParseDateTime(value.GetString(), out var parsed))
        {
            return parsed;
        }
        s.Fail(check, $"DATETIME property {name} value {ObJson.Show(value)} not valid: an ISO 8601 date-time with a time zone is required (e.g. 2026-05-01T12:00:00Z).");
        return null;
    }

    private static string? RequiredText(VerificationSession s, JsonElement node, string name, string check, string what)
    {
        if (!ObJson.TryGet(node, name, out var value))
        {
            s.Fail(check, $"Required property {name} not present in the {what}.");
            return null;
        }
        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            s.Fail(check, $"The {what} {name} is {ObJson.Show(value)}, not non-empty text.");
            return null;
        }
        return value.GetString();
    }
}
