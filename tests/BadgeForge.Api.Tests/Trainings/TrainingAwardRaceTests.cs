using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Tests.Trainings;

/// <summary>
/// Award requests of one run that race each other: the database's unique index over (run, recipient, model, badge)
/// lets exactly one award per learner and badge through, and the others answer "already held", never a 500.
/// </summary>
public sealed class TrainingAwardRaceTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AwardQualified_EightConcurrentRequests_IssueOneAwardPerLearnerAndBadge(DatabaseProvider provider)
    {
        var setup = await TrainingSetup.CreateAsync(await TestApp.For(provider));
        var runId = await setup.CreateRunAsync();
        var session = await setup.AddSessionAsync(runId, daysAgo: 2, minutes: 600);
        var learners = new[] { TrainingSetup.NewEmail("ana"), TrainingSetup.NewEmail("bor"), TrainingSetup.NewEmail("cene") };
        await setup.EnrolAsync(runId, learners);
        foreach (var email in learners)
        {
            (await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/evidence", new { email, kind = "reflection" })).EnsureSuccessStatusCode();
        }
        await setup.RecordAsync(runId, [.. learners.Select(email => (object)new { sessionId = session, email, status = "Present" })]);
        var clients = Enumerable.Range(0, 8).Select(_ => setup.App.ClientFor(setup.Trainer)).ToList();
        using var start = new Barrier(clients.Count);

        var responses = await Task.WhenAll(clients.Select(client => Task.Run(async () =>
        {
            start.SignalAndWait();
            return await client.PostAsync($"{setup.Run(runId)}/preview/award", null);
        })));

        var bodies = new List<JsonElement>();
        foreach (var response in responses)
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            bodies.Add(await response.Content.ReadFromJsonAsync<JsonElement>());
        }
        var stored = await setup.App.WithDbAsync(db => db.Awards.Where(a => a.OrganisationId == setup.Organisation.Id)
            .Select(a => new { a.Id, a.RecipientEmail, a.TrainingRunId }).ToListAsync());
        stored.Select(a => a.RecipientEmail).Should().BeEquivalentTo(learners, "each learner gets the badge exactly once");
        stored.Should().OnlyContain(a => a.TrainingRunId == runId);
        var awarded = bodies.SelectMany(b => b.GetProperty("awarded").EnumerateArray()).Select(a => a.GetProperty("assertionId").GetString()).ToList();
        awarded.Should().BeEquivalentTo(stored.Select(a => a.Id), "every answer reports only awards that exist");
        foreach (var body in bodies)
        {
            var answered = body.GetProperty("awarded").EnumerateArray().Concat(body.GetProperty("alreadyHeld").EnumerateArray())
                .Select(a => a.GetProperty("email").GetString());
            answered.Should().BeEquivalentTo(learners, "each learner is either awarded or reported as already holding the badge");
            body.GetProperty("failed").GetArrayLength().Should().Be(0);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AutoAwardAndManualAward_Concurrent_IssueOneAwardPerLearner(DatabaseProvider provider)
    {
        var setup = await TrainingSetup.CreateAsync(await TestApp.For(provider));
        var runId = await setup.CreateRunAsync();
        (await setup.Client.PutAsJsonAsync($"{setup.Run(runId)}/settings", new { autoAward = true })).EnsureSuccessStatusCode();
        var first = await setup.AddSessionAsync(runId, daysAgo: 4, minutes: 300);
        var last = await setup.AddSessionAsync(runId, daysAgo: 2, minutes: 300);
        var ana = TrainingSetup.NewEmail("ana");
        await setup.EnrolAsync(runId, ana);
        (await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/evidence", new { email = ana, kind = "reflection" })).EnsureSuccessStatusCode();
        await setup.RecordAsync(runId, new { sessionId = first, email = ana, status = "Present" });
        await setup.RecordAsync(runId, new { sessionId = last, email = ana, status = "Present", minutes = 299 });
        // The last session's attendance is re-recorded (auto award) while the trainer presses "award" three times.
        var clients = Enumerable.Range(0, 4).Select(_ => setup.App.ClientFor(setup.Trainer)).ToList();
        using var start = new Barrier(clients.Count);

        var responses = await Task.WhenAll(clients.Select((client, i) => Task.Run(async () =>
        {
            start.SignalAndWait();
            return i == 0
                ? await client.PostAsJsonAsync($"{setup.Run(runId)}/attendance", new { records = new[] { new { sessionId = last, email = ana, status = "Present" } } })
                : await client.PostAsync($"{setup.Run(runId)}/preview/award", null);
        })));

        foreach (var response in responses)
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }
        (await setup.App.WithDbAsync(db => db.Awards.CountAsync(a => a.OrganisationId == setup.Organisation.Id && a.RecipientEmail == ana)))
            .Should().Be(1);
    }
}
