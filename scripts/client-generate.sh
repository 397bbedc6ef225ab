#!/usr/bin/env bash
# Generates the TypeScript client's types from the committed openapi.json. With an argument, writes
# there instead of clients/typescript/schema.ts (the staleness test compares the two).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-clients/typescript/schema.ts}"
npx --no-install openapi-typescript openapi.json --output "$out" --alphabetize --empty-objects-unknown >/dev/null
