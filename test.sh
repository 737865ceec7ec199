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

# Coverage-guided fuzzing of the readers of outside bytes (fuzz/run.sh): FUZZ_SECONDS per target (default 5; 0 skips).
fuzz_seconds=${FUZZ_SECONDS:-5}
if [ "$fuzz_seconds" = "0" ]; then
  echo "== fuzzing skipped (FUZZ_SECONDS=0)"
else
  if ! command -v afl-fuzz >/dev/null; then
    echo "== installing afl++ (apt)"
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq afl++ >/dev/null || { echo "== could not install afl++"; status=1; }
  fi
  echo "== fuzzing ($fuzz_seconds s per target)"
  FUZZ_SECONDS=$fuzz_seconds fuzz/run.sh || status=1
fi
exit $status
