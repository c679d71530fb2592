using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace BadgeForge.Core.Signing;

/// <summary>Why a JWS failed verification.</summary>
public enum JwsFailure
{
    /// <summary>Verification succeeded.</summary>
    None = 0,

    /// <summary>Not a compact JWS: wrong number of parts, empty parts, characters outside base64url, or padding.</summary>
    Malformed,

    /// <summary>The protected header is not a JSON object with unique member names.</summary>
    InvalidHeader,

    /// <summary><c>alg</c> is missing or not exactly <c>RS256</c> (this includes <c>none</c> and HMAC algorithms).</summary>
    UnsupportedAlgorithm,

    /// <summary>The header declares extensions (<c>crit</c>, <c>b64</c>) that this implementation does not process (RFC 7515 §4.1.11).</summary>
    UnsupportedHeader,

    /// <summary>The verification key is shorter than 2048 bits.</summary>
    WeakKey,

    /// <summary>The signature does not match the header, payload and key.</summary>
    InvalidSignature,

    /// <summary>The signature is valid but the payload is not a UTF-8 JSON object.</summary>
    InvalidPayload,
}

/// <summary>The outcome of <see cref="Jws.Verify"/>: the verified payload, or a failure reason and a message.</summary>
public sealed record JwsVerification
{
    private JwsVerification(JwsFailure failure, string message, byte[]? payload)
    {
        Failure = failure;
        Message = message;
        Payload = payload;
    }

    /// <summary><see cref="JwsFailure.None"/> when valid, otherwise the reason.</summary>
    public JwsFailure Failure { get; }

    /// <summary>A human-readable description of the outcome.</summary>
    public string Message { get; }

    /// <summary>The verified payload bytes (UTF-8 JSON); null unless <see cref="IsValid"/>.</summary>
    public byte[]? Payload { get; }

    /// <summary>Whether the signature verified and the payload is a JSON object.</summary>
    [MemberNotNullWhen(true, nameof(Payload))]
    public bool IsValid => Failure == JwsFailure.None;

    /// <summary>The verified payload as a string; null unless <see cref="IsValid"/>.</summary>
    public string? PayloadText => Payload is null ? null : Encoding.UTF8.GetString(Payload);

    internal static JwsVerification Valid(byte[] payload) => new(JwsFailure.None, "Signature verified.", payload);

    internal static JwsVerification Fail(JwsFailure failure, string message) => new(failure, message, null);
}
