using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;

namespace BadgeForge.Api.Tests.Schools;

/// Rules honour model equivalences: community-worker 2.0.0 says its sd.vr.refleksivna-praksa is 1.0.0's sd.vr.refleksija.
public sealed class SchoolRuleEquivalenceTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Submit_BadgeOfTheEarlierVersion_MatchesRulesNamingTheEquivalentCompetenceOrBadge(DatabaseProvider provider)
    {
        var setup = await SchoolSetup.CreateAsync(await TestApp.For(provider));
        await setup.CreateCourseAsync(new
        {
            schoolYear = SchoolSetup.Year,
            title = new { sl = "Prosta izbira", en = "Free choice" },
            category = "ProstaIzbira",
            requiredHours = 60,
            hourMinutes = 60,
            rules = new object[]
            {
                new { competences = new[] { new { modelId = "community-worker", competenceId = "sd.vr.refleksivna-praksa", minLevel = 2 } }, hours = 6, hourMinutes = 60 },
                new { badge = "community-worker/sd.vr.refleksivna-praksa.l2", hours = 4, hourMinutes = 60 },
            },
        });
        var (_, students) = await setup.CreateClassAsync(students: 1);
        var student = students[0].Account;

        var submitted = await setup.SubmitOkAsync(student, new { awardId = await setup.AwardAsync(student, "community-worker@1.0.0/sd.vr.refleksija.l2") });

        submitted.GetProperty("status").GetString().Should().Be("Pending");
        submitted.GetProperty("proposedHours").GetDecimal().Should().Be(6, "the competence rule (the better of the two matches) counts the 1.0.0 competence");
        submitted.GetProperty("explanations")[0].GetProperty("en").GetString().Should().StartWith("2 rules match");
        var approved = await setup.DecideAsync(submitted.GetProperty("id").GetGuid(), new { approve = true });
        approved.GetProperty("creditedHours").GetDecimal().Should().Be(6);
    }
}
