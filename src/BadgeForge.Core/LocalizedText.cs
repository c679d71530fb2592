namespace BadgeForge.Core;

/// <summary>
/// A human-readable text in both languages BadgeForge serves: Slovenian (the programmes' own language)
/// and English. Every user-facing text is such a pair, never a single string.
/// </summary>
/// <param name="Sl">Slovenian text.</param>
/// <param name="En">English text.</param>
public sealed record LocalizedText(string Sl, string En)
{
    /// <summary>The supported language codes, in order of preference when nothing else decides.</summary>
    public static readonly IReadOnlyList<string> Languages = ["sl", "en"];

    /// <summary>The text in <paramref name="language"/> ("sl" or "en"); anything else gets Slovenian.</summary>
    public string In(string language) =>
        string.Equals(language, "en", StringComparison.OrdinalIgnoreCase) ? En : Sl;
}
