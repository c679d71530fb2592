using System.Text;
using BadgeForge.Core.CompetencyModels;

namespace BadgeForge.Core.Tests.CompetencyModels;

/// <summary>Whatever the bytes, parsing returns problems and never throws.</summary>
public sealed class RobustnessTests
{
    private const string Alphabet = "{}[]:,-?&*!|>'\"#%@` \n\tabc019.\u00e9\u010d";

    [Fact]
    public void Parse_RandomMutationsOfAValidModel_NeverThrow()
    {
        // Fixed seed by default, so CI is reproducible; FUZZ_SEED and FUZZ_N run longer campaigns locally.
        var random = new Random(Environment.GetEnvironmentVariable("FUZZ_SEED") is { } seed ? int.Parse(seed) : 20261122);
        for (var i = 0; i < (Environment.GetEnvironmentVariable("FUZZ_N") is { } n ? int.Parse(n) : 1500); i++)
        {
            var text = new StringBuilder(TestModels.Valid);
            for (var edits = random.Next(1, 6); edits > 0; edits--)
            {
                var at = random.Next(text.Length);
                switch (random.Next(3))
                {
                    case 0: text.Remove(at, Math.Min(random.Next(1, 20), text.Length - at)); break;
                    case 1: text.Insert(at, Alphabet[random.Next(Alphabet.Length)]); break;
                    default: text[at] = Alphabet[random.Next(Alphabet.Length)]; break;
                }
            }
            var yaml = text.ToString();

            var act = () => TestModels.Parse(yaml);

            var result = act.Should().NotThrow(yaml).Subject;
            (result.Succeeded || result.Problems.Count > 0).Should().BeTrue();
            result.Problems.Should().NotContain(p => p.Line < 1 || p.Column < 1);
        }
    }

    [Fact]
    public void Parse_ThousandsOfDanglingReferences_ReportsEachOne()
    {
        var criteria = string.Concat(Enumerable.Range(0, 5000).Select(i => $"        - competence: {{ref: missing{i}, min_level: 1}}\n"));
        var yaml = TestModels.With("        - competence: {ref: c1, min_level: 2}\n", criteria);

        var result = TestModels.Parse(yaml);

        result.Problems.Should().HaveCount(5000).And.OnlyContain(p => p.Code == ModelProblemCodes.DanglingReference);
    }
}
