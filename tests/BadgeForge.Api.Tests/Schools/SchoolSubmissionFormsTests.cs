using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;

namespace BadgeForge.Api.Tests.Schools;

/// Badges submitted by URL (as from a QR code), JWS and baked image go through the verifier, fetching over real HTTP.
public sealed class SchoolSubmissionFormsTests
{
    private static readonly Dictionary<string, string?> AllowLoopback = new() { ["Verification:AllowedHosts:0"] = "127.0.0.1" };

    [Fact]
    public async Task Submit_UrlJwsAndImage_AreVerifiedAndOneBadgeHasOneKeyWhateverItsForm()
    {
        await using var app = await TestApp.StartKestrelAsync(DatabaseProvider.Sqlite, AllowLoopback);
        var setup = await SchoolSetup.CreateAsync(app);
        await setup.CreateCourseAsync();
        var (_, students) = await setup.CreateClassAsync(students: 2);
        var (ana, bor) = (students[0].Account, students[1].Account);
        var anas = await setup.AwardDocumentAsync(ana);
        var links = anas.GetProperty("links");
        var http = SchoolSetup.KestrelClient(app, null);
        var jws = await http.GetStringAsync(links.GetProperty("jws").GetString());

        var byUrl = await setup.SubmitOkAsync(ana, new { url = anas.GetProperty("url").GetString() });
        var byJws = await setup.SubmitAsync(ana, new { jws });
        var fromBackpack = await setup.SubmitAsync(ana, new { awardId = anas.GetProperty("id").GetString() });

        byUrl.GetProperty("status").GetString().Should().Be("Pending");
        byUrl.GetProperty("source").GetString().Should().Be("Url");
        byUrl.GetProperty("verification").GetString().Should().Be("valid");
        byUrl.GetProperty("proposedHours").GetDecimal().Should().Be(13.33m);
        (await byJws.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("firstSubmissionId").GetGuid().Should().Be(byUrl.GetProperty("id").GetGuid());
        (await fromBackpack.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("firstSubmissionId").GetGuid().Should().Be(byUrl.GetProperty("id").GetGuid());

        // Bor submits Ana's badge: verified, but issued to someone else.
        var stolen = await setup.SubmitOkAsync(bor, new { url = anas.GetProperty("url").GetString() });
        stolen.GetProperty("status").GetString().Should().Be("Rejected");
        stolen.GetProperty("comment").GetString().Should().Contain("issued to someone else");

        var bors = await setup.AwardDocumentAsync(bor);
        var png = await http.GetByteArrayAsync(bors.GetProperty("links").GetProperty("signedPng").GetString());
        using var form = new MultipartFormDataContent { { new ByteArrayContent(png), "file", "badge.png" } };
        var byImage = await setup.ClientOf(bor).PostAsync($"{setup.StudentApi}/image", form);
        byImage.StatusCode.Should().Be(HttpStatusCode.Created, await byImage.Content.ReadAsStringAsync());
        var image = await byImage.Content.ReadFromJsonAsync<JsonElement>();
        image.GetProperty("source").GetString().Should().Be("Image");
        image.GetProperty("status").GetString().Should().Be("Pending");

        var garbage = await setup.SubmitOkAsync(bor, new { jws = "a.b.c" });
        garbage.GetProperty("status").GetString().Should().Be("Rejected");
        garbage.GetProperty("comment").GetString().Should().StartWith("The badge could not be verified");
    }
}
