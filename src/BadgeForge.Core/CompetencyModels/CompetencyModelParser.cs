using System.Security.Cryptography;
using System.Text;

namespace BadgeForge.Core.CompetencyModels;

/// <summary>The outcome of parsing one model file: the model when there are no problems, otherwise every problem found.</summary>
/// <param name="FileName">The name the caller passed in.</param>
/// <param name="Model">The model, or null if <see cref="Problems"/> is not empty.</param>
/// <param name="Problems">All problems, ordered by position.</param>
/// <param name="ContentSha256">
/// Lower-case hex SHA-256 of the file bytes; empty only when a stream was refused for size before it was fully read.
/// </param>
public sealed record CompetencyModelParseResult(
    string FileName, CompetencyModel? Model, IReadOnlyList<ModelProblem> Problems, string ContentSha256)
{
    /// <summary>True if the file is a valid model.</summary>
    public bool Succeeded => Model is not null && Problems.Count == 0;

    // Where the catalog's cross-file problems point; only set when the file parsed.
    internal SourcePositions? Positions { get; init; }
}

internal sealed class SourcePositions
{
    public (int Line, int Column) Id { get; set; } = (1, 1);
    public (int Line, int Column) Version { get; set; } = (1, 1);
    public Dictionary<object, (int Line, int Column)> Nodes { get; } = new(ReferenceEqualityComparer.Instance);

    public (int Line, int Column) Of(object item) => Nodes.GetValueOrDefault(item, Id);
}

/// <summary>
/// Parses and validates one competency model file (format <see cref="FormatId"/>). Pure: takes content, never paths,
/// and reports every problem at once rather than stopping at the first.
/// </summary>
public static class CompetencyModelParser
{
    /// <summary>The value of the required <c>format</c> key. A new major means a new parser.</summary>
    public const string FormatId = "badgeforge.competency-model/1";

    /// <summary>Parses a model from its raw bytes (UTF-8, optional BOM).</summary>
    /// <param name="fileName">Used only in problem messages, e.g. <c>community-worker/1.0.0.yaml</c>.</param>
    /// <param name="content">The file's bytes.</param>
    /// <param name="options">Size and depth limits; <see cref="CompetencyModelParserOptions.Default"/> if null.</param>
    public static CompetencyModelParseResult Parse(string fileName, ReadOnlySpan<byte> content, CompetencyModelParserOptions? options = null)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        var problems = new List<ModelProblem>();
        var root = YamlTreeReader.Read(fileName, content, options ?? CompetencyModelParserOptions.Default, problems);
        var positions = new SourcePositions();
        var model = root is null ? null : new ModelBinder(fileName, hash, problems, positions).Bind(root);
        var ordered = problems.OrderBy(p => p.Line).ThenBy(p => p.Column).ToList();
        return new CompetencyModelParseResult(fileName, ordered.Count == 0 ? model : null, ordered, hash) { Positions = positions };
    }

    /// <summary>Parses a model from a stream, reading at most <see cref="CompetencyModelParserOptions.MaxBytes"/> + 1 bytes.</summary>
    /// <param name="fileName">Used only in problem messages.</param>
    /// <param name="content">The file's bytes; read from the current position, not disposed.</param>
    /// <param name="options">Size and depth limits; <see cref="CompetencyModelParserOptions.Default"/> if null.</param>
    public static CompetencyModelParseResult Parse(string fileName, Stream content, CompetencyModelParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        options ??= CompetencyModelParserOptions.Default;
        // Read one byte past the limit so an oversized stream is refused without buffering all of it.
        var buffer = new byte[Math.Min((long)options.MaxBytes + 1, Array.MaxLength)];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = content.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
        }
        if (length > options.MaxBytes)
        {
            return new CompetencyModelParseResult(fileName, null,
                [new ModelProblem(fileName, 1, 1, ModelProblemCodes.TooLarge, $"The file is larger than the limit of {options.MaxBytes} bytes.")],
                "");
        }
        return Parse(fileName, buffer.AsSpan(0, length), options);
    }

    /// <summary>Parses a model from text (encoded as UTF-8 for hashing, so the hash matches a UTF-8 file without BOM).</summary>
    /// <param name="fileName">Used only in problem messages.</param>
    /// <param name="content">The YAML text.</param>
    /// <param name="options">Size and depth limits; <see cref="CompetencyModelParserOptions.Default"/> if null.</param>
    public static CompetencyModelParseResult Parse(string fileName, string content, CompetencyModelParserOptions? options = null) =>
        Parse(fileName, Encoding.UTF8.GetBytes(content).AsSpan(), options);
}
