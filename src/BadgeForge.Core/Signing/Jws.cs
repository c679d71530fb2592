using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace BadgeForge.Core.Signing;

/// <summary>
/// JWS compact serialization with RS256 (RSASSA-PKCS1-v1_5 + SHA-256), BCL only, as OB 2.0 signed badges use it
/// (SPEC "SignedBadge Verification"; CHECKLIST §4; RFC 7515 §7.1, RFC 7518 §3.3).
/// </summary>
public static class Jws
{
    /// <summary>The only algorithm produced and accepted.</summary>
    public const string Algorithm = "RS256";

    /// <summary>
    /// The protected header, exactly as in the SPEC example. No <c>kid</c>/<c>typ</c>: the key is named by
    /// <c>verification.creator</c> inside the payload, and an unchanging header keeps the output deterministic.
    /// </summary>
    public const string ProtectedHeaderJson = "{\"alg\":\"RS256\"}";

    /// <summary>Upper bound on an accepted token, so hostile input cannot make verification allocate without limit.</summary>
    public const int MaxTokenLength = 1024 * 1024;

    private static readonly string EncodedHeader = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(ProtectedHeaderJson));

    /// <summary>
    /// Signs <paramref name="payloadJson"/> (the exact UTF-8 bytes of the Assertion JSON) and returns
    /// <c>base64url(header).base64url(payload).base64url(signature)</c> with no whitespace: PYV detects JWS input by a
    /// regex that tolerates none (CHECKLIST §4).
    /// </summary>
    /// <exception cref="ArgumentException">The payload is not a JSON object.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The key is shorter than 2048 bits.</exception>
    /// <exception cref="CryptographicException">The key has no private part.</exception>
    public static string Sign(ReadOnlySpan<byte> payloadJson, RSA privateKey)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        ArgumentOutOfRangeException.ThrowIfLessThan(privateKey.KeySize, RsaKeys.MinimumKeySizeBits, nameof(privateKey));
        if (!IsJsonObject(payloadJson))
        {
            throw new ArgumentException("The JWS payload must be a UTF-8 JSON object.", nameof(payloadJson));
        }

        var signingInput = EncodedHeader + "." + Base64Url.EncodeToString(payloadJson);
        var signature = privateKey.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>As <see cref="Sign(ReadOnlySpan{byte}, RSA)"/>, with an instance of <paramref name="key"/> of its own.</summary>
    public static string Sign(ReadOnlySpan<byte> payloadJson, RsaSigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var rsa = key.Rent();
        try
        {
            return Sign(payloadJson, rsa);
        }
        finally
        {
            key.Return(rsa);
        }
    }

    /// <summary>
    /// Verifies a compact JWS against <paramref name="publicKey"/>. Only the supplied key is used: header parameters
    /// that point at keys (<c>jwk</c>, <c>jku</c>, <c>x5u</c>, <c>kid</c>) are ignored, and any <c>alg</c> other than
    /// RS256 fails, so neither <c>none</c> nor an HMAC downgrade can succeed.
    /// </summary>
    public static JwsVerification Verify(string jws, RSA publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        if (string.IsNullOrEmpty(jws))
        {
            return JwsVerification.Fail(JwsFailure.Malformed, "The JWS is empty.");
        }
        if (jws.Length > MaxTokenLength)
        {
            return JwsVerification.Fail(JwsFailure.Malformed, $"The JWS is longer than {MaxTokenLength} characters.");
        }

        var parts = jws.Split('.');
        if (parts.Length != 3)
        {
            return JwsVerification.Fail(JwsFailure.Malformed, $"A compact JWS has 3 dot-separated parts; found {parts.Length}.");
        }
        string[] names = ["header", "payload", "signature"];
        var decoded = new byte[3][];
        for (var i = 0; i < 3; i++)
        {
            if (parts[i].Length == 0 || !IsUnpaddedBase64Url(parts[i]))
            {
                return JwsVerification.Fail(JwsFailure.Malformed, $"The JWS {names[i]} is empty or not unpadded base64url.");
            }
            try
            {
                decoded[i] = Base64Url.DecodeFromChars(parts[i]);
            }
            catch (FormatException)
            {
                return JwsVerification.Fail(JwsFailure.Malformed, $"The JWS {names[i]} is not valid base64url.");
            }
        }

        var headerCheck = CheckHeader(decoded[0]);
        if (headerCheck is not null)
        {
            return headerCheck;
        }

        if (publicKey.KeySize < RsaKeys.MinimumKeySizeBits)
        {
            return JwsVerification.Fail(JwsFailure.WeakKey, $"The verification key has {publicKey.KeySize} bits; at least {RsaKeys.MinimumKeySizeBits} are required.");
        }

        var signingInput = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        bool verified;
        try
        {
            verified = decoded[2].Length == (publicKey.KeySize + 7) / 8
                       && publicKey.VerifyData(signingInput, decoded[2], HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException)
        {
            verified = false;
        }
        if (!verified)
        {
            return JwsVerification.Fail(JwsFailure.InvalidSignature, "The signature does not verify with the given key.");
        }

        return IsJsonObject(decoded[1])
            ? JwsVerification.Valid(decoded[1])
            : JwsVerification.Fail(JwsFailure.InvalidPayload, "The signed payload is not a UTF-8 JSON object.");
    }

    /// <summary>
    /// Decodes the payload WITHOUT verifying the signature, only to learn which key to verify with
    /// (<c>verification.creator</c>, SPEC "SignedBadge Verification" step 1; PYV does the same). Never trust anything
    /// else read this way; call <see cref="Verify"/> with the key and use its payload.
    /// </summary>
    /// <returns>The payload bytes, or null when the token is not a compact JWS with a JSON-object payload.</returns>
    public static byte[]? ReadPayloadUnverified(string jws)
    {
        if (string.IsNullOrEmpty(jws) || jws.Length > MaxTokenLength)
        {
            return null;
        }
        var parts = jws.Split('.');
        if (parts.Length != 3 || parts[1].Length == 0 || !IsUnpaddedBase64Url(parts[1]))
        {
            return null;
        }
        try
        {
            var payload = Base64Url.DecodeFromChars(parts[1]);
            return IsJsonObject(payload) ? payload : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static JwsVerification? CheckHeader(byte[] header)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header);
        }
        catch (JsonException)
        {
            return JwsVerification.Fail(JwsFailure.InvalidHeader, "The JWS header is not JSON.");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return JwsVerification.Fail(JwsFailure.InvalidHeader, "The JWS header is not a JSON object.");
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            string? alg = null;
            foreach (var member in document.RootElement.EnumerateObject())
            {
                // Duplicate names are ambiguous ("alg" twice); RFC 7515 §4 says reject or use the last — reject.
                if (!seen.Add(member.Name))
                {
                    return JwsVerification.Fail(JwsFailure.InvalidHeader, $"The JWS header repeats '{member.Name}'.");
                }
                if (member.Name == "alg" && member.Value.ValueKind == JsonValueKind.String)
                {
                    alg = member.Value.GetString();
                }
            }
            if (!string.Equals(alg, Algorithm, StringComparison.Ordinal))
            {
                return JwsVerification.Fail(JwsFailure.UnsupportedAlgorithm, $"JWS alg '{alg ?? "(missing)"}' is not accepted; only {Algorithm} is.");
            }
            if (seen.Contains("crit") || seen.Contains("b64"))
            {
                return JwsVerification.Fail(JwsFailure.UnsupportedHeader, "The JWS header uses 'crit'/'b64' extensions, which are not supported.");
            }
        }
        return null;
    }

    private static bool IsUnpaddedBase64Url(string value)
    {
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
            {
                return false;
            }
        }
        // A length of 1 mod 4 cannot come from any byte sequence.
        return value.Length % 4 != 1;
    }

    private static bool IsJsonObject(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
