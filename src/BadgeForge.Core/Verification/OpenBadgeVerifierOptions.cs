namespace BadgeForge.Core.Verification;

/// <summary>
/// Work limits of one verification, so that hostile input (a JSON bomb, an endless chain of linked documents) costs
/// bounded time and memory. Exceeding one is reported as a failed check, never thrown.
/// </summary>
public sealed record OpenBadgeVerifierOptions
{
    /// <summary>Most documents (JSON and images) fetched in one verification. A full signed check needs 5–6.</summary>
    public int MaxFetches { get; init; } = 10;

    /// <summary>Largest JSON document (input, JWS payload or fetched) accepted, in UTF-8 bytes.</summary>
    public int MaxJsonBytes { get; init; } = 1024 * 1024;

    /// <summary>Deepest JSON nesting accepted. OB 2.0 documents need about 4 levels.</summary>
    public int MaxJsonDepth { get; init; } = 32;

    /// <summary>Largest baked image (uploaded or fetched) that is un-baked, in bytes.</summary>
    public int MaxImageBytes { get; init; } = 16 * 1024 * 1024;
}
