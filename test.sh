#!/usr/bin/env bash
# Runs the whole OscpFleet test suite on a fresh machine with the .NET 10 SDK and Node:
# installs the Azure Storage emulator (npm), and kubectl, promtool and chromium (apt) when missing, restores NuGet packages, builds, and runs
# every test project.
# Test results (TRX) land in artifacts/test-results; extra arguments go to 'dotnet test' (e.g. --filter ...).
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -f node_modules/azurite/dist/src/table/main.js ] || [ package-lock.json -nt node_modules/.package-lock.json ] \
  || [ -n "$(find patches -newer node_modules/.package-lock.json 2>/dev/null)" ]; then
  echo "== installing Azurite (npm ci, with patches/)"
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
# The console's browser tests (tests/Integration/WebConsole) drive the system's Chromium (Debian package "chromium")
# through Playwright; no browser is ever downloaded at test time. OSCPFLEET_CHROMIUM names another executable.
if [ -z "${OSCPFLEET_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  echo "== installing chromium (apt) for the console's browser tests"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get install -y -q --no-install-recommends chromium >/dev/null 2>&1 \
    || { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q --no-install-recommends chromium >/dev/null; } \
    || echo "== could not install chromium: the console's browser tests will fail"
fi
# The deployment tests render deploy/k8s with 'kubectl kustomize'. A fresh Debian/Ubuntu machine gets kubectl the way the
# Kubernetes documentation installs it: from the Kubernetes apt repository (pkgs.k8s.io). Nothing happens when present.
if ! command -v kubectl >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "== installing kubectl (pkgs.k8s.io apt repository)"
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq apt-transport-https ca-certificates curl gpg >/dev/null
    $sudo mkdir -p -m 755 /etc/apt/keyrings
    curl -fsSL https://pkgs.k8s.io/core:/stable:/v1.32/deb/Release.key | $sudo gpg --dearmor --yes -o /etc/apt/keyrings/kubernetes-apt-keyring.gpg
    echo 'deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v1.32/deb/ /' \
      | $sudo tee /etc/apt/sources.list.d/kubernetes.list >/dev/null
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq kubectl >/dev/null
  else
    echo "== kubectl is missing and this is not a Debian/Ubuntu machine: install kubectl (the deployment tests need it)" >&2
  fi
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
  # The solution build above includes fuzz/Readers: no second build.
  FUZZ_SECONDS=$fuzz_seconds FUZZ_BUILT=1 fuzz/run.sh || status=1
fi
exit $status
