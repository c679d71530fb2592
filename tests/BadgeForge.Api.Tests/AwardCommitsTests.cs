using BadgeForge.Api.Features.Assertions;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BadgeForge.Api.Tests;

/// The group commit behind POST .../assertions: what is stored together, and what fails alone.
public sealed class AwardCommitsTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AFaultyAwardAmongConcurrentOnes_FailsAlone_AndTheOthersAreStored(DatabaseProvider provider)
    {
        var (issuing, first, template) = await OneAwardAsync(provider);
        var commits = issuing.App.Services.GetRequiredService<AwardCommits>();
        var fresh = Enumerable.Range(0, 20).Select(_ => Copy(template, Guid.NewGuid().ToString("N"))).ToList();

        // Handed over without awaiting, as concurrent requests do: the writer takes them in groups.
        var stores = fresh.Take(10).Append(Copy(template, first)).Concat(fresh.Skip(10)).Select(commits.StoreAsync).ToList();
        var outcome = await Task.WhenAll(stores).ContinueWith(t => t.Exception);

        outcome.Should().NotBeNull();
        stores.Where(s => s.IsFaulted).Should().ContainSingle().Which.Should().BeSameAs(stores[10], "only the award with a taken id fails");
        var stored = await issuing.App.WithDbAsync(db => db.Awards.Where(a => a.OrganisationId == issuing.Organisation.Id).Select(a => a.Id).ToListAsync());
        stored.Should().BeEquivalentTo(fresh.Select(a => a.Id).Append(first));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AStoredAward_IsCommittedWhenTheStoreCompletes(DatabaseProvider provider)
    {
        var (issuing, _, template) = await OneAwardAsync(provider);
        var award = Copy(template, Guid.NewGuid().ToString("N"));

        await issuing.App.Services.GetRequiredService<AwardCommits>().StoreAsync(award);

        // Read on another connection: the award is visible to everyone, not only inside an open transaction.
        (await issuing.App.WithDbAsync(db => db.Awards.AnyAsync(a => a.Id == award.Id))).Should().BeTrue();
    }

    /// An organisation with one award issued through the API; the award as stored, to copy.
    private static async Task<(Issuing Issuing, string FirstId, Award Template)> OneAwardAsync(DatabaseProvider provider)
    {
        var issuing = await Issuing.CreateAsync(await TestApp.For(provider));
        var first = (await issuing.AwardAsync()).GetProperty("id").GetString()!;
        return (issuing, first, await issuing.App.WithDbAsync(db => db.Awards.AsNoTracking().SingleAsync(a => a.Id == first)));
    }

    /// The template's award under another id (and signed uuid, which is unique too).
    private static Award Copy(Award template, string id)
    {
        var copy = (Award)template.GetType().GetMethod("MemberwiseClone", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!
            .Invoke(template, null)!;
        copy.Id = id;
        copy.SignedUuid = id == template.Id ? template.SignedUuid : Guid.NewGuid();
        return copy;
    }
}
