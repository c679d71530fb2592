#!/usr/bin/env bash
# HTTP load benchmarks of BadgeForge on PostgreSQL. Every figure is printed as a ratio to a ceiling measured in the
# same run, on the same machine. How to run and what is measured: bench/README.md ("HTTP load benchmarks").
#
#   bench/http/run.sh            # exit 0 when every requirement passes, 1 when one fails, 2 on a set-up error
#
# Environment (all optional): BENCH_DURATION (seconds per measured wrk run, default 15), BENCH_WARMUP (seconds per
# warm-up run, default 10: long enough for the JIT to finish optimising the hot paths, as in a server that has been up;
# BENCH_AWARD_WARMUP, default 60, for the awards), BENCH_SIGN_SECONDS (seconds of the RSA ceiling, default 5), BENCH_PORT (API port; default a
# free one), BENCH_DB (database, default badgeforge_bench; dropped and re-created), PGPORT (default 54330: a durable cluster of its own, started under BENCH_PGROOT, default /tmp/badgeforge-pg-bench, when none answers),
# BENCH_PG_OPTIONS (extra Npgsql connection-string options for experiments, e.g. 'Max Auto Prepare=32'),
# BENCH_ONLY (comma-separated subset of award,hosted,preview,page,verify; default all: for profiling one of them).
# All load goes to 127.0.0.1 only.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
duration=${BENCH_DURATION:-15}
warmup=${BENCH_WARMUP:-10}
# Awarding runs the most distinct code (JWT, authorisation, EF query and insert, documents, signing): tiered compilation
# takes about a minute of load to finish optimising it (after 10 s, perf still found a sixth of the API's CPU in the JIT).
award_warmup=${BENCH_AWARD_WARMUP:-60}
sign_seconds=${BENCH_SIGN_SECONDS:-5}
pgport=${PGPORT:-54330}
db=${BENCH_DB:-badgeforge_bench}
only=${BENCH_ONLY:-all}
want() { [[ $only == all || ,$only, == *,$1,* ]]; }
work=$(mktemp -d /tmp/badgeforge-httpbench.XXXXXX)
api_pid=""
started=$SECONDS

log() { printf '[%3ds] %s\n' $((SECONDS - started)) "$*" >&2; }
die() { log "ERROR: $*"; exit 2; }

cleanup() {
  local rc=$?
  if [ -n "$api_pid" ] && kill -0 "$api_pid" 2>/dev/null; then
    kill "$api_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$api_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$api_pid" 2>/dev/null || true
  fi
  if [ $rc -eq 2 ] && [ -f "$work/api.log" ]; then
    echo "--- last lines of the API log ($work/api.log) ---" >&2
    tail -n 20 "$work/api.log" >&2 || true
  else
    rm -rf "$work"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- 1. Tools ---------------------------------------------------------------------------------------------------------
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v jq >/dev/null || missing+=(jq)
command -v curl >/dev/null || missing+=(curl)
command -v psql >/dev/null || missing+=(postgresql-client)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "${missing[@]}" >&2
fi

# --- 2. PostgreSQL and a fresh database ------------------------------------------------------------------------------
export PGPASSWORD=postgres PGOPTIONS="-c client_min_messages=warning"
pg() { psql -h 127.0.0.1 -p "$pgport" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
if ! pg -d postgres -c 'select 1' >/dev/null 2>&1; then
  log "starting a durable PostgreSQL cluster with .ci/start-postgres.sh"
  PGPORT=$pgport PGROOT=${BENCH_PGROOT:-/tmp/badgeforge-pg-bench} PG_DURABLE=1 "$repo/.ci/start-postgres.sh" >/dev/null
fi
# Measured as in production: the tests' cluster (port 54329) turns fsync, synchronous_commit and full_page_writes off.
durability=$(pg -d postgres -c "select string_agg(name || '=' || setting, ',' order by name) from pg_settings where name in ('fsync', 'full_page_writes', 'synchronous_commit')")
[ "$durability" = "fsync=on,full_page_writes=on,synchronous_commit=on" ] || die "PostgreSQL on port $pgport is not durable ($durability): benchmarks measure with PostgreSQL's durable defaults"
pg -d postgres -c "drop database if exists \"$db\" with (force)" >/dev/null
pg -d postgres -c "create database \"$db\"" >/dev/null
log "database $db created on 127.0.0.1:$pgport"

# --- 3. Build (Release) ----------------------------------------------------------------------------------------------
api_dll="$repo/src/BadgeForge.Api/bin/Release/net10.0/BadgeForge.Api.dll"
ceiling_dll="$here/RsaCeiling/bin/Release/net10.0/RsaCeiling.dll"
# MSBuild's own up-to-date check costs tens of seconds on a busy 2-core machine: skip it when no source is newer.
newer_than() { [ ! -f "$1" ] || [ -n "$(find "${@:2}" -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.razor' -o -name '*.json' -o -name '*.props' \) \
  -not -path '*/bin/*' -not -path '*/obj/*' -newer "$1" -print -quit)" ]; }
if newer_than "$api_dll" "$repo/src" "$repo/Directory.Build.props" "$repo/Directory.Packages.props"; then
  log "building the API in Release"
  dotnet build -c Release -nologo -v q "$repo/src/BadgeForge.Api/BadgeForge.Api.csproj" >"$work/build.log" 2>&1 \
    || { cat "$work/build.log" >&2; die "API build failed"; }
fi
if newer_than "$ceiling_dll" "$here/RsaCeiling"; then
  log "building the RSA ceiling in Release"
  dotnet build -c Release -nologo -v q "$here/RsaCeiling/RsaCeiling.csproj" >>"$work/build.log" 2>&1 \
    || { cat "$work/build.log" >&2; die "RsaCeiling build failed"; }
fi
[ -f "$api_dll" ] && [ -f "$ceiling_dll" ] || die "build output not found ($api_dll, $ceiling_dll)"

# --- 4. Start the API on a free port of 127.0.0.1 --------------------------------------------------------------------
port=${BENCH_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 5099)}
api="http://127.0.0.1:$port"
export ASPNETCORE_ENVIRONMENT=Production
export ASPNETCORE_URLS=$api
export Database__Provider=Postgres
export ConnectionStrings__BadgeForge="Host=127.0.0.1;Port=$pgport;Username=postgres;Password=postgres;Database=$db${BENCH_PG_OPTIONS:+;$BENCH_PG_OPTIONS}"
export PublicBaseUrl=$api
export Logging__LogLevel__Default=Warning
export Auth__AccessTokenMinutes=60
# The content root must be the project folder (as with `dotnet run`): appsettings.json and competency-models/.
run_api() { (cd "$repo/src/BadgeForge.Api" && exec dotnet "$api_dll" "$@"); }

admin_email=bench-admin@example.org
admin_out=$(run_api create-admin --email "$admin_email" --name "Bench Admin" 2>&1) || { echo "$admin_out" >&2; die "create-admin failed"; }
admin_otp=$(sed -n 's/^One-time password: //p' <<<"$admin_out")
[ -n "$admin_otp" ] || { echo "$admin_out" >&2; die "no one-time password in the create-admin output"; }

(cd "$repo/src/BadgeForge.Api" && exec dotnet "$api_dll") >"$work/api.log" 2>&1 &
api_pid=$!
for _ in $(seq 300); do
  curl -fsS "$api/health/ready" >/dev/null 2>&1 && break
  kill -0 "$api_pid" 2>/dev/null || die "the API exited during start-up"
  sleep 0.1
done
curl -fsS "$api/health/ready" >/dev/null || die "the API did not become ready on $api"
log "API (pid $api_pid) ready on $api"

# --- 5. Admin, organisation, trainer, one award ------------------------------------------------------------------------
post() { # post URL TOKEN JSON -> body; fails on HTTP errors, printing the problem document
  local url=$1 token=$2 body=$3 out code
  out=$(curl -sS -w '\n%{http_code}' "$url" -H 'Content-Type: application/json' -H 'Accept: application/json' \
    ${token:+-H "Authorization: Bearer $token"} -d "$body")
  code=${out##*$'\n'}
  out=${out%$'\n'*}
  [[ $code == 2* ]] || { echo "POST $url -> $code: $out" >&2; return 1; }
  printf '%s' "$out"
}
pw='bench passphrase of the platform admin'
token=$(post "$api/api/auth/token" "" "$(jq -nc --arg e "$admin_email" --arg p "$admin_otp" '{email:$e,password:$p}')" | jq -r .accessToken)
token=$(post "$api/api/auth/password" "$token" "$(jq -nc --arg o "$admin_otp" --arg p "$pw" '{currentPassword:$o,newPassword:$p}')" | jq -r .accessToken)
org=$(post "$api/api/organisations" "$token" '{
  "slug": "bench-org",
  "name": {"sl": "Zavod Bench", "en": "Bench Institute"},
  "description": {"sl": "Organizacija za meritve.", "en": "Organisation for benchmarks."},
  "url": "https://bench.example.org", "email": "info@bench.example.org"}' | jq -r .id)
[ -n "$org" ] && [ "$org" != null ] || die "no organisation id"
trainer_email=bench-trainer@example.org
member=$(post "$api/api/organisations/$org/members" "$token" \
  "$(jq -nc --arg e "$trainer_email" '{email:$e,displayName:"Bench Trainer",roles:["Trainer"]}')")
trainer_otp=$(jq -r '.oneTimePassword // .temporaryPassword // .password // empty' <<<"$member")
[ -n "$trainer_otp" ] || { echo "$member" >&2; die "no one-time password for the trainer in the members answer"; }
ttoken=$(post "$api/api/auth/token" "" "$(jq -nc --arg e "$trainer_email" --arg p "$trainer_otp" '{email:$e,password:$p}')" | jq -r .accessToken)
ttoken=$(post "$api/api/auth/password" "$ttoken" "$(jq -nc --arg o "$trainer_otp" --arg p 'bench passphrase of the trainer' '{currentPassword:$o,newPassword:$p}')" | jq -r .accessToken)
badge=initiative-leader@1.0.0/vdp.b.mladi-pobudnik
# The first award creates the organisation's signing key, so it stays out of the measurement.
award=$(post "$api/api/organisations/$org/assertions" "$ttoken" "$(jq -nc --arg b "$badge" '{badge:$b,recipientEmail:"first@example.org"}')")
assertion_url=$(jq -r '.url // .id' <<<"$award")
[[ $assertion_url == "$api"/assertions/* ]] || { echo "$award" >&2; die "unexpected assertion URL '$assertion_url'"; }
accept='application/ld+json, application/json, image/png, image/svg+xml'
ctype=$(curl -fsS -o /dev/null -w '%{content_type}' -H "Accept: $accept" "$assertion_url")
[[ $ctype == application/ld+json* || $ctype == application/json* ]] || die "hosted assertion answered '$ctype', not JSON-LD"
log "organisation $org, trainer, first award $assertion_url"

# --- 6. Measurements -----------------------------------------------------------------------------------------------
# CPU accounting, so that a skewed run can be recognised: clock ticks of the whole machine, of the API, of all
# PostgreSQL processes; the measured command's own CPU comes from /usr/bin/time when it is installed.
tick=$(getconf CLK_TCK)
ticks_of() { local t=0 p; for p in "$@"; do [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo $t; }
snap() { echo "$(date +%s.%N) $(awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat) $(ticks_of "$api_pid") $(ticks_of $(pgrep -d ' ' -u postgres postgres || true))"; }
timed() { # timed OUTFILE CMD... -> runs CMD, stdout+stderr to OUTFILE, appends "CMD_CPU_S=<user+sys seconds>" when possible
  local out=$1; shift
  if [ -x /usr/bin/time ]; then /usr/bin/time -o "$out.cpu" -f '%U %S' "$@" >"$out" 2>&1; else "$@" >"$out" 2>&1; fi
  local rc=$?
  [ -f "$out.cpu" ] && awk '{ printf "CMD_CPU_S=%.3f\n", $1 + $2 }' "$out.cpu" >>"$out"
  return $rc
}
# cpu_line BEFORE AFTER OUTFILE OK -> " api_ms=.. pg_ms=.. gen_ms=.. other_cores=.." (CPU per ok request; other_cores:
# average cores used by processes that are neither the API, PostgreSQL nor the measured command)
cpu_line() {
  local cmd; cmd=$(sed -n 's/^CMD_CPU_S=//p' "$3"); cmd=${cmd:-0}
  awk -v b="$1" -v a="$2" -v t="$tick" -v n="$4" -v c="$cmd" 'BEGIN {
    split(b, x, " "); split(a, y, " "); wall = y[1] - x[1]; n = (n > 0 ? n : 1)
    busy = (y[2] - x[2]) / t; api = (y[3] - x[3]) / t; pg = (y[4] - x[4]) / t
    other = (busy - api - pg - c) / wall; if (other < 0) other = 0
    printf " api_ms=%.3f pg_ms=%.3f gen_ms=%.3f other_cores=%.2f", api / n * 1000, pg / n * 1000, c / n * 1000, other }'
}

# wrk_run NAME LUA THREADS CONNECTIONS SECONDS URL -> prints the script's RESULT line with CPU figures appended;
# the full output stays in $work.
wrk_run() {
  local name=$1 script=$2 threads=$3 conns=$4 secs=$5 url=$6 before after res
  case $url in http://127.0.0.1:*) ;; *) die "refusing to load anything but 127.0.0.1 ($url)";; esac
  before=$(snap)
  timed "$work/$name.txt" wrk -t"$threads" -c"$conns" -d"${secs}s" --timeout 10s --latency -s "$here/$script" "$url" \
    || { cat "$work/$name.txt" >&2; die "wrk $name failed"; }
  after=$(snap)
  kill -0 "$api_pid" 2>/dev/null || die "the API (pid $api_pid) is gone after wrk $name: killed from outside? See $work/api.log"
  res=$(grep '^RESULT ' "$work/$name.txt") || { cat "$work/$name.txt" >&2; die "wrk $name printed no RESULT"; }
  echo "$res$(cpu_line "$before" "$after" "$work/$name.txt" "$(sed 's/.*ok=\([0-9]*\).*/\1/' <<<"$res")")"
}
field() { sed -n "s/.*\b$2=\([^ ]*\).*/\1/p" <<<"$1"; }
rate() { awk -v n="$(field "$1" ok)" -v s="$(field "$1" seconds)" 'BEGIN { printf "%.1f", n / s }'; }

export BENCH_TOKEN=$ttoken BENCH_ORG=$org BENCH_BADGE=$badge

# Ceiling 1: raw RSA-2048 RS256 signatures on two threads, with the API idle. Measured just before and just after the
# awards' measured run, and their mean used: on a shared machine the signing rate drifts by a fifth within a minute.
sign_ceiling() { # -> "rate other_cores"
  local before after rate
  before=$(snap)
  timed "$work/sign.txt" dotnet "$ceiling_dll" 2 "$sign_seconds" || { cat "$work/sign.txt" >&2; die "RsaCeiling failed"; }
  after=$(snap)
  rate=$(sed -n 's/^rsa2048_sign_per_s=//p' "$work/sign.txt")
  [ -n "$rate" ] || { cat "$work/sign.txt" >&2; die "no signing rate"; }
  echo "$rate $(field "$(cpu_line "$before" "$after" "$work/sign.txt" 1)" other_cores)"
}

if want verify; then
# 6a'. Ceiling 3: raw RSA-2048 RS256 signature verifications on one thread (the API is idle meanwhile).
log "ceiling 3: raw RSA-2048 RS256 verification on 1 thread for ${sign_seconds}s"
before=$(snap)
timed "$work/verify-ceiling.txt" dotnet "$ceiling_dll" 1 "$sign_seconds" verify || { cat "$work/verify-ceiling.txt" >&2; die "RsaCeiling verify failed"; }
after=$(snap)
verify_ceiling=$(sed -n 's/^rsa2048_verify_per_s=//p' "$work/verify-ceiling.txt")
[ -n "$verify_ceiling" ] || { cat "$work/verify-ceiling.txt" >&2; die "no verification rate"; }
verify_ceiling_other=$(field "$(cpu_line "$before" "$after" "$work/verify-ceiling.txt" 1)" other_cores)

fi

if want award; then
# 6b. Awards: 8 concurrent clients.
log "awards: warm-up ${award_warmup}s, ceiling 1 (signing on 2 threads, ${sign_seconds}s), wrk -t2 -c8 -d${duration}s, ceiling 1 again"
BENCH_RUN=warm$$ wrk_run award-warmup award.lua 2 8 "$award_warmup" "$api/api/organisations/$org/assertions" >/dev/null
read -r sign_before sign_other_before <<<"$(sign_ceiling)"
[ -n "$sign_before" ] || die "RsaCeiling failed"
award_res=$(BENCH_RUN=run$$ wrk_run award award.lua 2 8 "$duration" "$api/api/organisations/$org/assertions")
read -r sign_after sign_other_after <<<"$(sign_ceiling)"
[ -n "$sign_after" ] || die "RsaCeiling failed"
grep '^FIRST_FAILURE' "$work/award.txt" >&2 || true
award_rate=$(rate "$award_res")
sign_rate=$(awk -v a="$sign_before" -v b="$sign_after" 'BEGIN { printf "%.1f", (a + b) / 2 }')
sign_other=$(awk -v a="$sign_other_before" -v b="$sign_other_after" 'BEGIN { printf "%.2f", (a > b ? a : b) }')
log "ceiling 1: $sign_before signatures/s before the awards, $sign_after after"

fi

if want hosted || want page; then
# 6c. Ceiling 2: trivial JSON endpoint of the same app; then the hosted assertion.
log "GETs: warm-up ${warmup}s each, then wrk -t2 -c64 -d${duration}s on /health/live and on the hosted assertion"
wrk_run live-warmup get.lua 2 64 "$warmup" "$api/health/live" >/dev/null
wrk_run hosted-warmup get.lua 2 64 "$warmup" "$assertion_url" >/dev/null
live_res=$(wrk_run live get.lua 2 64 "$duration" "$api/health/live")
hosted_res=$(wrk_run hosted get.lua 2 64 "$duration" "$assertion_url")
live_rate=$(rate "$live_res")
hosted_rate=$(rate "$hosted_res")

fi

if want preview; then
# 6d. Trainings: the award preview of a 30-learner run of the AS programme (3 modules, group and individual sessions,
# every badge that counts the programme evaluated for every learner), one client at a time: the latency a trainer sees.
log "seeding a 30-learner training run (as-aktiviraj-se@1.0.0, as.program)"
day() { date -u -d "$1 days ago" +%Y-%m-%d; }
run_url="$api/api/organisations/$org/trainings"
run_id=$(post "$run_url" "$ttoken" "$(jq -nc --arg s "$(day 120)" '{model:"as-aktiviraj-se@1.0.0",trainingId:"as.program",title:"Bench run",startsOn:$s}')" | jq -r .id)
[ -n "$run_id" ] && [ "$run_id" != null ] || die "no training run id"
run_url="$run_url/$run_id"
learners=$(jq -nc '[range(30) | {email: "learner\(.)@bench.example.org", displayName: "Learner \(.)", consentRecords: true}]')
post "$run_url/enrolments" "$ttoken" "$(jq -nc --argjson l "$learners" '{learners:$l}')" >/dev/null
sessions=()
for m in 1 2 3; do
  for k in $(seq 0 7); do
    sessions+=("$(post "$run_url/sessions" "$ttoken" "$(jq -nc --arg t "$(day $((100 - m * 30 + k * 3)))T15:00:00Z" --arg mod "m$m" \
      '{startsAt:$t,plannedMinutes:180,moduleId:$mod}')" | jq -r .id)")
  done
done
records=$(for i in $(seq 0 29); do
  j=0
  for s in "${sessions[@]}"; do
    j=$((j + 1))
    if (( (i + j) % 7 == 0 )); then status='"Absent"'; extra='';
    elif (( (i * j) % 11 == 0 )); then status='"Justified"'; extra=',"reason":"bolezen"';
    elif (( (i + j) % 5 == 0 )); then status='"Present"'; extra=',"minutes":150';
    else status='"Present"'; extra=''; fi
    printf '{"sessionId":"%s","email":"learner%d@bench.example.org","status":%s%s}\n' "$s" "$i" "$status" "$extra"
  done
  for m in 1 2 3; do
    for k in 0 1; do
      sid=$(post "$run_url/sessions" "$ttoken" "$(jq -nc --arg t "$(day $((99 - m * 30 + k * 7)))T09:00:00Z" --arg mod "m$m" \
        --arg e "learner$i@bench.example.org" '{startsAt:$t,plannedMinutes:60,mode:"Individual",moduleId:$mod,scheduledFor:$e}')" | jq -r .id)
      (( (i + k) % 4 == 0 )) && st='"Absent"' || st='"Present"'
      printf '{"sessionId":"%s","email":"learner%d@bench.example.org","status":%s}\n' "$sid" "$i" "$st"
    done
  done
done | jq -sc '{records: .}')
post "$run_url/attendance" "$ttoken" "$records" >/dev/null
for i in $(seq 0 2 29); do
  post "$run_url/assessments" "$ttoken" "$(jq -nc --arg e "learner$i@bench.example.org" \
    '{email:$e,competenceId:"as.so.komunikacija",indicatorIds:["1a","1b"],method:"Observation"}')" >/dev/null
done
entries=$(curl -fsS -H "Authorization: Bearer $ttoken" "$run_url/preview" | jq '.entries | length') || die "preview failed"
log "run $run_id: 30 learners, $((${#sessions[@]} + 180)) sessions, $entries learner-badge entries in the preview"
log "preview: warm-up ${warmup}s, then wrk -t1 -c1 -d${duration}s"
wrk_run preview-warmup preview.lua 1 1 "$warmup" "$run_url/preview" >/dev/null
preview_res=$(wrk_run preview preview.lua 1 1 "$duration" "$run_url/preview")
preview_rate=$(rate "$preview_res")

fi

if want page; then
# 6e. The verification page a phone gets after scanning the QR code (same URL, a browser's Accept header).
log "verification page: warm-up ${warmup}s, then wrk -t2 -c64 -d${duration}s"
export BENCH_ACCEPT='text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' BENCH_ACCEPT_LANGUAGE='sl-SI,sl;q=0.9,en;q=0.8'
ptype=$(curl -fsS -o /dev/null -w '%{content_type}' -H "Accept: $BENCH_ACCEPT" "$assertion_url")
[[ $ptype == text/html* ]] || die "the verification page answered '$ptype', not HTML"
wrk_run page-warmup get.lua 2 64 "$warmup" "$assertion_url" >/dev/null
page_res=$(wrk_run page get.lua 2 64 "$duration" "$assertion_url")
unset BENCH_ACCEPT BENCH_ACCEPT_LANGUAGE
page_rate=$(rate "$page_res")

fi

if want verify; then
# 6f. The verify API on one of our own signed assertions (its key, issuer and revocation list are our documents).
BENCH_JWS=$(curl -fsS "$assertion_url/jws")
export BENCH_JWS
curl -fsS "$api/api/verify" -H 'Content-Type: application/json' -d "$(jq -nc --arg j "$BENCH_JWS" '{jws:$j}')" | jq -e '.status == "valid"' >/dev/null \
  || die "the verify API does not find our own JWS valid"
log "verify API: warm-up ${warmup}s, then wrk -t2 -c8 -d${duration}s"
wrk_run verify-warmup verify.lua 2 8 "$warmup" "$api/api/verify" >/dev/null
verify_res=$(wrk_run verify verify.lua 2 8 "$duration" "$api/api/verify")
grep '^FIRST_FAILURE' "$work/verify.txt" >&2 || true
verify_rate=$(rate "$verify_res")

fi

# --- 7. Summary --------------------------------------------------------------------------------------------------------
# Only the measured parts are summarised (BENCH_ONLY).
: "${sign_rate:=0}" "${sign_other:=0}" "${verify_ceiling:=0}" "${verify_ceiling_other:=0}" "${award_rate:=0}" "${award_res:=}"
: "${live_rate:=0}" "${live_res:=}" "${hosted_rate:=0}" "${hosted_res:=}" "${preview_rate:=0}" "${preview_res:=}" "${entries:=0}"
: "${page_rate:=0}" "${page_res:=}" "${verify_rate:=0}" "${verify_res:=}"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
award_ratio=$(ratio "$award_rate" "$sign_rate")
hosted_ratio=$(ratio "$hosted_rate" "$live_rate")
hosted_p99=$(field "$hosted_res" p99_ms)
page_ratio=$(ratio "$page_rate" "$live_rate")
page_p99=$(field "$page_res" p99_ms)
verify_ratio=$(ratio "$verify_rate" "$verify_ceiling")

row() { # row LABEL RATE RESULT RATIO
  local f=() k v
  for k in p50_ms p99_ms failed api_ms pg_ms other_cores; do v=$(field "$3" $k); f+=("${v:--}"); done
  printf '| %-46s | %9s | %7s | %7s | %6s | %7s | %7s | %6s | %6s |\n' "$1" "$2" "${f[@]}" "$4"
}
echo
echo "BadgeForge HTTP benchmarks on PostgreSQL, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ), ${duration}s per run"
echo "(api/pg ms: CPU milliseconds per successful request in the API and in all PostgreSQL processes; other: average"
echo " cores used meanwhile by processes outside this benchmark)"
echo
printf '| %-46s | %9s | %7s | %7s | %6s | %7s | %7s | %6s | %6s |\n' run "ok/s" "p50 ms" "p99 ms" failed "api ms" "pg ms" other ratio
echo "|------------------------------------------------|----------:|--------:|--------:|-------:|--------:|--------:|-------:|-------:|"
want award && row "ceiling 1: raw RSA-2048 RS256 sign, 2 threads" "$sign_rate" "other_cores=$sign_other" 1.000
want award && row "POST assertions, wrk -t2 -c8" "$award_rate" "$award_res" "$award_ratio"
{ want hosted || want page; } && row "ceiling 2: GET /health/live, wrk -t2 -c64" "$live_rate" "$live_res" 1.000
want hosted && row "GET hosted assertion (JSON-LD), wrk -t2 -c64" "$hosted_rate" "$hosted_res" "$hosted_ratio"
preview_p50=$(field "$preview_res" p50_ms)
preview_p99=$(field "$preview_res" p99_ms)
want preview && row "GET preview, 30-learner run, wrk -t1 -c1" "$preview_rate" "$preview_res" "$(ratio "$preview_p99" 100)"
want page && row "GET verification page (HTML), wrk -t2 -c64" "$page_rate" "$page_res" "$page_ratio"
want verify && row "ceiling 3: raw RSA-2048 RS256 verify, 1 thread" "$verify_ceiling" "other_cores=$verify_ceiling_other" 1.000
want verify && row "POST verify API, own JWS, wrk -t2 -c8" "$verify_rate" "$verify_res" "$verify_ratio"
echo
busy_max=$(printf '%s\n' "$sign_other" "$verify_ceiling_other" "$(field "$award_res" other_cores)" "$(field "$live_res" other_cores)" \
  "$(field "$hosted_res" other_cores)" "$(field "$preview_res" other_cores)" "$(field "$page_res" other_cores)" "$(field "$verify_res" other_cores)" | sort -g | tail -n 1)
if ge "$busy_max" 0.2; then
  echo "WARNING: other processes used up to $busy_max of $(nproc) cores during a measurement: ceilings and loads did not see the same machine, so the ratios are skewed. Re-run on an idle machine."
  echo
fi

status=0
errors_of() { echo $(( $(field "$1" failed) + $(field "$1" socket_errors) )); }
if want award; then
  if ge "$award_ratio" 0.25 && [ "$(errors_of "$award_res")" -eq 0 ]; then verdict=PASS; else verdict=FAIL; status=1; fi
  echo "REQUIREMENT 1 $verdict: 8 concurrent clients issue $award_rate assertions/s = $(awk -v r="$award_ratio" 'BEGIN{printf "%.1f", r*100}') % of the two-thread RSA-2048 signing rate ($sign_rate/s); required >= 25 %, $(errors_of "$award_res") errors."
fi
if want hosted; then
  if ge "$hosted_ratio" 0.25 && lt "$hosted_p99" 25 && [ "$(errors_of "$hosted_res")" -eq 0 ]; then verdict=PASS; else verdict=FAIL; status=1; fi
  echo "REQUIREMENT 2 $verdict: hosted assertion GET serves $hosted_rate req/s = $(awk -v r="$hosted_ratio" 'BEGIN{printf "%.1f", r*100}') % of /health/live ($live_rate req/s), p99 $hosted_p99 ms; required >= 25 % and p99 < 25 ms, $(errors_of "$hosted_res") errors."
fi
if want preview; then
  if lt "$preview_p99" 100 && [ "$(errors_of "$preview_res")" -eq 0 ]; then verdict=PASS; else verdict=FAIL; status=1; fi
  echo "REQUIREMENT 3 $verdict: preview of a 30-learner run ($entries learner-badge entries) answers in p50 $preview_p50 ms = $(ratio "$preview_p50" 100) and p99 $preview_p99 ms = $(ratio "$preview_p99" 100) of the 100 ms target; required p99 < 100 ms, $(errors_of "$preview_res") errors."
fi
if want page; then
  if ge "$page_ratio" 0.15 && lt "$page_p99" 40 && [ "$(errors_of "$page_res")" -eq 0 ]; then verdict=PASS; else verdict=FAIL; status=1; fi
  echo "REQUIREMENT 4 $verdict: verification page GET serves $page_rate req/s = $(awk -v r="$page_ratio" 'BEGIN{printf "%.1f", r*100}') % of /health/live ($live_rate req/s), p99 $page_p99 ms; required >= 15 % and p99 < 40 ms, $(errors_of "$page_res") errors."
fi
if want verify; then
  if ge "$verify_ratio" 0.5 && [ "$(errors_of "$verify_res")" -eq 0 ]; then verdict=PASS; else verdict=FAIL; status=1; fi
  echo "REQUIREMENT 5 $verdict: the verify API answers $verify_rate verifications/s of one of our own JWS, posted again and again (repeats within Verification__ResultCacheSeconds come from the result cache; set it to 0 to measure full checks) = $(awk -v r="$verify_ratio" 'BEGIN{printf "%.1f", r*100}') % of the one-thread RSA-2048 verify rate ($verify_ceiling/s); required >= 50 %, $(errors_of "$verify_res") errors."
fi
log "done in $((SECONDS - started)) s"
exit $status
