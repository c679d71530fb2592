using System.Net;
using System.Text.Json;
using BadgeForge.Api.Features.Demo;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Core.Baking;
using BadgeForge.Data;

namespace BadgeForge.Api.Tests;

public sealed class DemoTests
{
    [Fact]
    public async Task Demo_SeedsRealBadgesWhoseUrlsWork()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>());
        var output = new StringWriter();

        (await DemoCommand.RunAsync(app.Services, output, CancellationToken.None)).Should().Be(0);
        var again = new StringWriter();
        await DemoCommand.RunAsync(app.Services, again, CancellationToken.None);

        var demo = JsonDocument.Parse(output.ToString()).RootElement;
        demo.GetProperty("trainer").GetProperty("oneTimePassword").GetString().Should().HaveLength(20);
        JsonDocument.Parse(again.ToString()).RootElement.GetProperty("trainer").GetProperty("oneTimePassword").ValueKind
            .Should().Be(JsonValueKind.Null, "the second run reuses the trainer");
        var assertion = demo.GetProperty("assertion");
        var (status, _, hosted) = await AssertionsTests.FetchJsonAsync(app, assertion.GetProperty("url").GetString()!);
        status.Should().Be(HttpStatusCode.OK);
        var png = await (await AssertionsTests.Get(app, assertion.GetProperty("bakedPng").GetString()!, "image/png")).Content.ReadAsByteArrayAsync();
        PngBaking.Unbake(png).Should().Be(hosted.GetRawText());
        (await AssertionsTests.Get(app, assertion.GetProperty("jws").GetString()!, "*/*")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await AssertionsTests.Get(app, assertion.GetProperty("qrPng").GetString()!, "image/png")).StatusCode.Should().Be(HttpStatusCode.OK);
        demo.GetProperty("awards").GetArrayLength().Should().Be(3);
    }
}
