using System.Globalization;
using System.Text.RegularExpressions;

namespace BadgeForge.Core.CompetencyModels;

/// <summary>A Semantic Versioning 2.0.0 version, ordered by semver precedence (build metadata ignored).</summary>
public sealed partial record SemanticVersion : IComparable<SemanticVersion>
{
    private SemanticVersion(int major, int minor, int patch, string preRelease, string build)
    {
        Major = major;
        Minor = minor;
        Patch = patch;
        PreRelease = preRelease;
        Build = build;
    }

    /// <summary>Incremented when a competence, level, indicator or badge id is removed or renamed.</summary>
    public int Major { get; }
    /// <summary>Incremented when competences or badges are added.</summary>
    public int Minor { get; }
    /// <summary>Incremented for wording-only changes.</summary>
    public int Patch { get; }
    /// <summary>Pre-release label without the leading '-', or empty.</summary>
    public string PreRelease { get; }
    /// <summary>Build metadata without the leading '+', or empty; ignored for ordering.</summary>
    public string Build { get; }

    // The official regex from semver.org, section "Is there a suggested regular expression".
    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>Parses <paramref name="text"/>; false if it is not strict semver (no "v" prefix, no leading zeros).</summary>
    public static bool TryParse(string? text, out SemanticVersion version)
    {
        version = null!;
        if (text is null || text.Length > 256)
        {
            return false;
        }
        var match = Pattern().Match(text);
        if (!match.Success
            || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            || !int.TryParse(match.Groups[3].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var patch))
        {
            return false;
        }
        version = new SemanticVersion(major, minor, patch, match.Groups[4].Value, match.Groups[5].Value);
        return true;
    }

    /// <summary>Parses <paramref name="text"/> or throws <see cref="FormatException"/>.</summary>
    public static SemanticVersion Parse(string text) =>
        TryParse(text, out var version) ? version : throw new FormatException($"'{text}' is not a semantic version.");

    /// <inheritdoc />
    public int CompareTo(SemanticVersion? other)
    {
        if (other is null)
        {
            return 1;
        }
        var result = Major.CompareTo(other.Major);
        if (result == 0) result = Minor.CompareTo(other.Minor);
        if (result == 0) result = Patch.CompareTo(other.Patch);
        return result != 0 ? result : ComparePreRelease(PreRelease, other.PreRelease);
    }

    // semver §11: a version without pre-release ranks higher; identifiers compare numerically or ordinally.
    private static int ComparePreRelease(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return (a.Length == 0, b.Length == 0) switch { (true, true) => 0, (true, false) => 1, _ => -1 };
        }
        var left = a.Split('.');
        var right = b.Split('.');
        for (var i = 0; i < Math.Min(left.Length, right.Length); i++)
        {
            var leftNumeric = long.TryParse(left[i], NumberStyles.None, CultureInfo.InvariantCulture, out var l);
            var rightNumeric = long.TryParse(right[i], NumberStyles.None, CultureInfo.InvariantCulture, out var r);
            var result = (leftNumeric, rightNumeric) switch
            {
                (true, true) => l.CompareTo(r),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(left[i], right[i]),
            };
            if (result != 0)
            {
                return Math.Sign(result);
            }
        }
        return left.Length.CompareTo(right.Length);
    }

    /// <summary>True if this version has lower precedence than <paramref name="other"/>.</summary>
    public bool IsBefore(SemanticVersion other) => CompareTo(other) < 0;

    /// <summary>The canonical text, e.g. <c>1.0.0</c> or <c>2.0.0-rc.1</c>.</summary>
    public override string ToString() =>
        $"{Major}.{Minor}.{Patch}" + (PreRelease.Length > 0 ? "-" + PreRelease : "") + (Build.Length > 0 ? "+" + Build : "");
}

/// <summary>Names one version of one model, written <c>id@version</c> (e.g. <c>community-worker@1.0.0</c>).</summary>
/// <param name="Id">The model id.</param>
/// <param name="Version">The model version.</param>
public sealed record ModelReference(string Id, SemanticVersion Version)
{
    /// <summary>Parses <c>id@version</c>; false if either half is invalid.</summary>
    public static bool TryParse(string? text, out ModelReference reference)
    {
        reference = null!;
        var at = text?.IndexOf('@') ?? -1;
        if (text is null || at <= 0 || !ModelIds.IsValid(text[..at]) || !SemanticVersion.TryParse(text[(at + 1)..], out var version))
        {
            return false;
        }
        reference = new ModelReference(text[..at], version);
        return true;
    }

    /// <summary>Parses <c>id@version</c> or throws <see cref="FormatException"/>.</summary>
    public static ModelReference Parse(string text) =>
        TryParse(text, out var reference) ? reference : throw new FormatException($"'{text}' is not of the form id@version.");

    /// <summary>The <c>id@version</c> form.</summary>
    public override string ToString() => $"{Id}@{Version}";
}

/// <summary>The syntax shared by every id in a model (model, area, competence, indicator, training, module, badge).</summary>
public static partial class ModelIds
{
    // Lower-case ASCII words joined by '.', '-' or '_': stable in URLs, file names and database keys.
    [GeneratedRegex(@"^[a-z0-9]+(?:[._-][a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>True if <paramref name="id"/> is 1–100 characters of lower-case words joined by '.', '-' or '_'.</summary>
    public static bool IsValid(string? id) => id is { Length: > 0 and <= 100 } && Pattern().IsMatch(id);
}
