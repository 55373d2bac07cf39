#!/usr/bin/env bash
# Sets up and runs Grants locally: installs Azurite (pinned in package.json) if needed, then starts the local
# runtime at http://127.0.0.1:7071/api. It starts Azurite itself, publishes the shipped programs (programs/*.json) and
# seeds demo people, funds, budgets and calls; ./start.sh --no-demo starts with the programs only, as a fresh deployment.
set -euo pipefail
cd "$(dirname "$0")"
[ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund
exec dotnet run --project local -- "$@"
