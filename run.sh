#!/usr/bin/env bash
# Runs OscpFleet locally on a fresh machine with the .NET 10 SDK and Node:
# installs and starts Azurite (data in .run/azurite, git-ignored), then the silo, then the gateway, then a CSMS
# simulator with two sites and their chargers (it onboards the sites, follows their limits and posts meter values
# every 10 s), then a capacity provider simulator playing Vector's test environment (peer vector_test) that sends a
# DOE every minute and logs each measurement report it receives (one a minute per site in this demo).
# Ctrl-C stops everything cleanly. Logs of each process are prefixed with its name.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

TABLE_PORT=${TABLE_PORT:-10002}        # UseDevelopmentStorage=true means 10002
SILO_URL=${SILO_URL:-http://127.0.0.1:5180}
GATEWAY_URL=${GATEWAY_URL:-http://127.0.0.1:5080}
CP_URL=${CP_URL:-http://127.0.0.1:5090}
FLEET_URL=${FLEET_URL:-http://127.0.0.1:5095}

if [ ! -f node_modules/azurite/dist/src/table/main.js ] || [ package-lock.json -nt node_modules/.package-lock.json ] \
  || [ -n "$(find patches -newer node_modules/.package-lock.json 2>/dev/null)" ]; then
  echo "== installing Azurite (npm ci, with patches/)"
  npm ci --no-audit --no-fund --loglevel=error
fi
echo "== building"
dotnet build OscpFleet.sln --configuration Debug --verbosity quiet -nologo

pids=()
azurite_pid=
stop() {
  trap - INT TERM EXIT
  echo "== stopping"
  # Newest first: the gateway, then the silo (graceful hand-over), then storage.
  # .NET processes stop gracefully on SIGTERM (SIGINT is ignored by background jobs of a script); Azurite saves its
  # on-disk data only on SIGINT, which Node handles even so.
  for ((i=${#pids[@]}-1; i>=0; i--)); do
    if [ "${pids[i]}" = "$azurite_pid" ]; then kill -INT "${pids[i]}" 2>/dev/null || true; else kill -TERM "${pids[i]}" 2>/dev/null || true; fi
    wait "${pids[i]}" 2>/dev/null || true
  done
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
azurite_pid=$!
pids+=($azurite_pid)
for _ in $(seq 1 60); do (exec 3<>"/dev/tcp/127.0.0.1/$TABLE_PORT") 2>/dev/null && break; sleep 0.5; done
echo "== azurite listening on 127.0.0.1:$TABLE_PORT"

# Fresh local credentials every run (never used anywhere else): our secret at the simulated CP, the CP's secret at
# our token endpoint, an operator secret, and the ES256 key our gateway signs tokens with.
node -e '
const c = require("crypto");
const secret = () => c.randomBytes(32).toString("base64url");
const hash = s => "sha256:" + c.createHash("sha256").update(s, "utf8").digest("hex");
const [ours, theirs, ops, csms, hook] = [secret(), secret(), secret(), secret(), secret()];
const key = c.generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" });
const q = v => "\x27" + v + "\x27";
console.log([
  "OUR_SECRET_AT_CP=" + q(ours), "CP_SECRET_AT_US=" + q(theirs), "CP_SECRET_HASH=" + q(hash(theirs)),
  "OPS_SECRET=" + q(ops), "OPS_SECRET_HASH=" + q(hash(ops)), "CSMS_SECRET=" + q(csms), "CSMS_SECRET_HASH=" + q(hash(csms)),
  "WEBHOOK_SECRET=" + q(hook), "SIGNING_KEY=" + q(key)].join("\n"));
' > .run/local-secrets.env
# shellcheck disable=SC1091
. .run/local-secrets.env

export DOTNET_ENVIRONMENT=Development ASPNETCORE_ENVIRONMENT=Development
# The peer: the simulator on $CP_URL, like Vector's test environment (OAuth both ways, fp-id / apikey / x-access-token).
export Oscp__Peers__vector_test__Profile=vector
export Oscp__Peers__vector_test__BaseUrl="$CP_URL"
export Oscp__Peers__vector_test__TokenUrl="$CP_URL/token"
export Oscp__Peers__vector_test__ClientId=oscpfleet
export Oscp__Peers__vector_test__ClientSecret="$OUR_SECRET_AT_CP"
export Oscp__Peers__vector_test__Headers__0__Name=fp-id Oscp__Peers__vector_test__Headers__0__Value=FP_LOCAL
export Oscp__Peers__vector_test__Headers__1__Name=apikey Oscp__Peers__vector_test__Headers__1__Value=local-api-key
export Oscp__Peers__vector_test__Headers__2__Name=x-access-token Oscp__Peers__vector_test__Headers__2__Value=local-access-token
export Oscp__Peers__vector_test__Inbound__ClientId=vector
export Oscp__Peers__vector_test__Inbound__ClientSecretHashes__0="$CP_SECRET_HASH"
export Oscp__Peers__vector_test__HeartbeatIntervalSeconds=10
# Measurement reports every minute (Vector's real cadence is 15 minutes), a few seconds after each period closes:
# the CP simulator's console shows "Report BUS_AUK_1 12:00–12:01: … kWh, max … kW" within a minute or two.
export Oscp__Peers__vector_test__ReportPeriodMinutes=1 Oscp__Peers__vector_test__ReportSpreadSeconds=5 Oscp__Metering__CloseGraceSeconds=10
export Oscp__Tokens__Issuer=http://127.0.0.1:5080 Oscp__Tokens__Audience=oscpfleet
export Oscp__Tokens__SigningKeys__0__Kid=local Oscp__Tokens__SigningKeys__0__PrivateKeyPem="$SIGNING_KEY"
export Oscp__Clients__ops_console__SecretHashes__0="$OPS_SECRET_HASH" Oscp__Clients__ops_console__Scopes__0=operator
export Oscp__Clients__csms__SecretHashes__0="$CSMS_SECRET_HASH" Oscp__Clients__csms__Scopes__0=csms Oscp__Clients__csms__Csms=main
# Limit webhooks go to the CSMS simulator, signed with a local secret.
export Csms__Endpoints__main__Url="$FLEET_URL/csms/limits" Csms__Endpoints__main__Secrets__0="$WEBHOOK_SECRET"
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

# The simulated CSMS: onboards two sites through the operator API, follows their limit webhooks and posts each
# charger's meter sample every 10 s (the reports to the CP are made from them).
export Simulator__Fleet__ListenUrl="$FLEET_URL" Simulator__Fleet__FleetBaseUrl="$GATEWAY_URL" Simulator__Fleet__MeterIntervalSeconds=10
export Simulator__Fleet__OperatorClientId=ops_console Simulator__Fleet__OperatorClientSecret="$OPS_SECRET"
export Simulator__Fleet__CsmsClientId=csms Simulator__Fleet__CsmsClientSecret="$CSMS_SECRET"
export Simulator__Fleet__WebhookSecrets__0="$WEBHOOK_SECRET"
export Simulator__Fleet__Sites__0__GroupId=BUS_AUK_1 Simulator__Fleet__Sites__0__PeerId=vector_test Simulator__Fleet__Sites__0__MaxImportKw=300 Simulator__Fleet__Sites__0__BaseDoeKw=150
export Simulator__Fleet__Sites__0__Chargers__0__Id=CS-001 Simulator__Fleet__Sites__0__Chargers__0__RatedKw=150
export Simulator__Fleet__Sites__0__Chargers__1__Id=CS-002 Simulator__Fleet__Sites__0__Chargers__1__RatedKw=150
export Simulator__Fleet__Sites__1__GroupId=BUS_AUK_2 Simulator__Fleet__Sites__1__PeerId=vector_test Simulator__Fleet__Sites__1__MaxImportKw=150 Simulator__Fleet__Sites__1__BaseDoeKw=100
export Simulator__Fleet__Sites__1__Chargers__0__Id=CS-101 Simulator__Fleet__Sites__1__Chargers__0__RatedKw=75
export Simulator__Fleet__Sites__1__Chargers__1__Id=CS-102 Simulator__Fleet__Sites__1__Chargers__1__RatedKw=75
(cd src/Simulator/bin/Debug/net10.0 && exec setsid dotnet OscpFleet.Simulator.dll fleet) > >(prefix csms-sim) 2>&1 &
pids+=($!)
wait_ready "$FLEET_URL/sim/fleet/state" csms-sim

# The simulated CP (Vector-like): handshakes as soon as it is up, asks for our heartbeats every 10 s, and sends
# each site a 24-hour DOE (96 x 15 min) every minute — a lively demo; Vector sends one every 15 minutes.
export Simulator__Cp__ListenUrl="$CP_URL" Simulator__Cp__FpBaseUrl="$GATEWAY_URL" Simulator__Cp__FpTokenUrl="$GATEWAY_URL/oauth/token"
export Simulator__Cp__FpClientId=vector Simulator__Cp__FpClientSecret="$CP_SECRET_AT_US"
export Simulator__Cp__ClientId=oscpfleet Simulator__Cp__ClientSecret="$OUR_SECRET_AT_CP"
export Simulator__Cp__FpId=FP_LOCAL Simulator__Cp__ApiKey=local-api-key Simulator__Cp__AccessToken=local-access-token
export Simulator__Cp__RequiredHeartbeatIntervalSeconds=10 Simulator__Cp__HandshakeOnStart=true
export Simulator__Cp__Sites__0=BUS_AUK_1 Simulator__Cp__Sites__1=BUS_AUK_2 Simulator__Cp__ForecastPeriodMinutes=1 Simulator__Cp__CapacityKw=120
(cd src/Simulator/bin/Debug/net10.0 && exec setsid dotnet OscpFleet.Simulator.dll cp) > >(prefix cp-sim) 2>&1 &
pids+=($!)

cat <<TXT
== OscpFleet is running. Ctrl-C stops it.
   gateway   $GATEWAY_URL   (/readyz, /metrics, /openapi/v1.json)
   silo      $SILO_URL   (/readyz, /metrics)
   CP sim    $CP_URL   (GET /sim/state, /sim/received, /sim/sent; POST /sim/forecasts {"groupId":"BUS_AUK_1","allZero":true})
             reports:  curl -s '$CP_URL/sim/received?kind=update_asset_measurements&accepted=true'   (each with its "summary" line)
   CSMS sim  $FLEET_URL   (GET /sim/fleet/state: each site's limit, its chargers' power and registers; GET /sim/fleet/calls?kind=meter_values)
   operator: TOKEN=\$(curl -s -d grant_type=client_credentials -d client_id=ops_console -d "client_secret=\$OPS_SECRET" $GATEWAY_URL/oauth/token | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')
             curl -s -H "Authorization: Bearer \$TOKEN" $GATEWAY_URL/api/v1/peers      (OPS_SECRET is in .run/local-secrets.env)
   console   $GATEWAY_URL/console/   sign in with client id ops_console and client secret OPS_SECRET, made fresh for this run:
             sed -n "s/^OPS_SECRET='\(.*\)'\$/\1/p" .run/local-secrets.env
TXT
wait -n "${pids[@]}" || true
echo "== a process exited; shutting the rest down" >&2
