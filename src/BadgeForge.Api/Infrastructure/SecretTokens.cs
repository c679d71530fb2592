using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace BadgeForge.Api.Infrastructure;

/// <summary>
/// Random bearer secrets handed out once (refresh tokens, sign-in links, share links) and how they are kept:
/// 256 random bits, URL-safe; where only possession matters, the server stores just the SHA-256.
/// </summary>
public static class SecretTokens
{
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// Lower-case hex SHA-256: what is stored and looked up, so a database leak yields no usable token.
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
