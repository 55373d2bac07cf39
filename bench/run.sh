#!/usr/bin/env bash
# Runs the Grants load driver (README, "Benchmarks"): orchestration throughput vs a do-nothing baseline, API latency
# vs GET /api/health, and entities read per entity returned for every list endpoint. Markdown on stdout, progress on
# stderr. Arguments go to the driver: [all|throughput|latency|query|export] [--apps N] [--payouts N] [--mark N] (default: all --apps 100).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund >/dev/null
dotnet build -c Release bench/Grants.Load -v q -nologo -clp:NoSummary >&2
exec dotnet bench/Grants.Load/bin/Release/net10.0/Grants.Load.dll "${@:-all}"
