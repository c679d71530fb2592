#!/usr/bin/env bash
# Adds the same-named EF Core migration to both providers (SQLite and PostgreSQL), so that the two
# migration sets never drift apart. Usage: scripts/add-migration.sh <MigrationName>
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh <MigrationName>}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for p in Sqlite Postgres; do dotnet restore src/BadgeForge.Data.$p -v q >/dev/null; done
for provider in Sqlite Postgres; do
  project=src/BadgeForge.Data.$provider
  echo "== $provider"
  dotnet ef migrations add "$name" --project "$project" --startup-project "$project" --output-dir Migrations
done
