namespace BadgeForge.Core.Images;

/// <summary>What a generated badge image shows.</summary>
/// <param name="Title">Badge title, wrapped onto up to three lines (any script; Slovenian diacritics render as-is).</param>
/// <param name="Level">Achieved level, 1..<paramref name="LevelCount"/>, shown as filled marks.</param>
/// <param name="LevelCount">Number of levels in the competency model, 1..10, shown as marks (unfilled above <paramref name="Level"/>).</param>
/// <param name="Color">Base colour as <c>#RRGGBB</c>; ring, gradient and text contrast are derived from it.</param>
public sealed record BadgeImageDesign(string Title, int Level, int LevelCount, string Color)
{
    /// <summary>Optional small line above the title (e.g. the competency model or the title in the other language).</summary>
    public string? Subtitle { get; init; }
}
