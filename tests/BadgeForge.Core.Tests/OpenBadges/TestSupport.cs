using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using BadgeForge.Core.OpenBadges;

namespace BadgeForge.Core.Tests.OpenBadges;

/// <summary>A clock frozen at one instant.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>Sample inputs and independent helpers (own PNG chunk parser and CRC, process runner) for the tests.</summary>
internal static class TestSupport
{
    public const string Origin = "https://badges.example.org";

    public static readonly DateTimeOffset IssuedOn = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    public static string FixturePath(string name) =>
        Path.Combine(CorePurityTests.RepositoryRoot(), "tests", "BadgeForge.Core.Tests", "OpenBadges", "Fixtures", name);

    public static IssuerProfile Issuer() =>
        new(new Uri(Origin + "/issuers/1"), "Šola za robotiko", new Uri("https://robotika.example.org/"), "badges@example.org")
        {
            Description = "Izobraževanje & certifikati",
            Image = new Uri(Origin + "/issuers/1/image.png"),
            PublicKeys = [new Uri(Origin + "/issuers/1/keys/1")],
            RevocationList = new Uri(Origin + "/issuers/1/revocations"),
        };

    public static BadgeClassDefinition BadgeClass() =>
        new(new Uri(Origin + "/badgeclasses/42"), "Varjenje – raven 2", "Zna samostojno variti.",
            new Uri(Origin + "/badgeclasses/42/image.svg"),
            new BadgeCriteria(new Uri(Origin + "/badgeclasses/42/criteria"), "Opravljen praktični preizkus."),
            new Uri(Origin + "/issuers/1"))
        {
            Tags = ["varjenje", "raven-2"],
            Alignments =
            [
                new BadgeAlignment("Varjenje MIG", new Uri("https://competencies.example.org/welding/mig"))
                {
                    TargetDescription = "MIG/MAG varjenje",
                    TargetFramework = "Kompetenčni model kovinarstva",
                    TargetCode = "KOV-2.3",
                },
            ],
        };

    public static BadgeAssertion HostedAssertion() =>
        new(Origin + "/assertions/Zx3kq9", RecipientIdentity.ForEmail("alice@example.org", "deadsea"),
            new Uri(Origin + "/badgeclasses/42"), AssertionVerification.Hosted, IssuedOn)
        {
            Expires = IssuedOn.AddYears(1),
            Image = new Uri(Origin + "/assertions/Zx3kq9/image.png"),
            Evidence = [new BadgeEvidence(new Uri("https://example.org/work/1"), "Zvar na vzorcu A.")],
            Narrative = "Preizkus opravljen z odliko.",
        };

    public static BadgeAssertion SignedAssertion() =>
        HostedAssertion() with
        {
            Id = "urn:uuid:2f0f3c8e-0c4e-4b8a-9a7e-6d7c1f1e9b10",
            Verification = AssertionVerification.Signed(new Uri(Origin + "/issuers/1/keys/1")),
            Image = null,
        };

    /// <summary>Chunks of a PNG, parsed here independently of PngBaking.</summary>
    public static List<(string Type, byte[] Data, uint Crc)> PngChunks(byte[] png)
    {
        png.AsSpan(0, 8).ToArray().Should().Equal(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A);
        var chunks = new List<(string, byte[], uint)>();
        var offset = 8;
        while (offset < png.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset));
            var type = Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length).ToArray();
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            chunks.Add((type, data, crc));
            offset += 12 + length;
        }
        return chunks;
    }

    /// <summary>Builds a PNG from chunks, computing CRCs with the bitwise reference algorithm of PNG spec annex D.</summary>
    public static byte[] BuildPng(IEnumerable<(string Type, byte[] Data)> chunks)
    {
        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        foreach (var (type, data) in chunks)
        {
            var header = new byte[8];
            BinaryPrimitives.WriteUInt32BigEndian(header, (uint)data.Length);
            Encoding.ASCII.GetBytes(type, 0, 4, header, 4);
            output.Write(header);
            output.Write(data);
            var crc = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(crc, ReferenceCrc(Encoding.ASCII.GetBytes(type).Concat(data).ToArray()));
            output.Write(crc);
        }
        return output.ToArray();
    }

    public static uint ReferenceCrc(byte[] typeAndData)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in typeAndData)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
    }

    /// <summary>Locates an executable on PATH, or null.</summary>
    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, name))
        .FirstOrDefault(File.Exists);

    public static (int ExitCode, string StdOut, string StdErr) Run(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr);
    }

    public static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "badgeforge-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
