using BadgeForge.Core.CompetencyModels;
using AtLeast = BadgeForge.Core.CompetencyModels.AtLeast;

namespace BadgeForge.Core.Tests.CompetencyModels;

public sealed class CompetencyModelParserTests
{
    [Fact]
    public void Parse_ValidModel_ReturnsModelWithoutProblems()
    {
        var result = TestModels.Parse(TestModels.Valid);

        result.Problems.Should().BeEmpty();
        result.Succeeded.Should().BeTrue();
        var model = result.Model!;
        model.Reference.ToString().Should().Be("test-model@1.0.0");
        model.Status.Should().Be(ModelStatus.Published);
        model.Title.Should().Be(new LocalizedText("Testni model", "Test model"));
        model.Competences.Select(c => c.Id).Should().Equal("c1", "c2");
        model.FindCompetence("c1")!.IndicatorsUpTo(2).Select(i => i.Id).Should().Equal("1a", "2a");
        model.FindCompetence("c1")!.Alignments[1].TargetUri.Should().Be(new Uri("http://data.europa.eu/esco/skill/001115fb-569f-4ee6-8381-c6807ef2527f"));
        model.Assessment.AssessorRoles.Should().Equal(ConfirmerRole.Trainer, ConfirmerRole.Mentor);
        model.FindTraining("t1")!.Oiv.Eligible.Should().BeTrue();
        model.FindTraining("t1")!.FindModule("m2")!.IndividualHoursPerWeek.Should().Be(0m);
    }

    [Fact]
    public void Parse_ValidModel_BindsCriteriaTreeAndValidity()
    {
        var model = TestModels.Parse(TestModels.Valid).Model!;

        model.FindBadge("b1")!.Criteria.Rule.Should().Be(
            new AttendanceCriterion("t1", "m1", AttendanceMode.Group, null, 0.8m, JustifiedAbsenceMode.ExcludeFromBase, null));
        model.FindBadge("b1")!.Validity.Should().Be(Validity.None);
        var role = model.FindBadge("b2")!;
        var all = role.Criteria.Rule.Should().BeOfType<AllOf>().Subject;
        all.Items[0].Should().Be(new BadgeCriterion("b1", false));
        all.Items[1].Should().Be(new CompetenceCriterion("c1", 2));
        var atLeast = all.Items[2].Should().BeOfType<AtLeast>().Subject;
        atLeast.Count.Should().Be(1);
        atLeast.Items[0].Should().BeOfType<PracticeCriterion>().Which.Phases.Should().Equal(PracticePhase.Planning, PracticePhase.Evaluation);
        atLeast.Items[1].Should().Be(new EvidenceCriterion("reflection", 2, ConfirmerRole.Mentor, null));
        role.Validity.Months.Should().Be(36);
        role.Validity.Renewal!.Rule.Should().BeOfType<PracticeCriterion>().Which.WindowMonths.Should().Be(36);
        CriterionFormatter.Format(role.Criteria.Rule).Should().Be(
            "all(badge(b1), competence(c1, min_level=2), at_least(1 of practice(kind=volunteering, min_hours=20, " +
            "phases=[planning, evaluation], confirmed_by=mentor), evidence(kind=reflection, min_count=2, reviewed_by=mentor)))");
    }

    [Fact]
    public void Parse_UnknownKey_ReportsPositionAndSuggestion()
    {
        var yaml = TestModels.With("license: CC-BY-4.0", "licence: CC-BY-4.0");

        var problem = TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.UnknownKey, "licence:");

        problem.Message.Should().Contain("Did you mean 'license'?");
    }

    [Fact]
    public void Parse_UnknownKeyInCriterion_SuggestsLeafKind()
    {
        var yaml = TestModels.With("- evidence: {kind: reflection", "- evidense: {kind: reflection");

        var problem = TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.UnknownKey, "evidense");

        problem.Message.Should().Contain("Did you mean 'evidence'?");
    }

    [Fact]
    public void Parse_MissingLocale_ReportsTheTextMapping()
    {
        var yaml = TestModels.With("description: {sl: Opis modela, en: Model description}", "description: {sl: Opis modela}");

        var problem = TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.MissingLocale, "{sl: Opis modela}");

        problem.Message.Should().Contain("'en'");
    }

    [Fact]
    public void Parse_EmptyLocale_ReportsTheEmptyValue()
    {
        var yaml = TestModels.With("{id: 2a, text: {sl: Kazalnik dva, en: Indicator two}}", "{id: 2a, text: {sl: \"  \", en: Indicator two}}");

        TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.MissingLocale, "\"  \"");
    }

    [Fact]
    public void Parse_DuplicateCompetenceId_ReportsSecondOccurrence()
    {
        var yaml = TestModels.With("- id: c2", "- id: c1");

        TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.DuplicateId, "c1\n", occurrence: 2);
    }

    [Fact]
    public void Parse_DuplicateIndicatorIdWithinCompetence_Reports()
    {
        var yaml = TestModels.With("{id: 2a, text:", "{id: 1a, text:");

        TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.DuplicateId, "1a, text: {sl: Kazalnik dva");
    }

    [Fact]
    public void Parse_DuplicateKey_Reports()
    {
        var yaml = TestModels.With("status: published", "status: published\nstatus: draft");

        TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.DuplicateKey, "status: draft");
    }

    [Fact]
    public void Parse_UnknownCompetenceReference_SuggestsClosestId()
    {
        var yaml = TestModels.With("competence: {ref: c1, min_level: 2}", "competence: {ref: c3, min_level: 2}");

        var problem = TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.DanglingReference, "c3");

        problem.Message.Should().Contain("'c3'");
    }

    [Fact]
    public void Parse_LevelTheCompetenceDoesNotDefine_ReportsDanglingLevel()
    {
        var yaml = TestModels.With("competence: {ref: c1, min_level: 2}", "competence: {ref: c2, min_level: 2}");

        TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.DanglingReference, "2}\n        - at_least");
    }

    [Fact]
    public void Parse_UnknownTraining_Reports()
    {
        var yaml = TestModels.With("attendance: {training: t1,", "attendance: {training: t2,");

        TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.DanglingReference, "t2");
    }

    [Fact]
    public void Parse_UnknownModule_ReportsModuleWithSuggestion()
    {
        var yaml = TestModels.With("module: m1,", "module: m3,");

        var problem = TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.DanglingReference, "m3");

        problem.Message.Should().Contain("Did you mean");
    }

    [Fact]
    public void Parse_UnknownBadgePrerequisite_Reports()
    {
        var yaml = TestModels.With("badge: {ref: b1}", "badge: {ref: b9}");

        TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.DanglingReference, "b9");
    }

    [Fact]
    public void Parse_UnknownFramework_Reports()
    {
        var yaml = TestModels.With("{framework: entrecomp, code: \"3.2\"", "{framework: entrecom, code: \"3.2\"");

        var problem = TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.DanglingReference, "entrecom,");

        problem.Message.Should().Contain("Did you mean 'entrecomp'?");
    }

    [Fact]
    public void Parse_BadgePrerequisiteCycle_ReportsCycleOnce()
    {
        var yaml = TestModels.With(
            "      attendance: {training: t1, module: m1, mode: group, min_share: 0.8, justified_absence: exclude_from_base}",
            "      all:\n        - attendance: {training: t1, min_hours: 10}\n        - badge: {ref: b2}");

        var problem = TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.BadgeCycle, "b1}");

        problem.Message.Should().Contain("b1 → b2 → b1");
    }

    [Fact]
    public void Parse_BadgeRequiringItself_ReportsCycle()
    {
        var yaml = TestModels.With("badge: {ref: b1}", "badge: {ref: b2}");

        TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.BadgeCycle, "b2}");
    }

    [Fact]
    public void Parse_CompetenceLevelOutsideScale_Reports()
    {
        var yaml = TestModels.With("          - level: 2\n", "          - level: 3\n");

        TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.LevelOutOfScale, "3\n");
    }

    [Fact]
    public void Parse_CriterionLevelOutsideScale_Reports()
    {
        var yaml = TestModels.With("competence: {ref: c1, min_level: 2}", "competence: {ref: c1, min_level: 4}");

        TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.LevelOutOfScale, "4}");
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("v1.0.0")]
    [InlineData("01.0.0")]
    public void Parse_InvalidSemver_Reports(string version)
    {
        var yaml = TestModels.With("version: 1.0.0", $"version: {version}");

        TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.InvalidSemver, version + "\n");
    }

    [Theory]
    [InlineData("ftp://example.org/")]
    [InlineData("example.org")]
    [InlineData("/relative/path")]
    public void Parse_NonHttpUrl_Reports(string url)
    {
        var yaml = TestModels.With("url: \"https://example.org/\"", $"url: \"{url}\"");

        TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.InvalidUrl, $"\"{url}\"");
    }

    [Fact]
    public void Parse_TextWhereNumberExpected_ReportsWrongType()
    {
        var yaml = TestModels.With("nominal_hours: 58", "nominal_hours: many");

        TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.WrongType, "many");
    }

    [Fact]
    public void Parse_NominalHoursNotSumOfModules_ReportsInvalidValue()
    {
        var yaml = TestModels.With("nominal_hours: 58", "nominal_hours: 60");

        var problem = TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.InvalidValue, "60");

        problem.Message.Should().Contain("58");
    }

    [Fact]
    public void Parse_QuotedNumber_ReportsWrongType()
    {
        var yaml = TestModels.With("\n      months: 36", "\n      months: \"36\"");

        TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.WrongType, "\"36\"");
    }

    [Fact]
    public void Parse_PlainStringWhereBilingualTextExpected_ReportsWrongType()
    {
        var yaml = TestModels.With("title: {sl: Testni model, en: Test model}", "title: Test model");

        TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.WrongType, "Test model\n");
    }

    [Fact]
    public void Parse_MissingRequiredKey_ReportsTheMapping()
    {
        var yaml = TestModels.With("    achievement_type: MicroCredential\n", "");

        var problem = TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.MissingKey, "id: b2");

        problem.Message.Should().Contain("achievement_type");
    }

    [Fact]
    public void Parse_UnknownEnumValue_SuggestsClosest()
    {
        var yaml = TestModels.With("status: published", "status: publishd");

        var problem = TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.InvalidValue, "publishd");

        problem.Message.Should().Contain("Did you mean 'published'?");
    }

    [Fact]
    public void Parse_AtLeastMoreThanChildren_ReportsInvalidValue()
    {
        var yaml = TestModels.With("n: 1\n", "n: 3\n");

        TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.InvalidValue, "3\n");
    }

    [Fact]
    public void Parse_AttendanceWithoutThreshold_ReportsMissingKey()
    {
        var yaml = TestModels.With("mode: group, min_share: 0.8, ", "mode: group, ");

        TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.MissingKey, "{training: t1, module: m1");
    }

    [Fact]
    public void Parse_ShareAboveOne_ReportsInvalidValue()
    {
        var yaml = TestModels.With("min_share: 0.8", "min_share: 80");

        TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.InvalidValue, "80,");
    }

    [Fact]
    public void Parse_TwoRulesInOneCriterion_ReportsInvalidValue()
    {
        var yaml = TestModels.With("- badge: {ref: b1}", "- {badge: {ref: b1}, competence: {ref: c2, min_level: 1}}");

        TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.InvalidValue, "competence: {ref: c2");
    }

    [Fact]
    public void Parse_CriteriaWithoutRule_ReportsMissingKey()
    {
        var yaml = TestModels.With(
            "      attendance: {training: t1, module: m1, mode: group, min_share: 0.8, justified_absence: exclude_from_base}\n", "");

        var problem = TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.MissingKey, "narrative: {sl: Vsaj 80");

        problem.Message.Should().Contain("no rule");
    }

    [Fact]
    public void Parse_QuotedNoneValidity_ReportsWrongTypeWithHint()
    {
        var yaml = TestModels.With("validity: none", "validity: \"none\"");

        var problem = TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.WrongType, "\"none\"");

        problem.Message.Should().Contain("without quotes");
    }

    [Fact]
    public void Parse_EquivalenceToUnknownCompetence_ReportsDanglingReference()
    {
        var yaml = TestModels.Valid.Replace("version: 1.0.0", "version: 2.0.0")
            + "\nequivalences:\n  - from: test-model@1.0.0\n    competences:\n      - {from: c0, to: c5}\n";

        TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.DanglingReference, "c5}");
    }

    [Fact]
    public void Parse_EquivalenceFromSameOrLaterVersion_ReportsInvalidValue()
    {
        var yaml = TestModels.Valid + "\nequivalences:\n  - from: test-model@1.0.0\n    competences:\n      - {from: c0, to: c1}\n";

        TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.InvalidValue, "test-model@1.0.0");
    }

    [Fact]
    public void Parse_EquivalenceWithInvalidVersion_ReportsInvalidSemver()
    {
        var yaml = TestModels.Valid.Replace("version: 1.0.0", "version: 2.0.0")
            + "\nequivalences:\n  - from: test-model@1.0\n";

        TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.InvalidSemver, "test-model@1.0");
    }

    [Fact]
    public void Parse_UnsupportedFormat_ReportsInvalidValue()
    {
        var yaml = TestModels.With("format: badgeforge.competency-model/1", "format: badgeforge.competency-model/2");

        TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.InvalidValue, "badgeforge.competency-model/2");
    }

    [Fact]
    public void Parse_UnknownAchievementType_Reports()
    {
        var yaml = TestModels.With("achievement_type: MicroCredential", "achievement_type: Microcredentials");

        var problem = TestModels.Parse(yaml).ShouldHaveSingleProblemAt(yaml, ModelProblemCodes.InvalidValue, "Microcredentials");

        problem.Message.Should().Contain("Did you mean 'MicroCredential'?");
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsAllOfThemInFileOrder()
    {
        var yaml = TestModels.Valid
            .Replace("version: 1.0.0", "version: one")
            .Replace("title: {sl: Testni model, en: Test model}", "title: {sl: Testni model}")
            .Replace("badge: {ref: b1}", "badge: {ref: nope}")
            .Replace("nominal_hours: 58", "nominal_hours: -1");

        var result = TestModels.Parse(yaml);

        result.Model.Should().BeNull();
        result.Problems.Select(p => p.Code).Should().Equal(
            ModelProblemCodes.InvalidSemver, ModelProblemCodes.MissingLocale, ModelProblemCodes.InvalidValue, ModelProblemCodes.DanglingReference);
        result.Problems.Should().BeInAscendingOrder(p => p.Line);
    }

    [Fact]
    public void Parse_Always_ExposesSha256OfTheExactBytes()
    {
        var bytes = "abc"u8.ToArray();

        var result = CompetencyModelParser.Parse("x.yaml", bytes);

        // FIPS 180-2 test vector for "abc".
        result.ContentSha256.Should().Be("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    [Fact]
    public void Parse_OneByteChanged_ChangesHash()
    {
        var first = TestModels.Parse(TestModels.Valid);
        var second = TestModels.Parse(TestModels.Valid + " ");

        first.Model!.ContentSha256.Should().Be(first.ContentSha256).And.HaveLength(64);
        second.ContentSha256.Should().NotBe(first.ContentSha256);
    }

    [Fact]
    public void Parse_StreamAndSpan_GiveSameResult()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(TestModels.Valid);

        var fromStream = CompetencyModelParser.Parse("m.yaml", new MemoryStream(bytes));
        var fromSpan = CompetencyModelParser.Parse("m.yaml", bytes);

        fromStream.Succeeded.Should().BeTrue();
        fromStream.ContentSha256.Should().Be(fromSpan.ContentSha256);
    }
}
