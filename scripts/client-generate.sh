#!/usr/bin/env bash
# Generates the TypeScript client's types from the committed openapi.json. With an argument, writes
# there instead of clients/typescript/schema.ts (the staleness test compares the two). Defaults do
# not make a field required: a body may leave out what the server defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-clients/typescript/schema.ts}"
npx --no-install openapi-typescript openapi.json --output "$out" --alphabetize --empty-objects-unknown --default-non-nullable false >/dev/null
