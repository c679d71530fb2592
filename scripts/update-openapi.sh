#!/usr/bin/env bash
# Regenerates openapi/badgeforge.json from the code (through the running app, as /openapi/v1.json serves it).
# ContractTests fails whenever the committed file and the code disagree.
set -euo pipefail
cd "$(dirname "$0")/.."
BADGEFORGE_UPDATE_OPENAPI=1 dotnet test tests/BadgeForge.Api.Tests --filter "FullyQualifiedName~ContractTests.OpenApi_CommittedDocument_MatchesGenerated"
