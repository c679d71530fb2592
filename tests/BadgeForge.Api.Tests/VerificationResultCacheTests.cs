using BadgeForge.Api.Features.Verification;
using BadgeForge.Api.Tests.Expiry;
using BadgeForge.Core.Verification;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace BadgeForge.Api.Tests;

/// <summary>
/// The verify API's short-lived memory of reports (<see cref="VerificationResultCache"/>): what is kept, under which key,
/// and when a kept report must no longer be used. The end-to-end side (a revocation on this instance shows at once)
/// is proven through HTTP by <see cref="OwnOriginFetchTests"/>.
/// </summary>
public sealed class VerificationResultCacheTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static (VerificationResultCache Cache, MovableClock Clock) Create(int seconds = 5)
    {
        var clock = new MovableClock(Start);
        var memory = new MemoryCache(new MemoryCacheOptions { SizeLimit = 1024 * 1024 });
        return (new VerificationResultCache(memory, Options.Create(new VerificationOptions { ResultCacheSeconds = seconds }),
            Options.Create(new Microsoft.AspNetCore.Http.Json.JsonOptions()), clock), clock);
    }

    private static VerificationReport Report(DateTimeOffset? expires = null, DateTimeOffset? issuedOn = null) => new()
    {
        Status = VerificationStatus.Valid,
        Checks = [new VerificationCheck("signature", true, "The RS256 signature verifies.", null)],
        Expires = expires,
        IssuedOn = issuedOn ?? Start.AddDays(-1),
    };

    [Fact]
    public void TryGet_SameInputWithinTheTime_GivesTheKeptReport_AfterwardsNothing()
    {
        var (cache, clock) = Create(seconds: 3);
        var key = cache.KeyOf(new VerificationInput.Jws("a.b.c"), null)!;
        var report = Report();
        var json = cache.Set(key, report, clock.Now, DateTimeOffset.MaxValue);

        cache.TryGet(cache.KeyOf(new VerificationInput.Jws("a.b.c"), null)!, out var keptJson).Should().BeTrue();
        keptJson.Should().Equal(json);
        System.Text.Json.JsonDocument.Parse(keptJson).RootElement.GetProperty("status").GetString().Should().Be("valid");
        clock.Now = Start.AddSeconds(3);
        cache.TryGet(key, out _).Should().BeFalse("a report is kept for ResultCacheSeconds at most");
    }

    [Fact]
    public void TryGet_BadgeExpiresSooner_ReportIsNotUsedPastTheExpiry()
    {
        var (cache, clock) = Create();
        var key = cache.KeyOf(new VerificationInput.Jws("a.b.c"), null)!;
        cache.Set(key, Report(expires: Start.AddSeconds(2)), clock.Now, DateTimeOffset.MaxValue);

        clock.Now = Start.AddSeconds(1);
        cache.TryGet(key, out _).Should().BeTrue();
        clock.Now = Start.AddSeconds(2);
        cache.TryGet(key, out _).Should().BeFalse("at its expiry the badge is no longer valid: the checks must run again");
    }

    [Fact]
    public void TryGet_DocumentsBehindTheReportGetTooOld_ReportIsNotUsedPastThat()
    {
        var (cache, clock) = Create();
        var key = cache.KeyOf(new VerificationInput.Jws("a.b.c"), null)!;
        // The revocation list behind it was read 4 s ago: a revocation made since must show within 5 s of being made.
        cache.Set(key, Report(), clock.Now, keepUntil: Start.AddSeconds(1));

        cache.TryGet(key, out _).Should().BeTrue();
        clock.Now = Start.AddSeconds(1);
        cache.TryGet(key, out _).Should().BeFalse();
    }

    [Fact]
    public void Set_DocumentsAlreadyTooOldWhenTheChecksEnd_ReportIsNotKept()
    {
        var (cache, clock) = Create();
        var key = cache.KeyOf(new VerificationInput.Jws("a.b.c"), null)!;
        // Checks that started 2 s ago, on a revocation list that stopped being fresh 1 s ago.
        var json = cache.Set(key, Report(), Start.AddSeconds(-2), keepUntil: Start.AddSeconds(-1));

        json.Should().NotBeEmpty("the report is still written for this answer");
        cache.TryGet(key, out _).Should().BeFalse();
    }

    [Fact]
    public void TryGet_IssuedInTheFuture_ReportIsNotUsedOnceTheIssueDateIsReached()
    {
        var (cache, clock) = Create();
        var key = cache.KeyOf(new VerificationInput.Jws("a.b.c"), null)!;
        cache.Set(key, Report(issuedOn: Start.AddSeconds(1)), clock.Now, DateTimeOffset.MaxValue);

        clock.Now = Start.AddSeconds(1);
        cache.TryGet(key, out _).Should().BeFalse();
    }

    [Fact]
    public void KeyOf_DiffersByTextAndRecipient_AndByEveryChangeOfOurDocuments()
    {
        var (cache, _) = Create();
        var jws = cache.KeyOf(new VerificationInput.Jws("a.b.c"), null);
        cache.KeyOf(new VerificationInput.Jws("a.b.d"), null).Should().NotBe(jws);
        cache.KeyOf(new VerificationInput.Jws("a.b.c"), "ana@example.org").Should().NotBe(jws);
        cache.KeyOf(new VerificationInput.Jws("a.b.c"), " ana@example.org ").Should().Be(cache.KeyOf(new VerificationInput.Jws("a.b.c"), "ana@example.org"));
        // Case is kept: another issuer may have hashed the address as written, so "Ana@…" can get another answer.
        cache.KeyOf(new VerificationInput.Jws("a.b.c"), "Ana@Example.org").Should().NotBe(cache.KeyOf(new VerificationInput.Jws("a.b.c"), "ana@example.org"));

        OwnDocumentCache.Changed();
        cache.KeyOf(new VerificationInput.Jws("a.b.c"), null).Should().NotBe(jws, "a revocation, supersession or new key on this instance drops every kept report");
    }

    [Fact]
    public void KeyOf_HostedBadgesImagesAndTurnedOff_AreNeverKept()
    {
        var (cache, _) = Create();
        // A hosted badge's report rests on the hosted assertion, which may already be 5 s old: it can never be kept.
        cache.KeyOf(new VerificationInput.Url(new Uri("https://badges.test/assertions/x")), null).Should().BeNull();
        cache.KeyOf(new VerificationInput.Json("{}"), null).Should().BeNull();
        cache.KeyOf(new VerificationInput.Image(new byte[] { 0x89, 0x50, 0x4E, 0x47 }), null).Should().BeNull();
        var (off, _) = Create(seconds: 0);
        off.KeyOf(new VerificationInput.Jws("a.b.c"), null).Should().BeNull();
    }
}
