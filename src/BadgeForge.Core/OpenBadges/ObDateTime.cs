using System.Globalization;

namespace BadgeForge.Core.OpenBadges;

/// <summary>
/// OB 2.0 DateTime values: ISO 8601 with time and a zone designator. BadgeForge always writes UTC with a
/// <c>Z</c> suffix and whole seconds (CHECKLIST §1 "DateTime", §10 "Timestamps").
/// </summary>
public static class ObDateTime
{
    /// <summary>Formats <paramref name="value"/> as <c>yyyy-MM-ddTHH:mm:ssZ</c> in UTC, dropping fractions of a second.</summary>
    public static string Format(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// The current instant truncated (never rounded up) to a whole second, for <c>issuedOn</c>. Rounding up could put
    /// <c>issuedOn</c> in the future, which PYV reports as an error with no clock-skew tolerance (CHECKLIST §5).
    /// </summary>
    public static DateTimeOffset IssuedNow(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return TruncateToSecond(clock.GetUtcNow());
    }

    /// <summary>Drops the sub-second part of <paramref name="value"/> and converts it to UTC.</summary>
    public static DateTimeOffset TruncateToSecond(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }
}
