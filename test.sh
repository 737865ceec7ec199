#!/usr/bin/env bash
# Runs the whole OscpFleet test suite on a fresh machine with the .NET 10 SDK and Node:
# installs the Azure Storage emulator (npm), restores NuGet packages, builds, and runs every test project.
# Test results (TRX) land in artifacts/test-results; extra arguments go to 'dotnet test' (e.g. --filter ...).
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -f node_modules/azurite/dist/src/table/main.js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== installing Azurite (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# promtool (Debian package "prometheus") checks and unit-tests the alert rules in deploy/observability (AlertRuleTests).
if ! command -v promtool >/dev/null 2>&1; then
  echo "== installing promtool (apt: prometheus)"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get install -y -q --no-install-recommends prometheus >/dev/null 2>&1 \
    || { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q --no-install-recommends prometheus >/dev/null; } \
    || echo "== could not install promtool: the alert-rule tests will fail"
fi

echo "== restoring and building"
dotnet restore OscpFleet.sln --verbosity quiet
dotnet build OscpFleet.sln --no-restore --configuration Release --verbosity quiet -nologo

echo "== testing"
rm -rf artifacts/test-results
status=0
# One project at a time, each writing its own TRX file (names cannot collide; .ci/run sums them). Only test projects
# (<IsTestProject>true</IsTestProject>): tests/Testing is the shared harness, a plain class library.
for project in $(grep -l '<IsTestProject>true</IsTestProject>' $(find tests -name '*.csproj') | sort); do
  name=$(basename "$project" .csproj)
  echo "== $name"
  dotnet test "$project" --no-build --configuration Release \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory artifacts/test-results "$@" || status=1
done
exit $status
