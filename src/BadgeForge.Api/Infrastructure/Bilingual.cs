using BadgeForge.Core;

namespace BadgeForge.Api.Infrastructure;

public static class Bilingual
{
    /// <summary>
    /// One string for Open Badges fields that hold a single text (name, description): "Slovenian / English", or one
    /// of them when both are the same. Validators read plain strings, and our earners and employers read both languages.
    /// </summary>
    public static string Join(LocalizedText text, string separator = " / ") =>
        string.Equals(text.Sl.Trim(), text.En.Trim(), StringComparison.Ordinal) ? text.Sl.Trim() : text.Sl.Trim() + separator + text.En.Trim();
}
