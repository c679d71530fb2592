using System.Net;
using System.Net.Http.Json;
using BadgeForge.Api.Features.Expiry;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace BadgeForge.Api.Tests.Expiry;

public sealed class ExpiryRemindersTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task DailyJob_RemindsAtBothOffsetsOnce_ToEarnerAndOrganisation_InEarnersLanguage(DatabaseProvider provider)
    {
        await using var expiry = await ExpiryApp.StartAsync(provider);
        var issuing = await Issuing.CreateAsync(expiry.App);
        var english = $"en-{Guid.NewGuid():N}@example.org";
        var slovene = $"sl-{Guid.NewGuid():N}@example.org";
        var account = await expiry.App.CreateAccountAsync(email: english);
        await expiry.App.WithDbAsync(async db =>
        {
            (await db.Accounts.SingleAsync(a => a.Id == account.Id)).PreferredLanguage = "en";
            return await db.SaveChangesAsync();
        });
        var awardEn = await issuing.AwardAsync(Issuing.LeaderBadge, english);
        var awardSl = await issuing.AwardAsync(Issuing.LeaderBadge, slovene);
        var expiresAt = awardEn.GetProperty("expiresAt").GetDateTime();
        var organisation = issuing.Organisation.Email;

        await expiry.RunDailyJobAsync();
        expiry.Smtp.Received.Should().BeEmpty("nothing expires within 60 days yet");

        expiry.Clock.Now = expiresAt.AddDays(-59);
        await expiry.RunDailyJobAsync();
        await expiry.RunDailyJobAsync();
        expiry.Smtp.To(english).Should().ContainSingle("the 60-day reminder goes once, however often the job runs");
        expiry.Smtp.To(slovene).Should().ContainSingle();
        expiry.Smtp.To(organisation).Should().HaveCount(2, "the organisation's contact gets a copy for each earner");

        expiry.Clock.Now = expiresAt.AddDays(-13);
        await expiry.RunDailyJobAsync();
        await expiry.RunDailyJobAsync();
        expiry.Clock.Now = expiresAt.AddDays(-2);
        await expiry.RunDailyJobAsync();

        var toEnglish = expiry.Smtp.To(english);
        toEnglish.Should().HaveCount(2, "one reminder at 60 days and one at 14 days, nothing more");
        expiry.Smtp.To(slovene).Should().HaveCount(2);
        expiry.Smtp.To(organisation).Should().HaveCount(4);

        var en = toEnglish[^1].Message;
        en.Body!.Headers[HeaderId.ContentLanguage].Should().Be("en");
        en.Subject.Should().Be($"Your badge “Social initiative leader” expires on {ExpiryReminderMail.FormatInstant(expiresAt, "en", "Europe/Ljubljana")}");
        ShouldBeTextAndHtml(en);
        en.TextBody.Should().Contain(awardEn.GetProperty("url").GetString()).And.Contain(issuing.Organisation.Name.En)
            .And.Contain("sign in to your badge backpack").And.Contain("Led or co-led at least one initiative");
        en.HtmlBody.Should().Contain("lang=\"en\"").And.Contain(awardEn.GetProperty("url").GetString());

        var sl = expiry.Smtp.To(slovene)[^1].Message;
        sl.Body!.Headers[HeaderId.ContentLanguage].Should().Be("sl");
        sl.Subject.Should().StartWith("Vaša značka »Vodja družbene pobude« poteče ");
        ShouldBeTextAndHtml(sl);
        sl.TextBody.Should().Contain(awardSl.GetProperty("url").GetString()).And.Contain(issuing.Organisation.Name.Sl)
            .And.Contain(ExpiryReminderMail.FormatInstant(expiresAt, "sl", "Europe/Ljubljana")).And.Contain("nahrbtnik");

        var copies = expiry.Smtp.To(organisation).Select(m => m.Message).ToList();
        copies.Should().Contain(m => (m.Subject ?? "").StartsWith("Badge “Social initiative leader” of Ana Novak expires", StringComparison.Ordinal)
            && (m.TextBody ?? "").Contains(english, StringComparison.Ordinal));
        copies.Should().Contain(m => (m.Subject ?? "").StartsWith("Značka »Vodja družbene pobude« osebe Ana Novak poteče", StringComparison.Ordinal)
            && (m.TextBody ?? "").Contains(slovene, StringComparison.Ordinal));

        var rows = await expiry.App.WithDbAsync(db => db.ExpiryReminders.AsNoTracking().OrderBy(r => r.OffsetDays).ToListAsync());
        rows.Should().HaveCount(4).And.OnlyContain(r => r.SentAt != null && r.FailedAt == null);
        rows.Select(r => r.OffsetDays).Should().Equal(14, 14, 60, 60);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task DailyJob_AfterExpiry_MarksAwardExpiredOnceAndPageSaysExpired(DatabaseProvider provider)
    {
        await using var expiry = await ExpiryApp.StartAsync(provider);
        var issuing = await Issuing.CreateAsync(expiry.App);
        var award = await issuing.AwardAsync(Issuing.LeaderBadge);
        var id = award.GetProperty("id").GetString()!;
        var expiresAt = award.GetProperty("expiresAt").GetDateTime();

        expiry.Clock.Now = expiresAt.AddHours(1);
        await expiry.RunDailyJobAsync();
        var marked = await expiry.App.WithDbAsync(db => db.Awards.AsNoTracking().Where(a => a.Id == id).Select(a => a.ExpiredMarkedAt).SingleAsync());
        expiry.Clock.Now = expiresAt.AddDays(1);
        var again = await expiry.RunProcessorAsync();

        marked.Should().Be(expiresAt.AddHours(1));
        again.MarkedExpired.Should().Be(0, "an award is marked expired once");
        expiry.Smtp.Received.Should().BeEmpty("an award that is already expired gets no reminder");
        var hosted = await expiry.App.ClientFor(null).GetStringAsync($"/assertions/{id}");
        hosted.Should().Contain("\"expires\"", "the hosted document keeps its signed expiry");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/assertions/{id}?lang=en");
        request.Headers.Accept.ParseAdd("text/html");
        var page = await expiry.App.ClientFor(null).SendAsync(request);
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).Should().Contain("Badge expired on");
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Processor_ConcurrentRuns_SendEachReminderOnce(DatabaseProvider provider)
    {
        await using var expiry = await ExpiryApp.StartAsync(provider);
        var issuing = await Issuing.CreateAsync(expiry.App);
        var emails = Enumerable.Range(0, 5).Select(i => $"race-{i}-{Guid.NewGuid():N}@example.org").ToList();
        DateTime expiresAt = default;
        foreach (var email in emails)
        {
            expiresAt = (await issuing.AwardAsync(Issuing.LeaderBadge, email)).GetProperty("expiresAt").GetDateTime();
        }

        expiry.Clock.Now = expiresAt.AddDays(-10);
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(expiry.RunProcessorAsync)));

        results.Sum(r => r.RemindersSent).Should().Be(emails.Count, "two instances at once still claim each reminder once");
        foreach (var email in emails)
        {
            expiry.Smtp.To(email).Should().ContainSingle("only the 14-day reminder is due, and only once");
        }
    }

    [Fact]
    public async Task Processor_SmtpUnreachable_RecordsFailureAndDoesNotRetry()
    {
        await using var expiry = await ExpiryApp.StartAsync(DatabaseProvider.Sqlite, smtpReachable: false);
        var issuing = await Issuing.CreateAsync(expiry.App);
        var expiresAt = (await issuing.AwardAsync(Issuing.LeaderBadge)).GetProperty("expiresAt").GetDateTime();
        expiry.Clock.Now = expiresAt.AddDays(-30);

        var first = await expiry.RunProcessorAsync();
        var second = await expiry.RunProcessorAsync();

        first.Should().Be(new ExpiryRunResult(0, 0, 1));
        second.Should().Be(new ExpiryRunResult(0, 0, 0), "a decided reminder is never sent twice, even after a failure");
        var row = await expiry.App.WithDbAsync(db => db.ExpiryReminders.AsNoTracking().SingleAsync());
        row.OffsetDays.Should().Be(60);
        row.SentAt.Should().BeNull();
        row.FailedAt.Should().NotBeNull();
        row.Error.Should().NotBeNullOrEmpty();
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Startup_RegistersDailyRecurringJobInLjubljanaTime(DatabaseProvider provider)
    {
        var app = await TestApp.For(provider);

        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = connection.GetRecurringJobs().Should().ContainSingle(j => j.Id == ExpiryJob.RecurringJobId).Subject;

        job.Cron.Should().Be(Cron.Daily(3));
        job.TimeZoneId.Should().Be("Europe/Ljubljana");
        job.Job.Type.Should().Be<ExpiryJob>();
        job.Job.Method.Name.Should().Be(nameof(ExpiryJob.RunAsync));
    }

    [Fact]
    public async Task Startup_ConfiguredHourAndOffsets_AreUsed()
    {
        await using var expiry = await ExpiryApp.StartAsync(DatabaseProvider.Sqlite, new()
        {
            ["Expiry:DailyHour"] = "6",
            ["Expiry:ReminderDays:0"] = "30",
            ["Jobs:TimeZone"] = "Europe/London",
        });
        var issuing = await Issuing.CreateAsync(expiry.App);
        var email = $"custom-{Guid.NewGuid():N}@example.org";
        var expiresAt = (await issuing.AwardAsync(Issuing.LeaderBadge, email)).GetProperty("expiresAt").GetDateTime();

        using (var connection = expiry.App.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            var job = connection.GetRecurringJobs().Single(j => j.Id == ExpiryJob.RecurringJobId);
            job.Cron.Should().Be(Cron.Daily(6));
            job.TimeZoneId.Should().Be("Europe/London");
        }
        expiry.Clock.Now = expiresAt.AddDays(-50);
        (await expiry.RunProcessorAsync()).RemindersSent.Should().Be(0, "60 days is no longer an offset");
        expiry.Clock.Now = expiresAt.AddDays(-29);
        (await expiry.RunProcessorAsync()).RemindersSent.Should().Be(1);
        expiry.Smtp.To(email).Should().ContainSingle();
    }

    [Fact]
    public async Task SetLanguage_English_NextReminderIsEnglish_BadValueIs400()
    {
        await using var expiry = await ExpiryApp.StartAsync(DatabaseProvider.Sqlite);
        var issuing = await Issuing.CreateAsync(expiry.App);
        var email = $"lang-{Guid.NewGuid():N}@example.org";
        var earner = expiry.App.ClientFor(await expiry.App.CreateAccountAsync(email: email));
        var expiresAt = (await issuing.AwardAsync(Issuing.LeaderBadge, email)).GetProperty("expiresAt").GetDateTime();

        var bad = await earner.PutAsJsonAsync("/api/backpack/language", new { language = "de" });
        var set = await earner.PutAsJsonAsync("/api/backpack/language", new { language = "en" });
        expiry.Clock.Now = expiresAt.AddDays(-20);
        await expiry.RunProcessorAsync();

        (await bad.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("language").Should().NotBeEmpty();
        set.StatusCode.Should().Be(HttpStatusCode.OK);
        var reminder = expiry.Smtp.To(email).Should().ContainSingle().Subject.Message;
        reminder.Body!.Headers[HeaderId.ContentLanguage].Should().Be("en");
        reminder.Subject.Should().StartWith("Your badge");
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Processor_SeveralOrganisations_EachReminderNamesItsOwnOrganisationInTheEarnersLanguage(DatabaseProvider provider)
    {
        await using var expiry = await ExpiryApp.StartAsync(provider);
        var organisations = new List<Issuing>();
        for (var i = 0; i < 3; i++)
        {
            organisations.Add(await Issuing.CreateAsync(expiry.App));
        }
        var english = $"multi-en-{Guid.NewGuid():N}@example.org";
        var account = await expiry.App.CreateAccountAsync(email: english);
        await expiry.App.WithDbAsync(async db =>
        {
            (await db.Accounts.SingleAsync(a => a.Id == account.Id)).PreferredLanguage = "en";
            return await db.SaveChangesAsync();
        });
        var slovenianAccount = $"multi-sl-{Guid.NewGuid():N}@example.org";
        await expiry.App.CreateAccountAsync(email: slovenianAccount);
        var noAccount = $"multi-none-{Guid.NewGuid():N}@example.org";
        // The English earner holds a badge from every organisation; the others from the first and the last.
        DateTime expiresAt = default;
        foreach (var issuing in organisations)
        {
            expiresAt = (await issuing.AwardAsync(Issuing.LeaderBadge, english)).GetProperty("expiresAt").GetDateTime();
        }
        await organisations[0].AwardAsync(Issuing.LeaderBadge, slovenianAccount);
        await organisations[2].AwardAsync(Issuing.LeaderBadge, noAccount);

        expiry.Clock.Now = expiresAt.AddDays(-10);
        var result = await expiry.RunProcessorAsync();

        result.RemindersSent.Should().Be(5);
        var toEnglish = expiry.Smtp.To(english).Select(m => m.Message).ToList();
        toEnglish.Should().HaveCount(3).And.OnlyContain(m => m.Body!.Headers[HeaderId.ContentLanguage] == "en");
        foreach (var issuing in organisations)
        {
            toEnglish.Should().ContainSingle(m => (m.TextBody ?? "").Contains(issuing.Organisation.Name.En, StringComparison.Ordinal));
        }
        var toSlovenian = expiry.Smtp.To(slovenianAccount).Should().ContainSingle().Subject.Message;
        toSlovenian.Body!.Headers[HeaderId.ContentLanguage].Should().Be("sl");
        toSlovenian.TextBody.Should().Contain(organisations[0].Organisation.Name.Sl);
        var toNoAccount = expiry.Smtp.To(noAccount).Should().ContainSingle().Subject.Message;
        toNoAccount.Body!.Headers[HeaderId.ContentLanguage].Should().Be("sl", "an earner without an account reads Slovenian");
        toNoAccount.TextBody.Should().Contain(organisations[2].Organisation.Name.Sl);
        expiry.Smtp.To(organisations[0].Organisation.Email).Should().HaveCount(2);
        expiry.Smtp.To(organisations[1].Organisation.Email).Should().ContainSingle()
            .Which.Message.TextBody.Should().Contain(english).And.NotContain(slovenianAccount).And.NotContain(noAccount);
        expiry.Smtp.To(organisations[2].Organisation.Email).Should().HaveCount(2);
        var rows = await expiry.App.WithDbAsync(db => db.ExpiryReminders.AsNoTracking().ToListAsync());
        rows.Should().HaveCount(5).And.OnlyContain(r => r.OffsetDays == 14 && r.SentAt != null);
        rows.Count(r => r.Language == "en").Should().Be(3);
    }

    private static void ShouldBeTextAndHtml(MimeMessage message)
    {
        var body = message.Body.Should().BeOfType<MultipartAlternative>().Subject;
        body.OfType<TextPart>().Select(p => p.ContentType.MimeType).Should().Equal("text/plain", "text/html");
    }
}
