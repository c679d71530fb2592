using System.Text;

namespace BadgeForge.Core.Csv;

/// <summary>CSV for spreadsheets, safe against formula injection (OWASP "CSV Injection").</summary>
public static class CsvCells
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>
    /// One cell: a value starting with = + - @ tab or CR gets a leading apostrophe so that Excel and LibreOffice show
    /// it as text instead of running it; then RFC 4180 quoting when it holds a comma, quote, semicolon or line break.
    /// </summary>
    public static string Cell(string? value)
    {
        value ??= "";
        if (value.Length > 0 && FormulaStarts.Contains(value[0]))
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', ';', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>One line of cells, ending in CRLF (RFC 4180).</summary>
    public static string Line(IEnumerable<string?> cells) => string.Join(",", cells.Select(Cell)) + "\r\n";

    /// <summary>The whole document as UTF-8 with a byte-order mark, so that Excel reads č, š, ž correctly.</summary>
    public static byte[] Utf8WithBom(IEnumerable<string> lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line);
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }
}
