using System.Text;
using BadgeForge.Core;
using CsvHelper;

namespace BadgeForge.Api.Infrastructure;

/// <summary>
/// What every CSV upload needs before its own columns: the body within a size limit, the text in whichever encoding
/// a spreadsheet saved it (UTF-8 with or without BOM, or Windows-1250 as Slovenian Excel does), the delimiter, and
/// CsvHelper options that report malformed rows by line instead of guessing.
/// </summary>
public static class CsvText
{
    static CsvText() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// The body up to <paramref name="limit"/> bytes, or null if it is longer (whatever Content-Length said).
    public static async Task<byte[]?> ReadBodyAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// UTF-8 if the bytes are valid UTF-8 (with or without BOM), else Windows-1250. Valid UTF-8 is practically never
    /// accidental in a 1250 file with č, š, ž (their bytes 0xE8, 0x9A, 0x9E do not form UTF-8 sequences), while plain
    /// ASCII reads the same either way. Null for binary data.
    /// </summary>
    public static string? Decode(byte[] bytes)
    {
        if (Array.IndexOf(bytes, (byte)0) >= 0)
        {
            return null;
        }
        var span = bytes.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            span = span[3..];
        }
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(span);
        }
        catch (DecoderFallbackException)
        {
            text = Encoding.GetEncoding(1250).GetString(span);
        }
        return text.Any(c => char.IsControl(c) && c is not ('\r' or '\n' or '\t')) ? null : text;
    }

    /// The delimiter of the header line: the most frequent of ';', ',' and tab outside quotes; ',' if none.
    public static char DetectDelimiter(string text)
    {
        int semicolons = 0, commas = 0, tabs = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '\n' or '\r')
            {
                break;
            }
            else if (!quoted)
            {
                semicolons += c == ';' ? 1 : 0;
                commas += c == ',' ? 1 : 0;
                tabs += c == '\t' ? 1 : 0;
            }
        }
        return semicolons > commas && semicolons >= tabs ? ';' : tabs > commas ? '\t' : ',';
    }

    /// <summary>Reader options for a text with a header line; each malformed row goes to <paramref name="malformed"/>.</summary>
    public static CsvReaderOptions ReaderOptions(string text, Action<int, LocalizedText> malformed)
    {
        var reported = new HashSet<long>();
        return new CsvReaderOptions
        {
            Separator = DetectDelimiter(text),
            HasHeader = true,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            TrimWhitespace = true,
            // A row with broken quoting is reported and left out rather than guessed at.
            MalformedData = CsvMalformedDataHandling.Skip,
            OnMalformedRecord = record =>
            {
                if (reported.Add(record.LineNumber))
                {
                    malformed((int)record.LineNumber, record.Reason switch
                    {
                        CsvMalformedReason.UnterminatedQuote => new(
                            "Polje v narekovajih se nikoli ne zapre: vse vrstice za njim so bile prebrane kot njegov del.",
                            "A quoted field is never closed: every line after it was read as part of it."),
                        CsvMalformedReason.StrayQuote => new(
                            "Narekovaj sredi polja brez narekovajev: celo polje dajte v narekovaje in narekovaje v njem podvojite.",
                            "A quote inside an unquoted field: quote the whole field and double the quotes inside it."),
                        CsvMalformedReason.TextAfterClosingQuote => new(
                            "Besedilo za zaključnim narekovajem polja.", "Text after the closing quote of a field."),
                        _ => new("Narekovaji v vrstici so napačni.", "The row's quoting is malformed."),
                    });
                }
            },
        };
    }

    public static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
