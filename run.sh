#!/usr/bin/env bash
# Runs OscpFleet locally on a fresh machine with the .NET 10 SDK and Node:
# installs and starts Azurite (data in .run/azurite, git-ignored), then the silo, then the gateway.
# Ctrl-C stops everything cleanly. Logs of each process are prefixed with its name.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

TABLE_PORT=${TABLE_PORT:-10002}        # UseDevelopmentStorage=true means 10002
SILO_URL=${SILO_URL:-http://127.0.0.1:5180}
GATEWAY_URL=${GATEWAY_URL:-http://127.0.0.1:5080}

if [ ! -f node_modules/azurite/dist/src/table/main.js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== installing Azurite (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
echo "== building"
dotnet build OscpFleet.sln --configuration Debug --verbosity quiet -nologo

pids=()
stop() {
  trap - INT TERM EXIT
  echo "== stopping"
  # Newest first: the gateway, then the silo (graceful hand-over), then storage.
  for ((i=${#pids[@]}-1; i>=0; i--)); do kill -TERM "${pids[i]}" 2>/dev/null || true; wait "${pids[i]}" 2>/dev/null || true; done
  echo "== stopped"
  exit 0
}
trap stop INT TERM EXIT

# Children run in their own session (setsid) so Ctrl-C reaches only this script, which then stops them in order:
# storage must outlive the silo, or the silo hangs leaving the cluster. The log prefixers ignore the signal and
# end when their process closes its output.
prefix() { trap '' INT TERM; exec sed -u "s/^/[$1] /"; }
wait_ready() { # url name
  for _ in $(seq 1 120); do
    if node -e "fetch('$1').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"; then echo "== $2 ready ($1)"; return 0; fi
    sleep 0.5
  done
  echo "== $2 did not become ready at $1" >&2; exit 1
}

mkdir -p .run/azurite
setsid node node_modules/azurite/dist/src/table/main.js --silent --skipApiVersionCheck --loose --disableTelemetry \
  --location .run/azurite --tableHost 127.0.0.1 --tablePort "$TABLE_PORT" > >(prefix azurite) 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do (exec 3<>"/dev/tcp/127.0.0.1/$TABLE_PORT") 2>/dev/null && break; sleep 0.5; done
echo "== azurite listening on 127.0.0.1:$TABLE_PORT"

export DOTNET_ENVIRONMENT=Development ASPNETCORE_ENVIRONMENT=Development
# A fresh cluster id per run: a silo that crashed last time leaves a membership row that would slow the next start.
# State and reminders are keyed by the service id, which stays the same, so nothing is lost between runs.
export Cluster__ClusterId="local-$(date +%s)"
export Storage__TableConnectionString="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$TABLE_PORT/devstoreaccount1;"

(cd src/Silo/bin/Debug/net10.0 && exec setsid dotnet OscpFleet.Silo.dll --urls "$SILO_URL") > >(prefix silo) 2>&1 &
pids+=($!)
wait_ready "$SILO_URL/readyz" silo

(cd src/Gateway/bin/Debug/net10.0 && exec setsid dotnet OscpFleet.Gateway.dll --urls "$GATEWAY_URL") > >(prefix gateway) 2>&1 &
pids+=($!)
wait_ready "$GATEWAY_URL/readyz" gateway

echo "== OscpFleet is running: gateway $GATEWAY_URL (try $GATEWAY_URL/readyz), silo $SILO_URL. Ctrl-C stops it."
wait -n "${pids[@]}" || true
echo "== a process exited; shutting the rest down" >&2
