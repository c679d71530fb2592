# syntax=docker/dockerfile:1
# Build: docker build -t badgeforge .   Run: see compose.yaml (PostgreSQL) or README.md.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props BadgeForge.sln ./
COPY src/ src/
RUN dotnet publish src/BadgeForge.Api/BadgeForge.Api.csproj -c Release -o /app --no-self-contained

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
# curl for the health check only.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
COPY --from=build /app ./
COPY competency-models/ /app/competency-models/
RUN mkdir -p /app/data && chown -R app:app /app/data
# The non-root user that the .NET images ship with.
USER app
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    Logging__Console__FormatterName=json
EXPOSE 8080
VOLUME ["/app/data"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/health/ready || exit 1
ENTRYPOINT ["dotnet", "BadgeForge.Api.dll"]
