using BadgeForge.Core.Csv;

namespace BadgeForge.Core.Tests.Csv;

/// Formula injection and quoting in the CSV files we hand out (school reports, bulk results).
public sealed class CsvCellsTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\")", "\"'=HYPERLINK(\"\"http://evil\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "\"'\rx\"")]
    public void Cell_FormulaStart_IsPrefixedWithAnApostrophe(string value, string expected) =>
        CsvCells.Cell(value).Should().Be(expected);

    [Theory]
    [InlineData("Ana Novak", "Ana Novak")]
    [InlineData("Novak, Ana", "\"Novak, Ana\"")]
    [InlineData("a\"b", "\"a\"\"b\"")]
    [InlineData(null, "")]
    [InlineData("Žiga Čeh", "Žiga Čeh")]
    public void Cell_PlainText_IsQuotedOnlyWhenNeeded(string? value, string expected) =>
        CsvCells.Cell(value).Should().Be(expected);

    [Fact]
    public void Utf8WithBom_Lines_StartWithTheByteOrderMark()
    {
        var bytes = CsvCells.Utf8WithBom([CsvCells.Line(["a", "=b"])]);

        bytes.Take(3).Should().Equal(0xEF, 0xBB, 0xBF);
        System.Text.Encoding.UTF8.GetString(bytes[3..]).Should().Be("a,'=b\r\n");
    }
}
