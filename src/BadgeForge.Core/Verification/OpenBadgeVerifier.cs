using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BadgeForge.Core.Baking;
using BadgeForge.Core.OpenBadges;
using BadgeForge.Core.Signing;

namespace BadgeForge.Core.Verification;

/// <summary>
/// Verifies any Open Badges 2.0 assertion, ours or another issuer's, the way the 1EdTech validators do
/// (CHECKLIST §3–5, §7–8) but following the SPEC where they are lenient (types, Profile email, HTTP status and
/// <c>revoked</c> of hosted assertions). Pure: all I/O goes through the supplied <see cref="IDocumentFetcher"/>.
/// </summary>
/// <remarks>
/// Decisions beyond the validators: a fetched node (assertion, BadgeClass, Profile, key) whose <c>id</c> differs from
/// the URL it came from is an error, not PYV's warning, so no host can speak for an id it does not serve; hosted
/// assertions answering 410 or declaring <c>revoked: true</c> are revoked; an issuer <c>id</c> without an HTTP domain
/// fails the hosted scope check; a <c>type</c> must be a single string; Profile <c>email</c> is required. Stateless
/// and thread-safe: one instance can serve all requests.
/// </remarks>
/// <param name="options">Work limits; the defaults when null.</param>
public sealed class OpenBadgeVerifier(OpenBadgeVerifierOptions? options = null)
{
    private readonly OpenBadgeVerifierOptions _options = options ?? new OpenBadgeVerifierOptions();
    private readonly PublicKeyPool _keys = new();

    /// <summary>
    /// Verifies <paramref name="input"/> and reports every check. Never throws for any input or any fetched content:
    /// malformed or hostile data becomes failed checks. Only cancellation of <paramref name="cancellationToken"/>
    /// propagates (as <see cref="OperationCanceledException"/>).
    /// </summary>
    /// <param name="input">A URL, JSON text, compact JWS, or baked PNG/SVG image.</param>
    /// <param name="fetcher">Fetches linked documents; the web layer's SSRF-guarded HTTP client.</param>
    /// <param name="now">The instant against which <c>issuedOn</c> and <c>expires</c> are judged.</param>
    /// <param name="recipientEmail">
    /// When not blank, whether the assertion was issued to this e-mail is checked (PYV VERIFY_RECIPIENT_IDENTIFIER,
    /// CHECKLIST §7); a mismatch makes the report invalid.
    /// </param>
    /// <param name="cancellationToken">Cancels the verification and pending fetches.</param>
    public async Task<VerificationReport> VerifyAsync(
        VerificationInput input, IDocumentFetcher fetcher, DateTimeOffset now, string? recipientEmail, CancellationToken cancellationToken = default)
    {
        var session = new VerificationSession(fetcher ?? NoFetcher.Instance, _options, cancellationToken);
        try
        {
            await RunAsync(session, input, now, recipientEmail).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // The promise to the web layer is a report, never a 500 caused by a foreign badge; the rules above are
            // meant to catch everything, so reaching this is a bug to fix, reported as inconclusive.
            session.Fail("internal", $"Verification stopped by an unexpected {ex.GetType().Name}.");
        }
        return session.ToReport();
    }

    private async Task RunAsync(VerificationSession s, VerificationInput input, DateTimeOffset now, string? email)
    {
        switch (input)
        {
            case VerificationInput.Url url when url.Value is { IsAbsoluteUri: true } && (url.Value.Scheme == Uri.UriSchemeHttps || url.Value.Scheme == Uri.UriSchemeHttp):
                s.Pass("input", $"Input is the URL {ObJson.Show(url.Value.AbsoluteUri)}.");
                await FromUrlAsync(s, url.Value, allowImage: true, now, email).ConfigureAwait(false);
                break;
            case VerificationInput.Url url:
                s.Fail("input", $"The input URL {ObJson.Show(url.Value?.OriginalString)} is not an absolute http(s) URL.");
                break;
            case VerificationInput.Json json:
                await FromJsonTextAsync(s, json.Value ?? string.Empty, now, email).ConfigureAwait(false);
                break;
            case VerificationInput.Jws jws:
                await SignedAsync(s, jws.Value ?? string.Empty, now, email).ConfigureAwait(false);
                break;
            case VerificationInput.Image image:
                await FromImageAsync(s, image.Value, now, email).ConfigureAwait(false);
                break;
            default:
                s.Fail("input", "No input was given.");
                break;
        }
    }

    private async Task FromUrlAsync(VerificationSession s, Uri url, bool allowImage, DateTimeOffset now, string? email)
    {
        var response = await s.FetchAsync(url, "fetch.assertion", "assertion").ConfigureAwait(false);
        if (response is null)
        {
            return;
        }
        if (response.StatusCode is >= 200 and <= 299 && LooksLikeImage(response))
        {
            if (!allowImage)
            {
                s.Fail("input", $"The URL {ObJson.Show(url.AbsoluteUri)} serves an image, not the assertion JSON it should identify.");
                return;
            }
            s.Pass("fetch.assertion", $"The URL {ObJson.Show(url.AbsoluteUri)} serves an image ({ObJson.Show(response.ContentType, 60)}); reading its baked assertion.");
            await FromImageAsync(s, response.Body, now, email).ConfigureAwait(false);
            return;
        }
        await HostedAsync(s, url, response, now, email).ConfigureAwait(false);
    }

    private async Task FromImageAsync(VerificationSession s, ReadOnlyMemory<byte> image, DateTimeOffset now, string? email)
    {
        if (image.Length > _options.MaxImageBytes)
        {
            s.Fail("unbake", $"The image is {image.Length} bytes, more than the {_options.MaxImageBytes}-byte limit.");
            return;
        }
        if (image.IsEmpty)
        {
            s.Fail("unbake", "The image is empty.");
            return;
        }
        string? payload;
        var kind = PngBaking.HasPngSignature(image.Span) ? "PNG" : "SVG";
        try
        {
            payload = BakedBadges.Unbake(image.Span);
        }
        catch (BadgeImageFormatException ex)
        {
            s.Fail("unbake", $"The data is neither a readable PNG nor an SVG badge: {ObJson.Show(ex.Message, 200)}");
            return;
        }
        if (string.IsNullOrWhiteSpace(payload))
        {
            s.Fail("unbake", $"The {kind} image is of a known type but no baked Open Badges data was available.");
            return;
        }
        s.Pass("unbake", $"Read the Open Badges data baked into the {kind} image.");

        switch (VerificationInput.FromText(payload))
        {
            case VerificationInput.Jws jws:
                await SignedAsync(s, jws.Value, now, email).ConfigureAwait(false);
                break;
            case VerificationInput.Url url:
                // Legacy bakes carry only the assertion URL (CHECKLIST §6); what it serves must be JSON, not another
                // image, so a chain of images pointing at each other stops after one hop.
                s.Pass("input", $"The image carries the hosted assertion URL {ObJson.Show(url.Value.AbsoluteUri)}.");
                await FromUrlAsync(s, url.Value, allowImage: false, now, email).ConfigureAwait(false);
                break;
            case VerificationInput.Json json:
                await FromJsonTextAsync(s, json.Value, now, email).ConfigureAwait(false);
                break;
        }
    }

    private async Task FromJsonTextAsync(VerificationSession s, string text, DateTimeOffset now, string? email)
    {
        if (text.Length > _options.MaxJsonBytes)
        {
            s.Fail("input", $"The JSON input is longer than the {_options.MaxJsonBytes}-byte limit.");
            return;
        }
        if (!ObJson.TryParseObject(Encoding.UTF8.GetBytes(text), _options, out var root, out var error))
        {
            s.Fail("input", $"Could not load JSON from the input: {error}.");
            return;
        }
        if (!CheckVersion(s, root, "input JSON"))
        {
            return;
        }

        // SPEC "HostedBadge Verification": the input data should only be trusted to identify the URI (CHECKLIST §3.5).
        var id = ObJson.String(root, "id");
        if (ObJson.IsHttpUrl(id, out var url))
        {
            s.Pass("input", $"The input JSON identifies the hosted assertion {ObJson.Show(id)}; the hosted copy is verified.");
            await FromUrlAsync(s, url, allowImage: false, now, email).ConfigureAwait(false);
            return;
        }
        var verification = ObJson.TryGet(root, "verification", out var v) || ObJson.TryGet(root, "verify", out v) ? ObJson.String(v, "type") : null;
        s.Fail("input", ObJson.IsType(verification, "SignedBadge", "signed")
            ? "This is the JSON of a signed assertion, which has no hosted copy to verify; verify its JWS or baked image instead."
            : "Could not determine verifiable input from provided JSON. No hosted verification URL found.");
    }

    private async Task HostedAsync(VerificationSession s, Uri url, DocumentFetchResult response, DateTimeOffset now, string? email)
    {
        s.VerificationType = "hosted";
        s.AssertionId = url.AbsoluteUri;
        var location = ObJson.Show(url.AbsoluteUri);
        JsonElement root;
        var parsed = ObJson.TryParseObject(response.Body, _options, out root, out var parseError);

        // SPEC "Revoking Hosted Assertions": 410 Gone or a body declaring revoked true means revoked (CHECKLIST §5.4).
        if (response.StatusCode == 410)
        {
            var reason = parsed ? ObJson.String(root, "revocationReason") : null;
            s.Revoked($"The issuer answered 410 Gone for {location}: the assertion has been revoked{ReasonSuffix(reason)}.", reason);
            return;
        }
        if (response.StatusCode is < 200 or > 299)
        {
            s.Fail("fetch.assertion", $"Could not fetch the assertion at {location}: HTTP {response.StatusCode}.");
            return;
        }
        if (!parsed)
        {
            s.Fail("fetch.assertion", $"The response from {location} could not be interpreted: {parseError} and it is not a PNG or SVG image (Content-Type {ObJson.Show(response.ContentType, 60)}).");
            return;
        }
        s.Pass("fetch.assertion", $"Fetched the hosted assertion at {location}.");
        if (!CheckVersion(s, root, "assertion"))
        {
            return;
        }

        var declaredId = ObJson.String(root, "id");
        if (declaredId == url.OriginalString || declaredId == url.AbsoluteUri)
        {
            s.Pass("hosted.id", $"The assertion declares the id it was fetched from ({location}).");
        }
        else
        {
            // Only the document at the id is authoritative; a copy served elsewhere proves nothing (SPEC "HostedBadge Verification").
            s.Fail("hosted.id", $"Node fetched from source {location} declared its id as {ObJson.Show(declaredId)}.");
        }

        var facts = NodeRules.Assertion(s, root, fetchedFrom: null);
        if (facts.Revoked)
        {
            s.Revoked($"The hosted assertion at {location} declares revoked: true{ReasonSuffix(facts.RevocationReason)}.", facts.RevocationReason);
        }
        if (facts.Signed == true)
        {
            s.Fail("structure.assertion", $"The assertion at {location} declares SignedBadge verification; verify its JWS or baked image instead.");
            return;
        }

        var issuer = await CommonAsync(s, facts, now, email).ConfigureAwait(false);
        CheckHostedScope(s, declaredId, issuer);
    }

    private async Task SignedAsync(VerificationSession s, string jws, DateTimeOffset now, string? email)
    {
        s.VerificationType = "signed";
        jws = jws.Trim();
        var payload = VerificationInput.CompactJws().IsMatch(jws) ? Jws.ReadPayloadUnverified(jws) : null;
        if (payload is null)
        {
            s.Fail("input", "The input is not a compact JWS (header.payload.signature in base64url) with a JSON-object payload.");
            return;
        }
        if (!ObJson.TryParseObject(payload, _options, out var root, out var error))
        {
            s.Fail("input", $"The JWS payload could not be read: {error}.");
            return;
        }
        s.Pass("input", "Input is a compact JWS (signed assertion).");
        if (!CheckVersion(s, root, "signed assertion"))
        {
            return;
        }

        var facts = NodeRules.Assertion(s, root, fetchedFrom: null);
        if (facts.Signed == false)
        {
            s.Fail("structure.assertion", "The JWS payload declares hosted verification, not SignedBadge.");
        }
        if (facts.Revoked)
        {
            s.Revoked($"The signed assertion declares revoked: true{ReasonSuffix(facts.RevocationReason)}.", facts.RevocationReason);
        }

        // SPEC "SignedBadge Verification": the key named by verification.creator verifies the signature (CHECKLIST §4).
        Uri? keyUrl = null;
        string? keyOwner = null;
        if (!ObJson.IsHttpUrl(facts.Creator, out var creator))
        {
            s.Fail("signature", "The assertion has no verification.creator key URL, so its signature cannot be verified.");
        }
        else if (await s.FetchJsonAsync(creator, "fetch.key", "CryptographicKey").ConfigureAwait(false) is { } key)
        {
            keyUrl = creator;
            (keyOwner, var pem) = NodeRules.CryptographicKey(s, key, creator);
            if (pem is not null)
            {
                VerifySignature(s, jws, pem, creator);
            }
        }

        var issuer = await CommonAsync(s, facts, now, email).ConfigureAwait(false);
        if (issuer is not { } issuerNode)
        {
            return;
        }
        if (keyUrl is not null)
        {
            CheckKeyOwnership(s, issuerNode, keyUrl, keyOwner);
        }
        await CheckRevocationListAsync(s, issuerNode, facts.Id).ConfigureAwait(false);
    }

    private void VerifySignature(VerificationSession s, string jws, string pem, Uri keyUrl)
    {
        RSA rsa;
        try
        {
            rsa = _keys.Rent(pem);
        }
        catch (ArgumentException ex)
        {
            s.Fail("signature", $"The publicKeyPem of {ObJson.Show(keyUrl.AbsoluteUri)} is not a usable RSA public key: {ObJson.Show(ex.Message, 200)}");
            return;
        }
        JwsVerification result;
        try
        {
            result = Jws.Verify(jws, rsa);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
        _keys.Return(pem, rsa);
        if (result.IsValid)
        {
            s.Pass("signature", $"The RS256 signature verifies with the key {ObJson.Show(keyUrl.AbsoluteUri)}.");
        }
        else
        {
            s.Fail("signature", $"Signature failed verification with the key {ObJson.Show(keyUrl.AbsoluteUri)}: {result.Message}");
        }
    }

    private static void CheckKeyOwnership(VerificationSession s, JsonElement issuer, Uri keyUrl, string? keyOwner)
    {
        var issuerId = ObJson.String(issuer, "id");
        var listed = ObJson.Ids(issuer, "publicKey");
        var passed = true;
        if (!listed.Contains(keyUrl.AbsoluteUri, StringComparer.Ordinal) && !listed.Contains(keyUrl.OriginalString, StringComparer.Ordinal))
        {
            s.Fail("key.ownership", $"Assertion signed by a key {ObJson.Show(keyUrl.AbsoluteUri)} other than those authorized by issuer profile {ObJson.Show(issuerId)}.");
            passed = false;
        }
        if (keyOwner is null || keyOwner != issuerId)
        {
            s.Fail("key.ownership", $"The key {ObJson.Show(keyUrl.AbsoluteUri)} names {ObJson.Show(keyOwner)} as its owner, not the issuer {ObJson.Show(issuerId)}.");
            passed = false;
        }
        if (passed)
        {
            s.Pass("key.ownership", $"The issuer {ObJson.Show(issuerId)} lists the key {ObJson.Show(keyUrl.AbsoluteUri)}, and the key names the issuer as its owner.");
        }
    }

    private static async Task CheckRevocationListAsync(VerificationSession s, JsonElement issuer, string? assertionId)
    {
        var listId = ObJson.String(issuer, "revocationList");
        if (!ObJson.IsHttpUrl(listId, out var listUrl))
        {
            if (listId is null)
            {
                s.Pass("revocation", "The issuer publishes no revocationList, so the assertion cannot be revoked there.");
            }
            return;
        }
        if (await s.FetchJsonAsync(listUrl, "fetch.revocationList", "RevocationList").ConfigureAwait(false) is not { } list)
        {
            return;
        }
        if (NodeRules.RevocationList(s, list, listUrl) is not { } entries)
        {
            return;
        }
        foreach (var (id, reason) in entries)
        {
            if (assertionId is not null && id == assertionId)
            {
                s.Revoked($"Assertion {ObJson.Show(assertionId)} has been revoked in RevocationList {ObJson.Show(listUrl.AbsoluteUri)}{ReasonSuffix(reason)}.", reason);
                return;
            }
        }
        s.Pass("revocation", $"The assertion is not listed in the issuer's RevocationList {ObJson.Show(listUrl.AbsoluteUri)}.");
    }

    /// <summary>Checks shared by hosted and signed assertions; returns the issuer Profile when it could be read.</summary>
    private async Task<JsonElement?> CommonAsync(VerificationSession s, AssertionFacts facts, DateTimeOffset now, string? email)
    {
        CheckTimestamps(s, facts.Id, now);
        if (!string.IsNullOrWhiteSpace(email))
        {
            CheckRecipient(s, facts.Recipient, email);
        }

        var (badge, badgeUrl) = await ResolveAsync(s, facts.Badge, "badge", "BadgeClass").ConfigureAwait(false);
        if (badge is not { } badgeNode)
        {
            return null;
        }
        var issuerRef = NodeRules.BadgeClass(s, badgeNode, badgeUrl);
        await CheckBadgeImageAsync(s, badgeNode).ConfigureAwait(false);

        var (issuer, issuerUrl) = await ResolveAsync(s, issuerRef, "issuer", "issuer Profile").ConfigureAwait(false);
        if (issuer is { } issuerNode)
        {
            NodeRules.Profile(s, issuerNode, issuerUrl);
        }
        return issuer;
    }

    /// <summary>
    /// Resolves a linked node: a URL is fetched; an embedded object with an http id is replaced by the fetched
    /// document, as PYV does (CHECKLIST §2.1 "badge"); an embedded object without id is used as is, with a warning.
    /// </summary>
    private static async Task<(JsonElement? Node, Uri? FetchedFrom)> ResolveAsync(VerificationSession s, JsonElement? reference, string kind, string what)
    {
        if (reference is not { } value)
        {
            return (null, null);
        }
        var id = ObJson.IdOf(value);
        if (ObJson.IsHttpUrl(id, out var url))
        {
            return (await s.FetchJsonAsync(url, "fetch." + kind, what).ConfigureAwait(false), url);
        }
        if (value.ValueKind == JsonValueKind.Object && id is null)
        {
            s.Fail("structure." + kind, $"The embedded {what} has no id; it is checked as embedded, but nothing proves the issuer published it.", VerificationSeverity.Warning);
            return (value, null);
        }
        s.Fail("structure." + kind, $"The {what} reference {ObJson.Show(value)} is not an http(s) URL, so it cannot be fetched.");
        return (null, null);
    }

    private static async Task CheckBadgeImageAsync(VerificationSession s, JsonElement badge)
    {
        if (!ObJson.TryGet(badge, "image", out var image) || ObJson.IdOf(image) is not { } imageId)
        {
            return;
        }
        if (imageId.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var mime = imageId[5..].Split([';', ','], 2)[0].Trim().ToLowerInvariant();
            if (mime is "image/png" or "image/svg+xml")
            {
                s.Pass("image", $"The BadgeClass image is a {mime} data URI.");
            }
            else
            {
                s.Fail("image", $"Data URI image does not declare any of the allowed PNG or SVG mime types ({ObJson.Show(mime, 40)}).");
            }
            return;
        }
        if (!ObJson.IsHttpUrl(imageId, out var url))
        {
            return;
        }
        var response = await s.FetchAsync(url, "fetch.image", "BadgeClass image").ConfigureAwait(false);
        if (response is null)
        {
            return;
        }
        if (response.StatusCode is < 200 or > 299)
        {
            s.Fail("fetch.image", $"Could not fetch image at {ObJson.Show(url.AbsoluteUri)}: HTTP {response.StatusCode}.");
            return;
        }
        if (LooksLikeImage(response))
        {
            s.Pass("image", $"The BadgeClass image at {ObJson.Show(url.AbsoluteUri)} is a PNG or SVG.");
        }
        else
        {
            s.Fail("image", $"The BadgeClass image at {ObJson.Show(url.AbsoluteUri)} is not a PNG or SVG (Content-Type {ObJson.Show(response.ContentType, 60)}).");
        }
    }

    private static void CheckTimestamps(VerificationSession s, string? id, DateTimeOffset now)
    {
        var name = ObJson.Show(id);
        if (s.IssuedOn is { } issuedOn)
        {
            var passed = true;
            if (issuedOn > now)
            {
                // No clock-skew tolerance, as in PYV ASSERTION_TIMESTAMP_CHECKS (CHECKLIST §5).
                s.Fail("timestamps", $"Assertion {name} has issue date {ObDateTime.Format(issuedOn)} in the future.");
                passed = false;
            }
            if (s.Expires is { } expires && expires <= issuedOn)
            {
                s.Fail("timestamps", $"Assertion {name} expiration is prior to issue date.");
                passed = false;
            }
            if (passed)
            {
                s.Pass("timestamps", $"Issued on {ObDateTime.Format(issuedOn)}, not in the future.");
            }
        }

        if (s.Expires is not { } expiry)
        {
            s.Pass("expiry", "The assertion does not expire.");
        }
        else if (expiry <= now)
        {
            s.Fail("expiry", $"Assertion {name} expired on {ObDateTime.Format(expiry)}.");
        }
        else
        {
            s.Pass("expiry", $"The assertion is valid until {ObDateTime.Format(expiry)}.");
        }
    }

    /// <summary>
    /// Compares the e-mail with the IdentityObject (CHECKLIST §2.4): sha256/md5 of e-mail + salt, or plain text. The
    /// e-mail is tried as BadgeForge normalises it (trimmed, lower case) and as given, since other issuers may hash
    /// the address exactly as entered.
    /// </summary>
    private static void CheckRecipient(VerificationSession s, JsonElement? recipient, string email)
    {
        if (recipient is not { } r)
        {
            s.Fail("recipient", "The assertion has no readable recipient to compare the e-mail with.");
            return;
        }
        var type = ObJson.String(r, "type");
        var identity = ObJson.String(r, "identity");
        if (type != "email" || identity is null)
        {
            s.Fail("recipient", $"The recipient is identified by {ObJson.Show(type)}, not by e-mail, so it cannot be matched.");
            s.RecipientMatched = false;
            return;
        }
        var salt = ObJson.String(r, "salt") ?? string.Empty;
        var hashed = ObJson.TryGet(r, "hashed", out var h) && h.ValueKind == JsonValueKind.True;
        var candidates = new[] { email.Trim(), email.Trim().ToLowerInvariant() }.Distinct(StringComparer.Ordinal);
        bool matched;
        if (!hashed)
        {
            matched = candidates.Any(c => string.Equals(c, identity.Trim(), StringComparison.OrdinalIgnoreCase));
        }
        else if (identity.StartsWith("sha256$", StringComparison.OrdinalIgnoreCase))
        {
            matched = new RecipientIdentity(identity, salt).Matches(email)
                      || candidates.Any(c => HashEquals(identity[7..], SHA256.HashData(Encoding.UTF8.GetBytes(c + salt))));
        }
        else if (identity.StartsWith("md5$", StringComparison.OrdinalIgnoreCase))
        {
#pragma warning disable CA5351 // MD5 is how some (old) issuers hashed identities (SPEC "IdentityHash"); only compared, never issued.
            matched = candidates.Any(c => HashEquals(identity[4..], MD5.HashData(Encoding.UTF8.GetBytes(c + salt))));
#pragma warning restore CA5351
        }
        else
        {
            matched = false;
        }
        s.RecipientMatched = matched;
        if (matched)
        {
            s.Pass("recipient", "The assertion was issued to the given e-mail address.");
        }
        else
        {
            s.Fail("recipient", $"The given e-mail address did not match the assertion's recipient identity {ObJson.Show(identity)}.");
        }
    }

    private static bool HashEquals(string hex, byte[] hash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hex.ToLowerInvariant()), Encoding.ASCII.GetBytes(Convert.ToHexStringLower(hash)));

    /// <summary>
    /// CHECKLIST §3 step 4 (PYV HOSTED_ID_IN_VERIFICATION_SCOPE): the assertion id must start with one of the issuer's
    /// <c>verification.startsWith</c> prefixes, and its host[:port] must be in <c>allowedOrigins</c>, which defaults
    /// to the authority of the issuer <c>id</c>.
    /// </summary>
    private static void CheckHostedScope(VerificationSession s, string? assertionId, JsonElement? issuer)
    {
        if (issuer is not { } profile || !ObJson.IsHttpUrl(assertionId, out var assertionUrl))
        {
            return;
        }
        var issuerId = ObJson.String(profile, "id");
        var policy = ObJson.TryGet(profile, "verification", out var p) && p.ValueKind == JsonValueKind.Object ? p : (JsonElement?)null;
        var prefixes = policy is { } withPrefixes ? Strings(withPrefixes, "startsWith") : [];
        if (prefixes.Count > 0 && !prefixes.Any(prefix => assertionId!.StartsWith(prefix, StringComparison.Ordinal)))
        {
            s.Fail("hosted.scope", $"Assertion id {ObJson.Show(assertionId)} does not start with any permitted values in its issuer's verification policy.");
            return;
        }
        var origins = policy is { } withOrigins ? Strings(withOrigins, "allowedOrigins") : [];
        if (origins.Count == 0)
        {
            if (!ObJson.IsHttpUrl(issuerId, out var issuerUrl))
            {
                // PYV only warns here; without an HTTP domain nothing ties the hosted copy to the issuer, so it fails.
                s.Fail("hosted.scope", $"Issuer {ObJson.Show(issuerId)} has no HTTP domain to enforce hosted verification policy against.");
                return;
            }
            origins = [issuerUrl.Authority];
        }
        if (origins.Contains(assertionUrl.Authority, StringComparer.OrdinalIgnoreCase))
        {
            s.Pass("hosted.scope", $"The assertion is hosted on {assertionUrl.Authority}, an origin its issuer allows.");
        }
        else
        {
            s.Fail("hosted.scope", $"Assertion {ObJson.Show(assertionId)} not hosted in allowed origins {ObJson.Show(string.Join(", ", origins))}.");
        }
    }

    private static List<string> Strings(JsonElement node, string name)
    {
        if (!ObJson.TryGet(node, name, out var value))
        {
            return [];
        }
        var items = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [value];
        return items.Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetString()!).ToList();
    }

    private static bool CheckVersion(VerificationSession s, JsonElement root, string what)
    {
        switch (ObJson.ReadContext(root))
        {
            case ContextVersion.V2:
                return true;
            case ContextVersion.V1:
                s.Fail("version", $"The {what} is an Open Badges 1.x document (@context v1); only Open Badges 2.0 is supported.");
                return false;
            case ContextVersion.Missing:
                s.Fail("structure.assertion", $"The {what} has no @context; Open Badges 2.0 documents declare {OpenBadgesVocabulary.ContextV2}.");
                return false;
            default:
                s.Fail("version", $"The {what} @context is not the Open Badges 2.0 context ({OpenBadgesVocabulary.ContextV2}); it is not supported.");
                return false;
        }
    }

    private static bool LooksLikeImage(DocumentFetchResult response)
    {
        var contentType = response.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (contentType is "image/png" or "image/svg+xml")
        {
            return true;
        }
        var body = response.Body.Span;
        return PngBaking.HasPngSignature(body)
               || (contentType is null or "application/octet-stream" && body.IndexOf("<svg"u8) is >= 0 and < 1024);
    }

    private static string ReasonSuffix(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? string.Empty : " with reason: " + ObJson.Show(reason, 200);

    private sealed class NoFetcher : IDocumentFetcher
    {
        public static readonly NoFetcher Instance = new();

        public Task<DocumentFetchResult> FetchAsync(Uri url, CancellationToken cancellationToken) =>
            Task.FromResult(DocumentFetchResult.Failed("No document fetcher was supplied."));
    }
}
