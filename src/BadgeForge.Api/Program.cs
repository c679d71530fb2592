using System.Text.Json.Serialization;
using BadgeForge.Api.Features.Accounts;
using BadgeForge.Api.Features.Assertions;
using BadgeForge.Api.Features.Auth;
using BadgeForge.Api.Features.Backpack;
using BadgeForge.Api.Features.Badges;
using BadgeForge.Api.Features.BulkIssuance;
using BadgeForge.Api.Features.CompetencyModels;
using BadgeForge.Api.Features.Demo;
using BadgeForge.Api.Features.Expiry;
using BadgeForge.Api.Features.Issuers;
using BadgeForge.Api.Features.Organisations;
using BadgeForge.Api.Features.Schools;
using BadgeForge.Api.Features.Trainings;
using BadgeForge.Api.Features.Verification;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Api.Infrastructure.Email;
using Microsoft.Extensions.Options;

try
{
    var builder = WebApplication.CreateBuilder(args);
    if (args is [LintModelsCommand.Name, ..])
    {
        return LintModelsCommand.Run(args, builder.Environment.ContentRootPath, builder.Configuration, Console.Out);
    }
    if (args.Length > 0)
    {
        // Commands print their result (JSON, a password) on stdout; keep log lines out of it.
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }
    var urls = PublicUrls.FromConfiguration(builder.Configuration);
    builder.Services.AddSingleton(urls);
    builder.Services.AddSingleton(TimeProvider.System);
    var database = builder.AddDatabase();
    builder.AddBadgeForgeDataProtection();
    builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
    builder.Services.AddValidation();
    builder.AddProblems();
    builder.AddAuth(urls);
    builder.AddBackpackSession();
    builder.AddOpenApiDocument();
    builder.AddHealth();
    builder.AddEmail();
    builder.AddJobs(database);
    builder.AddExpiry();
    builder.AddBulkIssuance();
    builder.Services.AddSingleton<BadgeUrls>();
    builder.Services.AddSingleton<IssuerKeyStore>();
    builder.Services.AddSingleton<OrganisationSlugs>();
    builder.Services.AddSingleton(ModelDirectory.FromConfiguration(builder.Configuration, builder.Environment.ContentRootPath));
    builder.Services.AddSingleton<ModelRegistry>();
    builder.Services.AddRazorComponents();
    builder.Services.AddMemoryCache(o => o.SizeLimit = 64 * 1024 * 1024);
    builder.Services.AddSingleton<BadgeClasses>();
    builder.Services.AddScoped<AwardIssuer>();
    builder.Services.AddSingleton<AwardCommits>();
    builder.Services.AddHostedService(services => services.GetRequiredService<AwardCommits>());
    builder.Services.AddSchools();
    builder.Services.AddOptions<VerificationOptions>().BindConfiguration(VerificationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
    builder.Services.AddSingleton<VerificationResultCache>();
    builder.Services.AddSingleton(new BadgeForge.Core.Verification.OpenBadgeVerifier());
    builder.Services.AddHttpClient<SafeDocumentFetcher>(SafeDocumentFetcher.HttpClientName)
        .ConfigurePrimaryHttpMessageHandler(s => SafeDocumentFetcher.CreateHandler(s.GetRequiredService<IOptions<VerificationOptions>>().Value));
    builder.Services.AddSingleton<LocalDocumentPipeline>().AddTransient<OwnOriginDocumentFetcher>();
    // Pages are UTF-8: keep č, š, ž as letters instead of numeric entities.
    builder.Services.AddSingleton(System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All));

    var app = builder.Build();
    app.UseProblems();
    app.UseAuthentication();
    app.UseAuthorization();
    app.UseUnknownOrganisationNotFound();

    app.MapOpenApiDocument();
    app.MapHealth();
    app.MapJobsDashboard();
    app.MapAuthEndpoints();
    app.MapAccountsEndpoints();
    app.MapOrganisationsEndpoints();
    app.MapMembersEndpoints();
    app.MapIssuersEndpoints();
    app.MapCompetencyModelsEndpoints();
    app.MapBadgeClassEndpoints();
    app.MapAwardsEndpoints();
    app.MapHostedAssertionEndpoints();
    app.MapVerifyEndpoints();
    app.MapTrainingsEndpoints();
    app.MapBulkIssuanceEndpoints();
    app.MapBackpackLoginEndpoints();
    app.MapBackpackEndpoints();
    app.MapSharedBadgeEndpoints();
    app.MapBackpackPages();
    app.MapExpiryEndpoints();
    app.MapSchoolsEndpoints();

    if (args is [DemoCommand.Name, ..])
    {
        ValidateConfiguration(app.Services);
        return await DemoCommand.RunAsync(app.Services, Console.Out, CancellationToken.None);
    }
    if (args is [CreateAdminCommand.Name, ..])
    {
        ValidateConfiguration(app.Services);
        return await CreateAdminCommand.RunAsync(app.Services, args, Console.Out, CancellationToken.None);
    }
    // Checked here, before the host starts, so that a failure is one line and not the host's stack trace.
    ValidateConfiguration(app.Services);
    app.WarnIfKeyRingUnprotected();
    await app.Services.GetRequiredService<DatabaseSetup.DatabaseInitializer>().EnsureInitializedAsync();
    await app.RunAsync();
    return 0;
}
catch (StartupException e)
{
    Console.Error.WriteLine($"BadgeForge cannot start: {e.Message}");
    return 1;
}
catch (OptionsValidationException e)
{
    Console.Error.WriteLine($"BadgeForge cannot start: invalid configuration: {string.Join(" ", e.Failures)}");
    return 1;
}

/// Options validated at start-up (ValidateOnStart). A value the binder cannot convert (an unknown enum name, text for
/// a number) surfaces as InvalidOperationException naming the setting: also a one-line configuration error.
static void ValidateConfiguration(IServiceProvider services)
{
    try
    {
        services.GetRequiredService<IStartupValidator>().Validate();
    }
    catch (InvalidOperationException e) when (e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
    {
        throw new StartupException($"invalid configuration: {e.Message}");
    }
}

/// Entry point, visible to WebApplicationFactory in the tests.
public partial class Program;
