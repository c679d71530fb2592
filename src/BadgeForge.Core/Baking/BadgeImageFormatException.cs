namespace BadgeForge.Core.Baking;

/// <summary>
/// The image handed to a baker or un-baker is not a well-formed PNG or SVG, or is one that BadgeForge refuses to read
/// (an SVG with a DTD). The message names the defect so it can be shown to whoever uploaded the image.
/// </summary>
public sealed class BadgeImageFormatException : FormatException
{
    /// <summary>Creates the exception with a message describing the defect.</summary>
    public BadgeImageFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the parser error that revealed the defect.</summary>
    public BadgeImageFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
