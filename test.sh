#!/usr/bin/env bash
# Runs every test of every test project (unit, storage on Azurite, orchestration, end-to-end, browser), then prints
# one line "N passed, N failed, N skipped" totalled from the TRX results. Browser screenshots: TestResults/screenshots.
# ./test.sh --fast runs only the unit tests (sub-second each, the whole run well under 30 s after a build).
set -uo pipefail
cd "$(dirname "$0")"
{ [ -x node_modules/.bin/azurite ] && [ -x node_modules/.bin/eslint ]; } || npm ci --no-audit --no-fund || exit 1
# The portal first: ESLint's recommended rules, then the unit tests of its core with node's own test runner.
node_modules/.bin/eslint . || exit 1
node --test portal/test/ || exit 1
# The browser tests drive Debian's Chromium (never a downloaded one) and show Japanese, so they need a Japanese font.
# (grep reads the whole list: with -q it could stop early, and under pipefail fc-list's broken pipe made the font look missing.)
if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -i ipagothic >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get -o DPkg::Lock::Timeout=900 update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=900 install -y -qq chromium fonts-ipafont-gothic >/dev/null || { echo "Could not install chromium with apt-get." >&2; exit 1; }
fi
# --fast: only the tests tagged [Trait("Kind", "Unit")] (no Azurite, no durable host, no browser), against the last
# build, and the Bicep is compiled again only when a .bicep file is newer than the ARM template the tests read.
kinds=()
if [ "${1:-}" = "--fast" ]; then
  shift
  kinds=(--no-build --filter Kind=Unit)
fi
if [ ${#kinds[@]} -eq 0 ] || [ ! -f .tools/arm/main.json ] || [ -n "$(find infra -name '*.bicep' -newer .tools/arm/main.json)" ]; then
  ./infra/check.sh || exit 1
fi
rm -rf TestResults
dotnet test Grants.sln --logger trx --results-directory TestResults "${kinds[@]}" "$@"
status=$?
counters=$(cat TestResults/*.trx 2>/dev/null | grep -o '<Counters [^>]*>')
sum() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' | awk '{ s += $1 } END { print s + 0 }'; }
passed=$(sum passed)
failed=$(( $(sum failed) + $(sum error) + $(sum timeout) + $(sum aborted) ))
skipped=$(sum notExecuted)
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "No test ran." >&2
  exit 1
fi
exit "$status"
