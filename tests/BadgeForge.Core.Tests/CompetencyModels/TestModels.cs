using BadgeForge.Core.CompetencyModels;

namespace BadgeForge.Core.Tests.CompetencyModels;

/// <summary>A small valid model that tests break one edit at a time, and position helpers.</summary>
internal static class TestModels
{
    public const string Valid = """
        format: badgeforge.competency-model/1
        id: test-model
        version: 1.0.0
        status: published
        title: {sl: Testni model, en: Test model}
        description: {sl: Opis modela, en: Model description}
        owner: {name: Test NGO, url: "https://example.org/"}
        provenance:
          status: official
          notes: {sl: Uradno besedilo, en: Official text}
          sources:
            - {citation: "Test source", url: "https://example.org/source"}
        license: CC-BY-4.0
        frameworks:
          - {id: entrecomp, name: EntreComp, version: "2016", url: "https://example.org/entrecomp"}
          - {id: esco, name: ESCO, version: "1.2", url: "https://esco.ec.europa.eu/", ob3_target_type: "ext:ESCOSkill"}
        scale:
          levels:
            - {level: 1, code: spoznavam, title: {sl: Spoznavam, en: Discovering}, description: {sl: S podporo, en: With support}}
            - {level: 2, code: izvajam, title: {sl: Izvajam, en: Practising}, description: {sl: Samostojno, en: Independently}}
        assessment: {assessor_roles: [trainer, mentor], min_confirmations: 1}
        areas:
          - id: a1
            title: {sl: Področje, en: Area}
            competences:
              - id: c1
                title: {sl: Kompetenca ena, en: Competence one}
                description: {sl: Opis ena, en: Description one}
                alignments:
                  - {framework: entrecomp, code: "3.1", name: Taking the initiative}
                  - {framework: esco, uri: "http://data.europa.eu/esco/skill/001115fb-569f-4ee6-8381-c6807ef2527f", name: show initiative}
                levels:
                  - level: 1
                    indicators:
                      - {id: 1a, text: {sl: Kazalnik ena, en: Indicator one}}
                  - level: 2
                    indicators:
                      - {id: 2a, text: {sl: Kazalnik dva, en: Indicator two}}
              - id: c2
                title: {sl: Kompetenca dve, en: Competence two}
                description: {sl: Opis dve, en: Description two}
                levels:
                  - level: 1
                    indicators:
                      - {id: 1a, text: {sl: Kazalnik, en: Indicator}}
        trainings:
          - id: t1
            title: {sl: Usposabljanje, en: Training}
            audience: {sl: Mladi, en: Young people}
            nominal_hours: 58
            oiv: {eligible: true, note: {sl: O priznanju odloča šola., en: The school decides.}}
            targets:
              - {competence: c1, level: 1}
            modules:
              - {id: m1, title: {sl: Modul ena, en: Module one}, group_hours: 48, individual_hours_per_week: 1}
              - {id: m2, title: {sl: Modul dve, en: Module two}, group_hours: 10}
        badges:
          - id: b1
            kind: training
            title: {sl: Udeleženec, en: Participant}
            description: {sl: Prisotnost na modulu, en: Attended the module}
            achievement_type: CertificateOfCompletion
            criteria:
              narrative: {sl: Vsaj 80 % ur, en: At least 80 % of hours}
              attendance: {training: t1, module: m1, mode: group, min_share: 0.8, justified_absence: exclude_from_base}
            validity: none
          - id: b2
            kind: role
            title: {sl: Vodja, en: Leader}
            description: {sl: Vodi pobudo, en: Leads an initiative}
            achievement_type: MicroCredential
            criteria:
              narrative: {sl: Usposabljanje in praksa, en: Training and practice}
              all:
                - badge: {ref: b1}
                - competence: {ref: c1, min_level: 2}
                - at_least:
                    n: 1
                    of:
                      - practice: {kind: volunteering, min_hours: 20, phases: [planning, evaluation], confirmed_by: mentor}
                      - evidence: {kind: reflection, min_count: 2, reviewed_by: mentor}
            validity:
              months: 36
              renewal:
                narrative: {sl: Praksa v obdobju veljavnosti, en: Practice during validity}
                practice: {kind: volunteering, min_entries: 1, confirmed_by: organisation, window_months: 36}
            alignments:
              - {framework: entrecomp, code: "3.2", name: Planning and management}
        """;

    /// <summary>The valid model with <paramref name="oldText"/> (which must occur exactly once) replaced.</summary>
    public static string With(string oldText, string newText)
    {
        var index = Valid.IndexOf(oldText, StringComparison.Ordinal);
        if (index < 0 || Valid.IndexOf(oldText, index + 1, StringComparison.Ordinal) >= 0)
        {
            throw new ArgumentException($"'{oldText}' must occur exactly once in the test model.", nameof(oldText));
        }
        return Valid[..index] + newText + Valid[(index + oldText.Length)..];
    }

    /// <summary>1-based line and column of the <paramref name="occurrence"/>-th <paramref name="marker"/> in <paramref name="yaml"/>.</summary>
    public static (int Line, int Column) PositionOf(string yaml, string marker, int occurrence = 1)
    {
        var index = -1;
        for (var i = 0; i < occurrence; i++)
        {
            index = yaml.IndexOf(marker, index + 1, StringComparison.Ordinal);
            if (index < 0) throw new ArgumentException($"'{marker}' occurs fewer than {occurrence} times.", nameof(marker));
        }
        var line = yaml[..index].Count(c => c == '\n') + 1;
        var column = index - (yaml.LastIndexOf('\n', Math.Max(index - 1, 0)) is var nl && nl >= 0 && nl < index ? nl + 1 : 0) + 1;
        return (line, column);
    }

    public static CompetencyModelParseResult Parse(string yaml, CompetencyModelParserOptions? options = null) =>
        CompetencyModelParser.Parse("test-model/1.0.0.yaml", yaml, options);
}

/// <summary>Assertion helpers for problems.</summary>
internal static class ProblemAssertions
{
    /// <summary>Asserts exactly one problem with <paramref name="code"/> at the position of <paramref name="marker"/>, and returns it.</summary>
    public static ModelProblem ShouldHaveSingleProblemAt(this CompetencyModelParseResult result, string yaml, string code, string marker, int occurrence = 1)
    {
        result.Model.Should().BeNull();
        var problem = result.Problems.Should().ContainSingle(p => p.Code == code,
            "problems were: " + string.Join("; ", result.Problems)).Subject;
        var (line, column) = TestModels.PositionOf(yaml, marker, occurrence);
        (problem.Line, problem.Column).Should().Be((line, column), problem.ToString());
        problem.File.Should().Be(result.FileName);
        return problem;
    }
}
