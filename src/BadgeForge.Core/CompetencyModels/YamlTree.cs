using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace BadgeForge.Core.CompetencyModels;

// A minimal, position-carrying YAML tree. We build it ourselves from the low-level event
// stream (never YamlDotNet's deserializer or RepresentationModel) so that every guard
// against hostile input runs *before* anything is materialised: the byte limit is checked
// before decoding, and anchors, aliases, tags and excess depth abort at the first event.

internal abstract class YNode(int line, int column)
{
    public int Line { get; } = line;
    public int Column { get; } = column;
    public abstract string KindName { get; }
}

internal sealed class YScalar(int line, int column, string value, bool plain) : YNode(line, column)
{
    public string Value { get; } = value;

    /// <summary>Plain (unquoted) scalars are the only ones YAML types as null, bool or number.</summary>
    public bool Plain { get; } = plain;

    public bool IsNull => Plain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string KindName => IsNull ? "null" : "a scalar";
}

internal sealed class YMapping(int line, int column) : YNode(line, column)
{
    public List<KeyValuePair<YScalar, YNode>> Entries { get; } = [];
    public override string KindName => "a mapping";
}

internal sealed class YSequence(int line, int column) : YNode(line, column)
{
    public List<YNode> Items { get; } = [];
    public override string KindName => "a list";
}

internal static class YamlTreeReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Reads one YAML document. Returns null and adds exactly one fatal problem when the input
    /// is hostile or malformed: the rest of the file cannot be trusted, so we stop there.
    /// </summary>
    public static YNode? Read(string file, ReadOnlySpan<byte> bytes, CompetencyModelParserOptions options, List<ModelProblem> problems)
    {
        if (bytes.Length > options.MaxBytes)
        {
            problems.Add(new(file, 1, 1, ModelProblemCodes.TooLarge,
                $"The file is {bytes.Length} bytes; the limit is {options.MaxBytes} bytes."));
            return null;
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            problems.Add(new(file, 1, 1, ModelProblemCodes.InvalidEncoding, "The file is not valid UTF-8."));
            return null;
        }
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var parser = new Parser(new StringReader(text));
        try
        {
            return ReadStream(file, parser, options, problems);
        }
        catch (YamlException ex)
        {
            problems.Add(new(file, Line(ex.Start), Column(ex.Start), ModelProblemCodes.YamlSyntax, Clean(ex.Message)));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (instead of a YamlException) on some malformed flow
            // collections; untrusted input must still yield a problem, never an exception.
            var at = parser.Current?.End ?? Mark.Empty;
            problems.Add(new(file, Math.Max(Line(at), 1), Math.Max(Column(at), 1), ModelProblemCodes.YamlSyntax,
                "Malformed YAML after this point (check for an unclosed bracket or brace)."));
            return null;
        }
    }

    private static YNode? ReadStream(string file, Parser parser, CompetencyModelParserOptions options, List<ModelProblem> problems)
    {
        parser.Consume<StreamStart>();
        if (parser.TryConsume<StreamEnd>(out _))
        {
            problems.Add(new(file, 1, 1, ModelProblemCodes.WrongType, "The file is empty; expected a competency model mapping."));
            return null;
        }

        parser.Consume<DocumentStart>();
        var root = ReadNode(file, parser, depth: 1, options, problems);
        if (root is null)
        {
            return null;
        }
        parser.Consume<DocumentEnd>();
        if (parser.Current is DocumentStart second)
        {
            problems.Add(new(file, Line(second.Start), Column(second.Start), ModelProblemCodes.MultipleDocuments,
                "Only one YAML document per file is allowed (found a second '---')."));
            return null;
        }
        return root;
    }

    private static YNode? ReadNode(string file, Parser parser, int depth, CompetencyModelParserOptions options, List<ModelProblem> problems)
    {
        var ev = parser.Current ?? throw new YamlException("Unexpected end of the YAML stream.");
        int line = Line(ev.Start), column = Column(ev.Start);

        if (ev is AnchorAlias alias)
        {
            problems.Add(new(file, line, column, ModelProblemCodes.AnchorNotAllowed,
                $"YAML aliases (*{alias.Value}) are not allowed in competency models; write the content out."));
            return null;
        }
        if (ev is NodeEvent node)
        {
            if (!node.Anchor.IsEmpty)
            {
                problems.Add(new(file, line, column, ModelProblemCodes.AnchorNotAllowed,
                    $"YAML anchors (&{node.Anchor}) are not allowed in competency models; write the content out."));
                return null;
            }
            if (!node.Tag.IsEmpty)
            {
                problems.Add(new(file, line, column, ModelProblemCodes.TagNotAllowed,
                    $"YAML tags ({node.Tag}) are not allowed in competency models; remove the tag."));
                return null;
            }
        }
        if (depth > options.MaxDepth && ev is MappingStart or SequenceStart)
        {
            problems.Add(new(file, line, column, ModelProblemCodes.TooDeep,
                $"The document nests deeper than {options.MaxDepth} levels."));
            return null;
        }

        switch (ev)
        {
            case Scalar scalar:
                parser.MoveNext();
                return new YScalar(line, column, scalar.Value, scalar.Style is ScalarStyle.Plain or ScalarStyle.Any);

            case SequenceStart:
            {
                parser.MoveNext();
                var sequence = new YSequence(line, column);
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    var item = ReadNode(file, parser, depth + 1, options, problems);
                    if (item is null)
                    {
                        return null;
                    }
                    sequence.Items.Add(item);
                }
                return sequence;
            }

            case MappingStart:
            {
                parser.MoveNext();
                var mapping = new YMapping(line, column);
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var key = ReadNode(file, parser, depth + 1, options, problems);
                    if (key is null)
                    {
                        return null;
                    }
                    if (key is not YScalar scalarKey)
                    {
                        problems.Add(new(file, key.Line, key.Column, ModelProblemCodes.WrongType,
                            "Mapping keys must be plain names, not lists or mappings."));
                        return null;
                    }
                    var value = ReadNode(file, parser, depth + 1, options, problems);
                    if (value is null)
                    {
                        return null;
                    }
                    // YAML 1.2 requires unique keys; parsers disagree on which duplicate wins, so we refuse.
                    if (!seen.Add(scalarKey.Value))
                    {
                        problems.Add(new(file, scalarKey.Line, scalarKey.Column, ModelProblemCodes.DuplicateKey,
                            $"Key '{scalarKey.Value}' appears more than once in this mapping."));
                        continue;
                    }
                    mapping.Entries.Add(new(scalarKey, value));
                }
                return mapping;
            }

            default:
                throw new YamlException(ev.Start, ev.End, $"Unexpected YAML event {ev.GetType().Name}.");
        }
    }

    private static int Line(Mark mark) => (int)Math.Min(mark.Line, int.MaxValue);

    private static int Column(Mark mark) => (int)Math.Min(mark.Column, int.MaxValue);

    // YamlDotNet prefixes messages with "(Line: x, Col: y, Idx: z) - (…): "; the position is reported separately.
    private static string Clean(string message)
    {
        var index = message.LastIndexOf("): ", StringComparison.Ordinal);
        return index >= 0 && message.StartsWith('(') ? message[(index + 3)..] : message;
    }
}
