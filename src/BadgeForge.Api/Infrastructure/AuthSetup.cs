using BadgeForge.Api.Features.Auth;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace BadgeForge.Api.Infrastructure;

/// Policy names. Organisation policies read the organisation from the route value "orgId".
public static class Policies
{
    /// Signed in, even with a generated password still to change (change password, logout, who am I).
    public const string SignedIn = "SignedIn";

    /// The default for every protected endpoint: signed in and the password is the person's own.
    public const string Active = "Active";

    public const string PlatformAdmin = "PlatformAdmin";
    public const string OrganisationAdmin = "OrganisationAdmin";
    public const string OrganisationMember = "OrganisationMember";

    /// Organisation admins and trainers: those who award and revoke the organisation's badges.
    public const string OrganisationIssuer = "OrganisationIssuer";

    /// Organisation admins and school staff (class teachers, the OIV coordinator): a school's catalogue and decisions.
    public const string SchoolStaff = "SchoolStaff";
}

public static class AuthSetup
{
    public static void AddAuth(this WebApplicationBuilder builder, PublicUrls urls)
    {
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<AccessTokenKeys>();
        builder.Services.AddScoped<TokenService>();

        var external = builder.Configuration.GetSection($"{AuthOptions.Section}:External").Get<ExternalAuthorityOptions>() ?? new();
        var authentication = builder.Services.AddAuthentication(SelectorScheme)
            .AddJwtBearer()
            .AddPolicyScheme(SelectorScheme, "BadgeForge or external tokens", o => o.ForwardDefaultSelector = http =>
                external.Authority is not null && IssuedBy(http, external.Authority) ? ExternalScheme : JwtBearerDefaults.AuthenticationScheme);
        if (!string.IsNullOrWhiteSpace(external.Authority))
        {
            if (string.IsNullOrWhiteSpace(external.Audience))
            {
                throw new StartupException("Auth__External__Authority is set but Auth__External__Audience is not: set the audience your provider issues for BadgeForge.");
            }
            authentication.AddJwtBearer(ExternalScheme, jwt =>
            {
                jwt.Authority = external.Authority;
                jwt.Audience = external.Audience;
                jwt.RequireHttpsMetadata = external.RequireHttpsMetadata;
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters.ValidateIssuer = true;
                jwt.TokenValidationParameters.ValidateAudience = true;
                jwt.TokenValidationParameters.ValidateLifetime = true;
                jwt.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);
                jwt.Events = new JwtBearerEvents { OnTokenValidated = context => MapExternalAccountAsync(context, external), OnChallenge = WriteChallengeAsync };
            });
        }
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, AccessTokenKeys>((jwt, auth, keys) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = urls.BaseUrl,
                    ValidAudience = auth.Value.Audience,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    IssuerSigningKeyResolver = (_, _, _, _) => [keys.Current],
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    ValidateIssuerSigningKey = true,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = BadgeForgeClaims.Name,
                };
                jwt.Events = new JwtBearerEvents { OnChallenge = WriteChallengeAsync };
            });

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.SignedIn, p => p.RequireAuthenticatedUser())
            .AddPolicy(Policies.Active, p => p.RequireAuthenticatedUser().AddRequirements(new PasswordChangedRequirement()))
            .AddPolicy(Policies.PlatformAdmin, p => p.RequireAuthenticatedUser()
                .AddRequirements(new PasswordChangedRequirement(), new OrganisationRoleRequirement([], PlatformOnly: true)))
            .AddPolicy(Policies.OrganisationAdmin, p => p.RequireAuthenticatedUser()
                .AddRequirements(new PasswordChangedRequirement(), new OrganisationRoleRequirement([OrganisationRole.OrganisationAdmin])))
            .AddPolicy(Policies.OrganisationIssuer, p => p.RequireAuthenticatedUser()
                .AddRequirements(new PasswordChangedRequirement(), new OrganisationRoleRequirement([OrganisationRole.OrganisationAdmin, OrganisationRole.Trainer])))
            .AddPolicy(Policies.SchoolStaff, p => p.RequireAuthenticatedUser()
                .AddRequirements(new PasswordChangedRequirement(), new OrganisationRoleRequirement([OrganisationRole.OrganisationAdmin, OrganisationRole.SchoolStaff])))
            .AddPolicy(Policies.OrganisationMember, p => p.RequireAuthenticatedUser()
                .AddRequirements(new PasswordChangedRequirement(), new OrganisationRoleRequirement(Enum.GetValues<OrganisationRole>())))
            .SetDefaultPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser()
                .AddRequirements(new PasswordChangedRequirement()).Build());

        builder.Services.AddScoped<IAuthorizationHandler, PasswordChangedHandler>();
        builder.Services.AddScoped<IAuthorizationHandler, OrganisationRoleHandler>();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
    }

    private const string SelectorScheme = "BadgeForge";
    private static readonly object UnknownOrganisationKey = new();

    /// <summary>
    /// Organisation endpoints may assume their organisation exists: members hold a role only in existing ones, and for
    /// platform admins (who pass without a role) the authorization query has already checked, in the same round trip.
    /// </summary>
    public static void UseUnknownOrganisationNotFound(this WebApplication app) => app.Use(async (http, next) =>
    {
        if (http.Items.TryGetValue(UnknownOrganisationKey, out var orgId))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = { Status = StatusCodes.Status404NotFound, Title = "Not Found", Detail = $"There is no organisation {orgId}." },
            });
            return;
        }
        await next(http);
    });
    private const string ExternalScheme = "External";

    /// Reads the token's issuer without trusting it: only to pick the scheme that will validate it properly.
    private static bool IssuedBy(HttpContext http, string authority)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler();
        var token = header["Bearer ".Length..].Trim();
        try
        {
            return handler.CanReadToken(token)
                   && string.Equals(handler.ReadJsonWebToken(token).Issuer.TrimEnd('/'), authority.TrimEnd('/'), StringComparison.Ordinal);
        }
        catch (ArgumentException)
        {
            // Well-formed on the outside, garbage inside: our own scheme refuses it with a precise 401.
            return false;
        }
    }

    /// Replaces the provider's identity with the BadgeForge account of the same (verified) email.
    private static async Task MapExternalAccountAsync(TokenValidatedContext context, ExternalAuthorityOptions external)
    {
        var email = context.Principal?.FindFirst(external.EmailClaim)?.Value;
        if (context.Principal?.FindFirst("email_verified")?.Value is "false")
        {
            context.Fail("The identity provider has not verified this email address.");
            return;
        }
        if (string.IsNullOrWhiteSpace(email))
        {
            context.Fail($"The external token has no '{external.EmailClaim}' claim.");
            return;
        }
        var normalised = EmailAddress.Normalise(email);
        var db = context.HttpContext.RequestServices.GetRequiredService<BadgeForgeDbContext>();
        var account = await db.Accounts.AsNoTracking().Where(a => a.Email == normalised)
            .Select(a => new { a.Id, a.DisplayName }).SingleOrDefaultAsync(context.HttpContext.RequestAborted);
        if (account is null)
        {
            context.Fail($"No BadgeForge account has the email {normalised}: an organisation admin must add you first.");
            return;
        }
        context.Principal = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
        [
            new(BadgeForgeClaims.Subject, account.Id.ToString()),
            new(BadgeForgeClaims.Email, normalised),
            new(BadgeForgeClaims.Name, account.DisplayName),
        ], ExternalScheme, BadgeForgeClaims.Name, null));
    }

    /// A 401 that says exactly what is wrong with the token, in the WWW-Authenticate header (RFC 6750) and the body.
    private static async Task WriteChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var (error, detail) = context.AuthenticateFailure switch
        {
            null => (null, "Sign in first: send 'Authorization: Bearer <access token>' from POST /api/auth/token."),
            SecurityTokenExpiredException expired =>
                ("invalid_token", $"The access token expired at {expired.Expires:yyyy-MM-ddTHH:mm:ssZ}; get a new one from POST /api/auth/refresh."),
            SecurityTokenNotYetValidException => ("invalid_token", "The access token is not valid yet."),
            SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException =>
                ("invalid_token", "The access token's signature does not verify: it was not issued by this service or was altered."),
            SecurityTokenInvalidIssuerException => ("invalid_token", "The access token was issued by someone else (wrong issuer)."),
            SecurityTokenInvalidAudienceException => ("invalid_token", "The access token is meant for another service (wrong audience)."),
            SecurityTokenInvalidAlgorithmException => ("invalid_token", "The access token uses an algorithm this service does not accept."),
            // Our own refusals of an otherwise valid external token (no such account, unverified email).
            Microsoft.AspNetCore.Authentication.AuthenticationFailureException refused => ("invalid_token", refused.Message),
            _ => ("invalid_token", "The access token is malformed or not a token of this service."),
        };
        var http = context.HttpContext;
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.Headers.WWWAuthenticate = error is null
            ? "Bearer"
            : $"Bearer error=\"{error}\", error_description=\"{detail.Replace("\"", "'", StringComparison.Ordinal)}\"";
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = StatusCodes.Status401Unauthorized, Title = "Unauthorized", Detail = detail },
        });
    }

    private sealed record PasswordChangedRequirement : IAuthorizationRequirement;

    private sealed class PasswordChangedHandler : AuthorizationHandler<PasswordChangedRequirement>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PasswordChangedRequirement requirement)
        {
            if (context.User.HasClaim(BadgeForgeClaims.PasswordChangeRequired, "true"))
            {
                context.Fail(new AuthorizationFailureReason(this,
                    "This account still has a generated password: change it with POST /api/auth/password, then use the new token."));
            }
            else
            {
                context.Succeed(requirement);
            }
            return Task.CompletedTask;
        }
    }

    /// <param name="Roles">Roles that grant access within the route's organisation.</param>
    /// <param name="PlatformOnly">Only platform admins pass.</param>
    private sealed record OrganisationRoleRequirement(OrganisationRole[] Roles, bool PlatformOnly = false) : IAuthorizationRequirement;

    /// <summary>
    /// Grants a requirement when the account is a platform admin, or holds one of the roles in the organisation
    /// named by the route. Roles are read from the database on each request, so a removed role stops working at once
    /// rather than when the token expires.
    /// </summary>
    private sealed class OrganisationRoleHandler(BadgeForgeDbContext db) : AuthorizationHandler<OrganisationRoleRequirement>
    {
        private sealed record Access(bool IsPlatformAdmin, bool HasRole, bool OrganisationExists);

        private delegate Task<Access?> AccessQuery(BadgeForgeDbContext db, Guid accountId, Guid? orgId, OrganisationRole[] roles, CancellationToken ct);

        // This query runs before every organisation request; compiled, it skips EF's per-call work of walking the
        // expression tree for parameters, which was a tenth of an award's CPU. A compiled query is bound to one EF
        // model, so there is one per model (SQLite and PostgreSQL can both live in one process, as in the tests).
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<Microsoft.EntityFrameworkCore.Metadata.IModel, AccessQuery> ReadAccess = new();

        private static AccessQuery CompileReadAccess()
        {
            // One round trip answers both questions: platform admin, or one of the roles in the route's organisation.
            var query = EF.CompileAsyncQuery((BadgeForgeDbContext db, Guid accountId, Guid? orgId, OrganisationRole[] roles, CancellationToken ct) =>
                db.Accounts.AsNoTracking().Where(a => a.Id == accountId)
                    .Select(a => new Access(
                        a.IsPlatformAdmin,
                        orgId != null && a.Memberships.Any(m => m.OrganisationId == orgId && roles.Contains(m.Role)),
                        orgId != null && db.Organisations.Any(o => o.Id == orgId)))
                    .SingleOrDefault());
            return (db, accountId, orgId, roles, ct) => query(db, accountId, orgId, roles, ct);
        }

        protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OrganisationRoleRequirement requirement)
        {
            var accountId = context.User.AccountId();
            if (accountId is null)
            {
                return;
            }
            var http = context.Resource as HttpContext;
            var ct = http?.RequestAborted ?? CancellationToken.None;
            Guid? orgId = http?.GetRouteValue("orgId") is string raw && Guid.TryParse(raw, out var parsed) ? parsed : null;
            var access = await ReadAccess.GetOrAdd(db.Model, _ => CompileReadAccess())(db, accountId.Value, orgId, requirement.Roles, ct);
            if (access is null)
            {
                context.Fail(new AuthorizationFailureReason(this, "The account of this token no longer exists."));
                return;
            }
            if (access.IsPlatformAdmin)
            {
                if (orgId is not null && !access.OrganisationExists && http is not null)
                {
                    // Allowed, but there is nothing there: UseUnknownOrganisationNotFound answers 404 before the endpoint runs.
                    http.Items[UnknownOrganisationKey] = orgId;
                }
                context.Succeed(requirement);
                return;
            }
            if (requirement.PlatformOnly)
            {
                context.Fail(new AuthorizationFailureReason(this, "Only platform administrators may do this."));
                return;
            }
            if (orgId is null)
            {
                context.Fail(new AuthorizationFailureReason(this, "This endpoint needs an organisation in its route."));
                return;
            }
            if (access.HasRole)
            {
                context.Succeed(requirement);
                return;
            }
            context.Fail(new AuthorizationFailureReason(this,
                $"You need the role {string.Join(" or ", requirement.Roles)} in organisation {orgId} for this."));
        }
    }

    /// Forbidden answers carry the reason, so the caller knows which role or step is missing.
    private sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
    {
        private readonly AuthorizationMiddlewareResultHandler _default = new();

        public async Task HandleAsync(RequestDelegate next, HttpContext http, AuthorizationPolicy policy, PolicyAuthorizationResult result)
        {
            if (!result.Forbidden)
            {
                await _default.HandleAsync(next, http, policy, result);
                return;
            }
            var reasons = result.AuthorizationFailure?.FailureReasons.Select(r => r.Message).Distinct().ToList() ?? [];
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails =
                {
                    Status = StatusCodes.Status403Forbidden,
                    Title = "Forbidden",
                    Detail = reasons.Count > 0 ? string.Join(" ", reasons) : "You are not allowed to do this.",
                },
            });
        }
    }
}
