using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace BadgeForge.Core.Baking;

/// <summary>
/// Open Badges 2.0 PNG baking (SPEC ob_v2p0/baking/index.md; CHECKLIST §6): one uncompressed <c>iTXt</c> chunk with
/// keyword <c>openbadges</c> whose text is the assertion JSON (hosted) or the compact JWS (signed).
/// </summary>
public static class PngBaking
{
    /// <summary>The iTXt keyword that marks baked Open Badges data.</summary>
    public const string Keyword = "openbadges";

    /// <summary>Upper bound on decompressed legacy/compressed text, to defuse zlib bombs when un-baking foreign files.</summary>
    public const int MaxTextBytes = 4 * 1024 * 1024;

    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly byte[] KeywordBytes = Encoding.Latin1.GetBytes(Keyword);

    /// <summary>
    /// Returns a copy of <paramref name="png"/> with <paramref name="payload"/> baked in. Any earlier Open Badges chunk
    /// (<c>iTXt</c>, <c>zTXt</c> or legacy <c>tEXt</c> with keyword <c>openbadges</c>) is removed first, because the
    /// chunk "MUST NOT appear more than once"; the new chunk goes directly after IHDR, where the reference baker
    /// (openbadges_bakery/png_bakery.py) puts it. All other chunks are copied byte for byte.
    /// </summary>
    /// <param name="png">A complete PNG file.</param>
    /// <param name="payload">The assertion JSON or the compact JWS.</param>
    /// <exception cref="BadgeImageFormatException">The PNG is malformed (signature, chunk layout, CRC, IHDR/IEND).</exception>
    /// <exception cref="ArgumentException">The payload is empty or contains a NUL character.</exception>
    public static byte[] Bake(ReadOnlySpan<byte> png, string payload)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(payload);
        if (payload.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("The baked payload must not contain NUL characters.", nameof(payload));
        }

        var chunks = ReadChunks(png);
        using var output = new MemoryStream(png.Length + payload.Length + 64);
        output.Write(Signature);
        foreach (var chunk in chunks)
        {
            if (IsOpenBadgesChunk(png, chunk))
            {
                continue;
            }
            output.Write(png.Slice(chunk.Start, chunk.TotalLength));
            if (chunk.Type == "IHDR")
            {
                WriteChunk(output, "iTXt", CreateITxtData(payload));
            }
        }
        return output.ToArray();
    }

    /// <summary>
    /// Extracts the baked payload: the text of the first <c>iTXt</c> chunk with keyword <c>openbadges</c> (a
    /// compressed one is inflated, although BadgeForge never writes those), else the text of a legacy pre-2013
    /// <c>tEXt</c> chunk (a hosted assertion URL). Returns null when the PNG carries no Open Badges data.
    /// </summary>
    /// <exception cref="BadgeImageFormatException">The PNG or its Open Badges chunk is malformed.</exception>
    public static string? Unbake(ReadOnlySpan<byte> png)
    {
        var chunks = ReadChunks(png);
        string? legacy = null;
        foreach (var chunk in chunks)
        {
            if (!IsOpenBadgesChunk(png, chunk))
            {
                continue;
            }
            var data = png.Slice(chunk.DataStart, chunk.Length);
            switch (chunk.Type)
            {
                case "iTXt":
                    return ReadITxtText(data);
                case "tEXt":
                    legacy ??= Encoding.Latin1.GetString(data[(KeywordBytes.Length + 1)..]);
                    break;
            }
        }
        return legacy;
    }

    /// <summary>Whether <paramref name="data"/> starts with the 8-byte PNG signature.</summary>
    public static bool HasPngSignature(ReadOnlySpan<byte> data) => data.StartsWith(Signature);

    // iTXt layout (PNG spec §11.3.4.5): keyword, NUL, compression flag 0, compression method 0, empty language tag,
    // NUL, empty translated keyword, NUL, UTF-8 text. "Compression MUST NOT be used" (OB baking spec): PYV crashes on
    // compressed chunks (CHECKLIST §0.9).
    private static byte[] CreateITxtData(string payload)
    {
        var text = Encoding.UTF8.GetBytes(payload);
        var data = new byte[KeywordBytes.Length + 5 + text.Length];
        KeywordBytes.CopyTo(data, 0);
        // data[len .. len+4] stay 0: keyword NUL, flag 0, method 0, language NUL, translated-keyword NUL.
        text.CopyTo(data, KeywordBytes.Length + 5);
        return data;
    }

    private static string ReadITxtText(ReadOnlySpan<byte> data)
    {
        var rest = data[(KeywordBytes.Length + 1)..];
        if (rest.Length < 2)
        {
            throw new BadgeImageFormatException("The openbadges iTXt chunk is truncated before its compression fields.");
        }
        var compressed = rest[0];
        var method = rest[1];
        rest = rest[2..];
        for (var skip = 0; skip < 2; skip++)
        {
            var nul = rest.IndexOf((byte)0);
            if (nul < 0)
            {
                throw new BadgeImageFormatException("The openbadges iTXt chunk lacks its language tag or translated keyword terminator.");
            }
            rest = rest[(nul + 1)..];
        }

        byte[] text;
        if (compressed == 0)
        {
            text = rest.ToArray();
        }
        else if (compressed == 1 && method == 0)
        {
            text = Inflate(rest);
        }
        else
        {
            throw new BadgeImageFormatException($"The openbadges iTXt chunk has an invalid compression flag {compressed} / method {method}.");
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(text);
        }
        catch (DecoderFallbackException ex)
        {
            throw new BadgeImageFormatException("The openbadges iTXt text is not valid UTF-8.", ex);
        }
    }

    private static byte[] Inflate(ReadOnlySpan<byte> compressed)
    {
        try
        {
            using var input = new MemoryStream(compressed.ToArray());
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[8192];
            int read;
            while ((read = zlib.Read(buffer)) > 0)
            {
                if (output.Length + read > MaxTextBytes)
                {
                    throw new BadgeImageFormatException($"The compressed openbadges text exceeds {MaxTextBytes} bytes.");
                }
                output.Write(buffer, 0, read);
            }
            return output.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new BadgeImageFormatException("The compressed openbadges iTXt text is not valid zlib data.", ex);
        }
    }

    private static bool IsOpenBadgesChunk(ReadOnlySpan<byte> png, Chunk chunk) =>
        chunk.Type is "iTXt" or "tEXt" or "zTXt"
        && chunk.Length > KeywordBytes.Length
        && png.Slice(chunk.DataStart, KeywordBytes.Length).SequenceEqual(KeywordBytes)
        && png[chunk.DataStart + KeywordBytes.Length] == 0;

    private static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)data.Length);
        Encoding.ASCII.GetBytes(type, header[4..]);
        output.Write(header);
        output.Write(data);
        Span<byte> crc = stackalloc byte[4];
        // The CRC covers chunk type and data, not the length (PNG spec §5.3).
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.Compute(header[4..], data));
        output.Write(crc);
    }

    private static List<Chunk> ReadChunks(ReadOnlySpan<byte> png)
    {
        if (!png.StartsWith(Signature))
        {
            throw new BadgeImageFormatException("Not a PNG file: the 8-byte PNG signature is missing.");
        }

        var chunks = new List<Chunk>();
        var offset = Signature.Length;
        while (true)
        {
            if (png.Length - offset < 12)
            {
                throw new BadgeImageFormatException($"The PNG is truncated: a chunk at byte {offset} is incomplete and IEND was not reached.");
            }
            var length = BinaryPrimitives.ReadUInt32BigEndian(png[offset..]);
            if (length > int.MaxValue || length > (uint)(png.Length - offset - 12))
            {
                throw new BadgeImageFormatException($"The PNG chunk at byte {offset} declares {length} data bytes, more than the file holds.");
            }
            var typeBytes = png.Slice(offset + 4, 4);
            foreach (var b in typeBytes)
            {
                if (!char.IsAsciiLetter((char)b))
                {
                    throw new BadgeImageFormatException($"The PNG chunk at byte {offset} has an invalid type code.");
                }
            }
            var chunk = new Chunk(offset, (int)length, Encoding.ASCII.GetString(typeBytes));
            var expectedCrc = BinaryPrimitives.ReadUInt32BigEndian(png[(chunk.DataStart + chunk.Length)..]);
            if (Crc32.Compute(typeBytes, png.Slice(chunk.DataStart, chunk.Length)) != expectedCrc)
            {
                throw new BadgeImageFormatException($"The PNG chunk '{chunk.Type}' at byte {offset} has a wrong CRC.");
            }
            if (chunks.Count == 0 && (chunk.Type != "IHDR" || chunk.Length != 13))
            {
                throw new BadgeImageFormatException("The first PNG chunk must be a 13-byte IHDR.");
            }
            chunks.Add(chunk);
            offset += chunk.TotalLength;
            if (chunk.Type == "IEND")
            {
                break;
            }
        }

        if (offset != png.Length)
        {
            throw new BadgeImageFormatException($"The PNG has {png.Length - offset} bytes after IEND.");
        }
        if (!chunks.Exists(c => c.Type == "IDAT"))
        {
            throw new BadgeImageFormatException("The PNG has no IDAT (image data) chunk.");
        }
        return chunks;
    }

    private readonly record struct Chunk(int Start, int Length, string Type)
    {
        public int DataStart => Start + 8;

        public int TotalLength => Length + 12;
    }
}
