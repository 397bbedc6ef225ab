#!/usr/bin/env bash
# Lints the committed OpenAPI document (kept equal to the code by test/e2e/foundation/openapi).
set -euo pipefail
cd "$(dirname "$0")/.."
REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true npx --no-install redocly lint openapi.json --format stylish 2>&1 \
  | grep -v -e '║' -e '╔' -e '╚'
exit "${PIPESTATUS[0]}"
