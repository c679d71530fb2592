#!/usr/bin/env bash
# Regenerates the phone-size screenshots of every public page state into docs/screenshots/ (needs Debian's chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
BADGEFORGE_SCREENSHOTS="$PWD/docs/screenshots" dotnet test tests/BadgeForge.Api.Tests --filter "FullyQualifiedName~BrowserPagesTests.Screenshots_OfEachState_AreWritten"
