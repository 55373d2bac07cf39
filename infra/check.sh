#!/usr/bin/env bash
# CI for infra/: fetches the Bicep CLI from NuGet (once, into .tools/, which git ignores), lints main.bicep and
# compiles it to .tools/arm/main.json for tests/Grants.Tests/Infra. Fails on a non-zero exit or on any diagnostic:
# bicep reports type mismatches as warnings with exit code 0, so anything on stderr counts as a failure.
set -uo pipefail
cd "$(dirname "$0")/.."

version=0.49.2
bicep=.tools/azure.bicep.commandline.linux-x64/$version/tools/bicep
if [ ! -f "$bicep" ]; then
  dotnet package download "Azure.Bicep.CommandLine.linux-x64@$version" -o .tools >/dev/null || {
    echo "infra/check.sh: could not download Azure.Bicep.CommandLine.linux-x64 $version from NuGet" >&2
    exit 1
  }
fi
chmod +x "$bicep"

mkdir -p .tools/arm
status=0
run() {
  local errors
  errors=$(mktemp)
  "$bicep" "$@" 2>"$errors"
  local code=$?
  if [ "$code" -ne 0 ] || [ -s "$errors" ]; then
    echo "infra/check.sh: bicep $1 failed (exit $code):" >&2
    cat "$errors" >&2
    status=1
  fi
  rm -f "$errors"
}
run lint infra/main.bicep
run build infra/main.bicep --outfile .tools/arm/main.json
if [ "$status" -ne 0 ]; then
  rm -f .tools/arm/main.json
  exit 1
fi
echo "infra/check.sh: bicep lint and build clean -> .tools/arm/main.json"
