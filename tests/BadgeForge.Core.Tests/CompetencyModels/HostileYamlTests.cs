using System.Text;
using BadgeForge.Core.CompetencyModels;

namespace BadgeForge.Core.Tests.CompetencyModels;

/// <summary>Untrusted uploads: each hostile input is refused with one positioned problem, before it can grow.</summary>
public sealed class HostileYamlTests
{
    [Fact]
    public void Parse_BillionLaughs_RejectsFirstAnchor()
    {
        var yaml = """
            a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
            b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
            c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
            d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
            e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]
            """;

        var problem = TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.AnchorNotAllowed, "&a");

        problem.Message.Should().Contain("anchors");
    }

    [Fact]
    public void Parse_AliasWithoutAnchor_IsRejected()
    {
        var yaml = TestModels.With("license: CC-BY-4.0", "license: *lic");

        TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.AnchorNotAllowed, "*lic");
    }

    [Fact]
    public void Parse_MergeKeyWithAnchor_IsRejected()
    {
        var yaml = TestModels.With("owner: {name: Test NGO,", "owner: &o {name: Test NGO,");

        TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.AnchorNotAllowed, "&o");
    }

    [Fact]
    public void Parse_DeeplyNestedFlowSequences_RejectedAtDepthLimit()
    {
        var yaml = "id: " + new string('[', 100_000) + new string(']', 100_000);

        var result = TestModels.Parse(yaml);

        // The root mapping is depth 1 and the first '[' (column 5) depth 2, so the 64th '[' (column 5 + 63) opens depth 65.
        var problem = result.Problems.Should().ContainSingle().Subject;
        problem.Code.Should().Be(ModelProblemCodes.TooDeep);
        (problem.Line, problem.Column).Should().Be((1, 68));
    }

    [Fact]
    public void Parse_DeeplyNestedBlockMappings_RejectedAtConfiguredLimit()
    {
        var builder = new StringBuilder();
        for (var depth = 0; depth < 20; depth++)
        {
            builder.Append(' ', depth * 2).Append("k").Append(depth).Append(":\n");
        }
        builder.Append(' ', 40).Append("leaf\n");
        var yaml = builder.ToString();

        var result = TestModels.Parse(yaml, new CompetencyModelParserOptions(MaxDepth: 8));

        // The mapping under k7 (first key k8) is the ninth level.
        result.ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.TooDeep, "k8:");
    }

    [Fact]
    public void Parse_FileAboveSizeLimit_RejectedBeforeParsing()
    {
        var yaml = "a: \"" + new string('x', 2 * 1024 * 1024) + "\"";

        var result = TestModels.Parse(yaml);

        var problem = result.Problems.Should().ContainSingle().Subject;
        problem.Code.Should().Be(ModelProblemCodes.TooLarge);
        (problem.Line, problem.Column).Should().Be((1, 1));
    }

    [Fact]
    public void Parse_OversizedStream_ReadsAtMostOneByteBeyondTheLimit()
    {
        var stream = new CountingStream(length: 10 * 1024 * 1024);

        var result = CompetencyModelParser.Parse("big.yaml", stream, new CompetencyModelParserOptions(MaxBytes: 4096));

        result.Problems.Should().ContainSingle().Which.Code.Should().Be(ModelProblemCodes.TooLarge);
        stream.BytesRead.Should().Be(4097);
    }

    [Theory]
    [InlineData("!!python/object:os.system")]
    [InlineData("!foo")]
    [InlineData("!!binary")]
    [InlineData("!<tag:example.org,2024:x>")]
    public void Parse_ExplicitTag_IsRejected(string tag)
    {
        var yaml = TestModels.With("license: CC-BY-4.0", $"license: {tag} CC-BY-4.0");

        var problem = TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.TagNotAllowed, tag);

        problem.Message.Should().Contain("tags");
    }

    [Fact]
    public void Parse_TaggedMapping_IsRejected()
    {
        var yaml = TestModels.With("owner: {name: Test NGO,", "owner: !!python/object/new:os.system {name: Test NGO,");

        TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.TagNotAllowed, "!!python");
    }

    [Fact]
    public void Parse_SecondDocument_IsRejected()
    {
        var yaml = TestModels.Valid + "\n---\nid: other\n";

        TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.MultipleDocuments, "---");
    }

    [Fact]
    public void Parse_InvalidUtf8_IsRejected()
    {
        byte[] bytes = [.. "id: "u8, 0xC3, 0x28, (byte)'\n'];

        var result = CompetencyModelParser.Parse("bad.yaml", bytes);

        result.Problems.Should().ContainSingle().Which.Should().Be(
            new ModelProblem("bad.yaml", 1, 1, ModelProblemCodes.InvalidEncoding, "The file is not valid UTF-8."));
    }

    [Fact]
    public void Parse_SyntaxError_ReportsYamlPosition()
    {
        var yaml = "id: test\ntitle: {sl: a, en: b\nversion: 1.0.0\n";

        var result = TestModels.Parse(yaml);

        var problem = result.Problems.Should().ContainSingle().Subject;
        problem.Code.Should().Be(ModelProblemCodes.YamlSyntax);
        problem.Line.Should().BeInRange(2, 4);
        problem.Message.Should().NotStartWith("(Line");
    }

    [Fact]
    public void Parse_EmptyFile_ReportsWrongType()
    {
        TestModels.Parse("").Problems.Should().ContainSingle().Which.Code.Should().Be(ModelProblemCodes.WrongType);
    }

    [Fact]
    public void Parse_ScalarDocument_ReportsWrongType()
    {
        var result = TestModels.Parse("just text");

        result.ShouldHaveSingleProblemAt("just text", ModelProblemCodes.WrongType, "just");
    }

    [Fact]
    public void Parse_ComplexKey_IsRejected()
    {
        var yaml = "? [a, b]\n: value\n";

        TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.WrongType, "[a, b]");
    }

    /// <summary>A stream of <c>length</c> 'a' bytes that counts how much was read.</summary>
    private sealed class CountingStream(long length) : Stream
    {
        private long _position;

        public long BytesRead => _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            buffer.AsSpan(offset, n).Fill((byte)'a');
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
